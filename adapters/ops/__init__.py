"""Operations: health and readiness, Prometheus metrics, structured logs, start-up
retries and `inroads doctor` — what a platform team needs to run Inroads unattended."""
