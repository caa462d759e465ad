"""Outreach: personal requests for a conversation, their quality check, and follow-ups."""
