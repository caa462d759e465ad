"""How journal records read in replies (one place, so every command shows them alike)."""

from __future__ import annotations

from datetime import datetime

from bot.domain import Contact, Interview
from bot.timeparse import format_local

NOTE_LIMIT = 2_800  # Slack sections hold 3,000 characters; leave room for the label.


def shorten(text: str, limit: int = NOTE_LIMIT) -> str:
    """Cut long text for display only; the stored text stays whole."""
    if len(text) <= limit:
        return text
    return text[: limit - 60].rstrip() + f"… (cut for display; {len(text):,} characters kept)"


def contact_label(contact: Contact) -> str:
    extra = ", ".join(p for p in (contact.role, contact.company) if p)
    return f"{contact.name} ({extra})" if extra else contact.name


def interview_when(interview: Interview) -> datetime | None:
    return (
        interview.held_at
        or interview.scheduled_at
        or interview.requested_at
        or interview.created_at
    )


def interview_line(interview: Interview, contact: Contact | None, timezone: str) -> str:
    who = contact_label(contact) if contact else "(contact removed)"
    when = format_local(interview_when(interview), timezone)
    medium = f" · {interview.medium}" if interview.medium else ""
    return f"#{interview.number} {who} · {interview.status} · {when}{medium}"
