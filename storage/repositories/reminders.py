"""The reminders outbox, including the atomic claim the dispatcher relies on."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select, update

from bot.domain import Actor, Reminder, ReminderStatus
from storage import tables
from storage.repositories.base import SqlRepository, owned_by

_t = tables.reminders


class SqlReminderRepository(SqlRepository[Reminder]):
    model = Reminder
    table = _t

    async def get(self, owner: Actor, reminder_id: int) -> Reminder | None:
        return await self._owned_by_id(owner, reminder_id)

    async def list(
        self, owner: Actor, *, statuses: Sequence[str] | None = None
    ) -> Sequence[Reminder]:
        conditions = [owned_by(_t, owner)]
        if statuses is not None:
            conditions.append(_t.c.status.in_(list(statuses)))
        return await self._many(*conditions, order_by=[_t.c.due_at, _t.c.id])

    async def list_for_contact(self, owner: Actor, contact_id: int) -> Sequence[Reminder]:
        return await self._many(
            owned_by(_t, owner), _t.c.contact_id == contact_id, order_by=[_t.c.due_at]
        )

    async def list_for_interview(self, owner: Actor, interview_id: int) -> Sequence[Reminder]:
        return await self._many(
            owned_by(_t, owner), _t.c.interview_id == interview_id, order_by=[_t.c.due_at]
        )

    async def claim_due(
        self, now: datetime, *, limit: int, lease_seconds: float, token: str
    ) -> Sequence[Reminder]:
        """One UPDATE over a locked sub-select: on PostgreSQL ``FOR UPDATE SKIP LOCKED``
        lets concurrent dispatchers take disjoint batches without waiting; SQLite runs
        writers one at a time, so the same statement is atomic there too."""
        due = or_(
            and_(_t.c.status == ReminderStatus.PENDING.value, _t.c.due_at <= now),
            and_(_t.c.status == ReminderStatus.CLAIMED.value, _t.c.claimed_until < now),
        )
        candidates = select(_t.c.id).where(due).order_by(_t.c.due_at, _t.c.id).limit(limit)
        if self.session.bind is not None and self.session.bind.dialect.name == "postgresql":
            candidates = candidates.with_for_update(skip_locked=True)
        await self.session.execute(
            update(_t)
            .where(_t.c.id.in_(candidates.scalar_subquery()))
            .values(
                status=ReminderStatus.CLAIMED.value,
                claim_token=token,
                claimed_until=now + timedelta(seconds=lease_seconds),
                attempts=_t.c.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        result = await self.session.execute(
            select(Reminder)
            .where(_t.c.claim_token == token, _t.c.status == ReminderStatus.CLAIMED.value)
            .order_by(_t.c.due_at, _t.c.id)
            .execution_options(populate_existing=True)
        )
        return result.scalars().all()
