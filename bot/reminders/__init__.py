"""Check-ins and DM reminders: cadence rules, quiet hours, commands and the dispatcher."""
