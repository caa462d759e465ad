"""The moves of one reminder: pending → (claimed → sent) → done, or cancelled.

The owner's moves (snooze, done, skip, cancel) go through these methods, whatever
button or command made them, so a done thank-you nudge has the same effect as
`interview thanked` (see :mod:`bot.lifecycle.rules`). Clearing the claim token means a
dispatcher still holding the row can no longer settle it over the owner's choice.
"""

from __future__ import annotations

from datetime import datetime

from bot.errors import TransitionError
from bot.lifecycle.events import (
    EventRecorder,
    ReminderCancelled,
    ReminderDone,
    ReminderSnoozed,
)
from bot.states import ReminderStatus

PENDING = ReminderStatus.PENDING.value
FINISHED = (ReminderStatus.DONE.value, ReminderStatus.CANCELLED.value)


class ReminderLifecycle(EventRecorder):
    """Transitions of :class:`bot.domain.Reminder` (its fields are declared there)."""

    id: int | None
    number: int | None
    kind: str
    status: str
    due_at: datetime
    attempts: int
    last_error: str
    not_before: datetime | None
    claim_token: str | None
    claimed_until: datetime | None
    sending_since: datetime | None
    late: bool

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def is_pending(self) -> bool:
        return self.status == PENDING

    def _refuse_if_finished(self) -> None:
        if self.finished:
            raise TransitionError(
                f"Check-in #{self.number} is already {self.status}.",
                hint="Add a new one instead.",
                example='checkin add "Jane Doe" "next Friday 9am" "Ask about the team"',
            )

    def _release_claim(self) -> None:
        # The in-flight mark goes too: it means "an earlier send of this very nudge may
        # have arrived", and after the owner's move the next send is a new one.
        self.claim_token = None
        self.claimed_until = None
        self.sending_since = None

    def snooze(self, until: datetime) -> None:
        """Back to pending at `until`, with a fresh count of delivery attempts."""
        self._refuse_if_finished()
        self.status = PENDING
        self.due_at = until
        self.attempts = 0
        self.last_error = ""
        self.not_before = None
        self.late = False
        self._release_claim()
        self._record(ReminderSnoozed(self))  # type: ignore[arg-type]

    def move(self, due: datetime) -> None:
        """The lifecycle moved a pending nudge (its interview was rescheduled)."""
        if self.due_at != due:
            self.due_at = due
            self.not_before = None
            self.attempts = 0
            self.sending_since = None

    def done(self) -> None:
        self._refuse_if_finished()
        self.status = ReminderStatus.DONE.value
        self._release_claim()
        self._record(ReminderDone(self))  # type: ignore[arg-type]

    def cancel(self, *, by_person: bool = True) -> None:
        """Skipped or cancelled by its owner, or ended because it no longer fits
        (a "no reply yet?" nudge once the conversation is planned)."""
        self._refuse_if_finished()
        self.status = ReminderStatus.CANCELLED.value
        self._release_claim()
        self._record(ReminderCancelled(self, by_person))  # type: ignore[arg-type]
