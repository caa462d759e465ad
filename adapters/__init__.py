"""Platform adapters (Slack, Discord, console), the scheduler runtime and the composition root."""
