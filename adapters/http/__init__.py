"""The one HTTP server of a process: Slack events/OAuth, health, readiness, metrics."""
