"""The moves of one conversation: requested → scheduled → held → thanked.

Every command that changes an interview's status goes through these methods, so the
checks (a thank-you after the conversation, a held time not before the ask) and the
events that reminders follow are the same whichever command made the move. A refused
move raises :class:`~bot.errors.TransitionError` whose message names the command that
fits, and changes nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.errors import TransitionError
from bot.lifecycle.events import (
    EventRecorder,
    InterviewDeleted,
    InterviewEdited,
    InterviewHeld,
    InterviewRequested,
    InterviewScheduled,
    InterviewThanked,
)
from bot.states import InterviewStatus

REQUESTED = InterviewStatus.REQUESTED.value
SCHEDULED = InterviewStatus.SCHEDULED.value
HELD = InterviewStatus.HELD.value
THANKED = InterviewStatus.THANKED.value
OPEN_STATUSES = (REQUESTED, SCHEDULED)
DONE_STATUSES = (HELD, THANKED)
#: A held time a minute before the ask is a typo-free "right after I asked", not a lie.
SLACK = timedelta(minutes=1)


def _local(moment: datetime | None, tz: str) -> str:
    # Imported here: the domain module imports this one, and the date reader is heavy.
    from bot.timeparse import format_local

    return format_local(moment, tz)


class InterviewLifecycle(EventRecorder):
    """Transitions of :class:`bot.domain.Interview` (its fields are declared there)."""

    id: int | None
    number: int | None
    status: str
    scheduled_at: datetime | None
    held_at: datetime | None
    requested_at: datetime | None
    thanked_at: datetime | None
    updated_at: datetime | None

    @property
    def is_open(self) -> bool:
        """Asked for or planned, not yet held: the conversation is still ahead."""
        return self.status in OPEN_STATUSES

    def request(self, *, at: datetime) -> None:
        """The ask went out. A request asked again keeps its first date (the funnel
        and the follow-up count from it); a planned or held one can't be asked again."""
        if self.status != REQUESTED:
            raise TransitionError(
                f"Interview #{self.number} is already {self.status}, "
                "so it can't be asked for again.",
                hint="For a second conversation with the same person, plan a new one.",
                example=f"interview show {self.number}",
            )
        if self.requested_at is None:
            self.requested_at = at
        self.updated_at = at
        self._record(InterviewRequested(self))  # type: ignore[arg-type]

    def schedule(self, at: datetime, *, now: datetime, tz: str = "UTC") -> None:
        """A time was agreed, or moved. Only a conversation still ahead can be planned."""
        if self.status not in OPEN_STATUSES:
            raise TransitionError(
                f"Interview #{self.number} was already held ({_local(self.held_at, tz)}).",
                hint="To correct when it happened, edit it; for another talk, plan a new one.",
                example=f'interview edit {self.number} when:"yesterday 3pm"',
            )
        previous = self.scheduled_at if self.status == SCHEDULED else None
        self.status = SCHEDULED
        self.scheduled_at = at
        self.updated_at = now
        self._record(InterviewScheduled(self, previous))  # type: ignore[arg-type]

    def hold(self, held_at: datetime, *, now: datetime, tz: str = "UTC") -> None:
        """The conversation happened at `held_at`. Held earlier than planned, the plan
        is dropped, so nothing shows a time it did not happen at."""
        self.check_can_hold(tz=tz)
        if self.requested_at is not None and held_at < self.requested_at - SLACK:
            raise TransitionError(
                f"{_local(held_at, tz)} is before you asked for the conversation "
                f"({_local(self.requested_at, tz)}).",
                hint="Give the time it actually happened, or leave `when:` out for now.",
                example=f"interview done {self.number}",
            )
        if self.scheduled_at is not None and held_at < self.scheduled_at:
            self.scheduled_at = None
        self.status = HELD
        self.held_at = held_at
        self.updated_at = now
        self._record(InterviewHeld(self))  # type: ignore[arg-type]

    def check_can_hold(self, *, tz: str = "UTC") -> None:
        """Refuse `hold` before reading its time: "already held" is the useful answer."""
        if self.status in DONE_STATUSES:
            raise TransitionError(
                f"Interview #{self.number} is already {self.status} ({_local(self.held_at, tz)}).",
                hint="To add notes or fix the time, edit it.",
                example=f'interview edit {self.number} notes:"..."',
            )

    def thank(self, at: datetime, *, now: datetime, tz: str = "UTC") -> None:
        """The thank-you went out at `at` (never before the conversation)."""
        if self.status == THANKED:
            raise TransitionError(
                f"You already sent the thank-you for interview #{self.number} "
                f"({_local(self.thanked_at, tz)}).",
                example=f"interview show {self.number}",
            )
        if self.status != HELD or self.held_at is None:
            raise TransitionError(
                f"Interview #{self.number} is still {self.status}: a thank-you comes after the "
                "conversation.",
                hint="Mark it done first, then thanked.",
                example=f"interview done {self.number}",
            )
        self._after_the_talk(at, self.held_at, tz)
        self.status = THANKED
        self.thanked_at = at
        self.updated_at = now
        self._record(InterviewThanked(self))  # type: ignore[arg-type]

    def correct_thanked_time(self, at: datetime, *, now: datetime, tz: str = "UTC") -> None:
        """Fix when the thank-you went out (recorded late, it was stamped with the moment
        it was noted). Still after the conversation; nothing else follows from it."""
        if self.status != THANKED or self.held_at is None:
            raise TransitionError(
                f"Interview #{self.number} has no thank-you recorded yet.",
                example=f"interview thanked {self.number}",
            )
        self._after_the_talk(at, self.held_at, tz)
        self.thanked_at = at
        self.updated_at = now

    def _after_the_talk(self, at: datetime, held_at: datetime, tz: str) -> None:
        """A thank-you can't have gone out before the conversation it thanks for."""
        if at < held_at:
            raise TransitionError(
                f"{_local(at, tz)} is before the conversation itself ({_local(held_at, tz)}).",
                example=f'interview thanked {self.number} when:"today 9am"',
            )

    def correct_held_time(self, held_at: datetime, *, now: datetime, tz: str = "UTC") -> None:
        """Fix when a past conversation happened: still after the ask, before the thanks."""
        if self.status not in DONE_STATUSES:
            raise TransitionError(
                f"Interview #{self.number} hasn't happened yet.",
                example=f"interview done {self.number}",
            )
        if self.thanked_at is not None and held_at > self.thanked_at:
            raise TransitionError(
                f"{_local(held_at, tz)} is after your thank-you was sent "
                f"({_local(self.thanked_at, tz)}).",
                example=f'interview edit {self.number} when:"yesterday 3pm"',
            )
        if self.requested_at is not None and held_at < self.requested_at - SLACK:
            raise TransitionError(
                f"{_local(held_at, tz)} is before you asked for the conversation "
                f"({_local(self.requested_at, tz)}).",
                example=f'interview edit {self.number} when:"yesterday 3pm"',
            )
        self.held_at = held_at
        self.edited(now=now)

    def edited(self, *, now: datetime) -> None:
        """Details changed (notes, medium, length): reminders re-read the interview."""
        self.updated_at = now
        self._record(InterviewEdited(self))  # type: ignore[arg-type]

    def discard(self) -> None:
        """About to be deleted: its reminders go with it."""
        self._record(InterviewDeleted(self))  # type: ignore[arg-type]
