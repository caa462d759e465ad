"""Calendar files (.ics) for planned interviews.

The UID is derived from the interview's owner and number, so re-sending the file after a
reschedule updates the same calendar entry instead of adding a second one; SEQUENCE grows
with each change so calendar apps accept the update. Times are written in UTC (the
``Z`` form), which every calendar app converts to the reader's own zone.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from bot.domain import Contact, Interview
from bot.reply import Attachment

PRODID = "-//Inroads//Informational interviews//EN"
SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


def interview_uid(interview: Interview) -> str:
    """Stable per interview (its owner and per-person number); hashes the owner so the
    file reveals no internal ids."""
    owner = f"{interview.platform}|{interview.workspace_id}|{interview.user_id}"
    digest = hashlib.sha256(owner.encode()).hexdigest()[:16]
    return f"interview-{interview.number}-{digest}@inroads"


def interview_ics(interview: Interview, contact: Contact, *, now: datetime) -> bytes:
    if interview.scheduled_at is None:
        raise ValueError("only a scheduled interview has a calendar entry")
    start = interview.scheduled_at.astimezone(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", interview_uid(interview))
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=interview.duration_minutes))
    event.add("summary", f"Informational interview with {contact.name}")
    details = [p for p in (contact.role, contact.company) if p]
    description = [f"With {contact.name}" + (f" ({', '.join(details)})" if details else "")]
    if interview.medium:
        description.append(f"Medium: {interview.medium}")
    description.append(f"Afterwards: interview done {interview.number}")
    event.add("description", "\n".join(description))
    if interview.medium:
        event.add("location", interview.medium)
    changed = interview.updated_at or interview.created_at or now
    # Seconds since 2024 fit SEQUENCE's 32-bit integer until 2092 and grow on every edit.
    event.add("sequence", max(0, int((changed - SEQUENCE_EPOCH).total_seconds())))
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def ics_attachment(interview: Interview, contact: Contact, *, now: datetime) -> Attachment:
    return Attachment(
        filename=f"interview-{interview.number}.ics",
        content=interview_ics(interview, contact, now=now),
        mime_type="text/calendar",
        title=f"Informational interview with {contact.name}",
    )
