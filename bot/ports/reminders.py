"""The reminders outbox: users manage rows; the dispatcher claims and settles them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.domain import Actor, Reminder


@dataclass(frozen=True, slots=True)
class Settlement:
    """How one claimed reminder ends its delivery attempt.

    Applied only while the row is still claimed by the same token, so a dispatcher whose
    lease expired (and whose row another dispatcher re-claimed) cannot overwrite the result.
    `attempts_delta=-1` hands back the attempt the claim counted when nothing was tried
    (quiet hours, paused user, rate limit).
    """

    reminder_id: int
    status: str
    sent_at: datetime | None = None
    late: bool = False
    message_ref: str = ""
    last_error: str = ""
    not_before: datetime | None = None
    attempts_delta: int = 0


class ReminderRepository(Protocol):
    async def add(self, reminder: Reminder) -> Reminder: ...

    async def add_all(self, reminders: Sequence[Reminder]) -> None:
        """Schedule several at once. They are written with the unit of work's next write
        (at the latest its commit), batched into one statement; ids are set then."""
        ...

    async def get(self, owner: Actor, reminder_id: int) -> Reminder | None: ...

    async def list(
        self, owner: Actor, *, statuses: Sequence[str] | None = None
    ) -> Sequence[Reminder]:
        """The owner's reminders, soonest first."""
        ...

    async def list_for_contact(self, owner: Actor, contact_id: int) -> Sequence[Reminder]: ...

    async def list_for_interview(self, owner: Actor, interview_id: int) -> Sequence[Reminder]: ...

    async def delete(self, reminder: Reminder) -> None: ...

    async def claim_due(
        self,
        now: datetime,
        *,
        limit: int,
        lease_seconds: float,
        token: str,
        owner: Actor | None = None,
    ) -> Sequence[Reminder]:
        """Atomically claim up to `limit` due reminders (pending and not deferred past
        `now`, or claimed with an expired lease) for this dispatcher; no two callers ever
        get the same row. Each claim counts one attempt. With `owner`, only that person's
        reminders: a console delivers its own user's, others wait for their own console."""
        ...

    async def settle(self, token: str, settlements: Sequence[Settlement]) -> set[int]:
        """Apply results to rows still claimed by `token`; returns the ids it changed."""
        ...

    async def release_deferred(self, owner: Actor) -> int:
        """Clear dispatcher deferrals of the owner's pending rows (e.g. after unpausing)."""
        ...
