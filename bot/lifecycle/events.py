"""Domain events: what happened to a conversation, a contact or a reminder.

Transitions record them on the object they changed (:class:`EventRecorder`); the bus
pulls them and hands them to the listeners in the same transaction. Events hold the
object itself, not a copy, so a listener always sees its current state (and its id,
which a new row only gets when it is added).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bot.domain import Contact, Interview, Reminder


@dataclass(frozen=True, eq=False)
class InterviewEvent:
    interview: Interview


@dataclass(frozen=True, eq=False)
class InterviewRequested(InterviewEvent):
    """The ask went out (or went out again, as a nudge)."""


@dataclass(frozen=True, eq=False)
class InterviewScheduled(InterviewEvent):
    """A time was agreed; `previous` is the time it replaced when it was moved."""

    previous: datetime | None = None


@dataclass(frozen=True, eq=False)
class InterviewHeld(InterviewEvent):
    """The conversation happened (marked done, or logged afterwards)."""


@dataclass(frozen=True, eq=False)
class InterviewThanked(InterviewEvent):
    pass


@dataclass(frozen=True, eq=False)
class InterviewEdited(InterviewEvent):
    """Details changed without a move (notes, medium, a corrected time)."""


@dataclass(frozen=True, eq=False)
class InterviewDeleted(InterviewEvent):
    pass


@dataclass(frozen=True, eq=False)
class ContactInteracted:
    """Something new happened with a contact at `at`: keep-in-touch counts from it."""

    contact: Contact
    at: datetime


@dataclass(frozen=True, eq=False)
class KeepInTouchChanged:
    """The person stopped or restarted keep-in-touch nudges for a contact."""

    contact: Contact


@dataclass(frozen=True, eq=False)
class ReminderEvent:
    reminder: Reminder


@dataclass(frozen=True, eq=False)
class ReminderDone(ReminderEvent):
    """The person did what the reminder asked (a thank-you sent, a catch-up made)."""


@dataclass(frozen=True, eq=False)
class ReminderSnoozed(ReminderEvent):
    """The person asked to be reminded again later (a pending nudge, or a sent one revived)."""


@dataclass(frozen=True, eq=False)
class ReminderCancelled(ReminderEvent):
    """Skipped or cancelled by its owner (`by_person`), or ended by the lifecycle."""

    by_person: bool = True


DomainEvent = InterviewEvent | ContactInteracted | KeepInTouchChanged | ReminderEvent

_EVENTS = "_lifecycle_events"


class EventRecorder:
    """Keeps the events a domain object recorded until the bus pulls them.

    The list lives in the instance dictionary, created on first use, because the ORM
    builds loaded objects without calling ``__init__`` (a dataclass field would be
    missing on them) and the attribute must not become a column.
    """

    def _record(self, event: DomainEvent) -> None:
        state: dict[str, Any] = self.__dict__
        state.setdefault(_EVENTS, []).append(event)

    def pull_events(self) -> list[DomainEvent]:
        """The recorded events, oldest first; the object forgets them."""
        state: dict[str, Any] = self.__dict__
        events: list[DomainEvent] = state.pop(_EVENTS, [])
        return events
