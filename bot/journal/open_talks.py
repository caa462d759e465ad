"""Which conversation an `interview log` records: an open one it completes, or a new one.

A log names a person, not a conversation. When a talk with them was planned and its time
has come, or was asked for and is still unanswered, the log is that talk happening:
recorded as a new conversation, the plan would wait forever, counted twice in the
funnel, and `interview outcome 1` would name the empty plan instead of the talk. A plan
still ahead may be the talk held early, or another one: the person is asked (a button to
remove it), never guessed for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain import Contact, Interview, InterviewStatus
from bot.timeparse import format_local

#: A plan whose time came at most this long ago is the talk a log without `when:` records.
PLANNED_REACH = timedelta(days=14)
#: With `when:`, a plan this close to that time is the talk (a day's slip either way
#: happens: moved at the last minute, logged with the wrong "yesterday").
PLANNED_NEAR = timedelta(days=2)

REQUESTED = InterviewStatus.REQUESTED.value
SCHEDULED = InterviewStatus.SCHEDULED.value


@dataclass(frozen=True, slots=True)
class LoggedTalk:
    """The open conversation a log completes, and when the talk was held."""

    interview: Interview
    held_at: datetime
    #: It was planned (not only asked for) before this log.
    was_planned: bool = False
    #: The held time is the plan's, because the log gave none.
    from_plan: bool = False


def open_talk_logged(
    theirs: Sequence[Interview], *, given: datetime | None, now: datetime
) -> LoggedTalk | None:
    """The contact's open conversation this log records, if any. `given` is the log's
    `when:` (None: it gave none, and a plan's own time is taken over `now`)."""
    planned = _planned_talk(theirs, given=given, now=now)
    if planned is not None and planned.scheduled_at is not None:
        at = given or planned.scheduled_at
        return LoggedTalk(planned, at, was_planned=True, from_plan=given is None)
    held_at = given or now
    asked = _open_request(theirs, held_at)
    return None if asked is None else LoggedTalk(asked, held_at)


def _planned_talk(
    theirs: Sequence[Interview], *, given: datetime | None, now: datetime
) -> Interview | None:
    """A plan whose time has come: the one nearest `given`, or the latest within reach."""
    due = [
        i
        for i in theirs
        if i.status == SCHEDULED and i.scheduled_at is not None and i.scheduled_at <= now
    ]
    if given is not None:
        near = [i for i in due if abs((i.scheduled_at or now) - given) <= PLANNED_NEAR]
        return min(near, key=lambda i: abs((i.scheduled_at or now) - given), default=None)
    recent = [i for i in due if now - (i.scheduled_at or now) <= PLANNED_REACH]
    return max(recent, key=lambda i: (i.scheduled_at or now, i.id or 0), default=None)


def _open_request(theirs: Sequence[Interview], held_at: datetime) -> Interview | None:
    """Of the contact's talks, the latest request still unanswered and asked before
    `held_at` (a talk before the ask was another one)."""
    asked = [i for i in theirs if i.status == REQUESTED]
    before = [i for i in asked if i.requested_at is None or i.requested_at <= held_at]
    return max(before, key=lambda i: (i.requested_at or held_at, i.id or 0), default=None)


def became_note(talk: LoggedTalk, contact: Contact) -> str:
    """What the reply says when a log completed an open conversation."""
    number = talk.interview.number
    if talk.from_plan:
        return (
            f"\nThis was your planned talk #{number} with {contact.name}: it is now held, "
            "at the time you planned. Held at another time? "
            f'`interview edit {number} when:"yesterday 3pm"`'
        )
    if talk.was_planned:
        return f"\nThis was your planned talk #{number} with {contact.name}: it is now held."
    return (
        f"\nYour request to {contact.name} became this conversation: no more follow-up "
        "nudges for it."
    )


def still_planned(theirs: Sequence[Interview], now: datetime) -> list[Interview]:
    """Of the contact's talks, those still planned for later: a log while one waits may
    be that talk, held early, and its prep nudges would otherwise still come."""
    waiting = [i for i in theirs if i.status == SCHEDULED]
    return sorted(
        (i for i in waiting if i.scheduled_at is not None and i.scheduled_at > now),
        key=lambda i: i.scheduled_at or now,
    )


def planned_note(contact: Contact, planned: list[Interview], timezone: str) -> str:
    if not planned:
        return ""
    first = planned[0]
    when = format_local(first.scheduled_at, timezone) if first.scheduled_at else "later"
    return (
        f"You also have interview #{first.number} with {contact.name} planned for {when}; "
        "it stays planned. If this was that talk, remove the planned one "
        f"(`interview delete {first.number}`) and its prep nudges go with it."
    )
