"""The APScheduler runtime: the reminders dispatcher job and other recurring jobs."""
