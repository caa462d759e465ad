"""The reminders outbox: users manage rows; the dispatcher claims and settles them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.domain import Actor, Reminder


class ReminderRepository(Protocol):
    async def add(self, reminder: Reminder) -> Reminder: ...

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
        self, now: datetime, *, limit: int, lease_seconds: float, token: str
    ) -> Sequence[Reminder]:
        """Atomically claim up to `limit` due reminders (pending, or claimed with an
        expired lease) for this dispatcher; no two callers ever get the same row."""
        ...
