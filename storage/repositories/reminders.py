"""The reminders outbox, including the atomic claim the dispatcher relies on."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, or_, select, update

from bot.domain import Actor, Reminder, ReminderStatus
from bot.ports.reminders import Settlement
from storage import tables
from storage.repositories.base import SqlRepository, owned_by

_t = tables.reminders
_PENDING = ReminderStatus.PENDING.value
_CLAIMED = ReminderStatus.CLAIMED.value


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
            owned_by(_t, owner), _t.c.contact_id == contact_id, order_by=[_t.c.due_at, _t.c.id]
        )

    async def list_for_interview(self, owner: Actor, interview_id: int) -> Sequence[Reminder]:
        return await self._many(
            owned_by(_t, owner),
            _t.c.interview_id == interview_id,
            order_by=[_t.c.due_at, _t.c.id],
        )

    async def claim_due(
        self, now: datetime, *, limit: int, lease_seconds: float, token: str
    ) -> Sequence[Reminder]:
        """One UPDATE over a locked sub-select: on PostgreSQL ``FOR UPDATE SKIP LOCKED``
        lets concurrent dispatchers take disjoint batches without waiting (a row another
        transaction claimed meanwhile fails the re-checked WHERE); SQLite runs writers one
        at a time, so the same conditional statement is atomic there too."""
        due = or_(
            and_(
                _t.c.status == _PENDING,
                _t.c.due_at <= now,
                or_(_t.c.not_before.is_(None), _t.c.not_before <= now),
            ),
            and_(_t.c.status == _CLAIMED, _t.c.claimed_until < now),
        )
        candidates = select(_t.c.id).where(due).order_by(_t.c.due_at, _t.c.id).limit(limit)
        if self.session.bind is not None and self.session.bind.dialect.name == "postgresql":
            candidates = candidates.with_for_update(skip_locked=True)
        await self.session.execute(
            update(_t)
            .where(_t.c.id.in_(candidates.scalar_subquery()), due)
            .values(
                status=_CLAIMED,
                claim_token=token,
                claimed_until=now + timedelta(seconds=lease_seconds),
                attempts=_t.c.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        result = await self.session.execute(
            select(Reminder)
            .where(_t.c.claim_token == token, _t.c.status == _CLAIMED)
            .order_by(_t.c.due_at, _t.c.id)
            .execution_options(populate_existing=True)
        )
        return result.scalars().all()

    async def settle(self, token: str, settlements: Sequence[Settlement]) -> set[int]:
        """Token-guarded updates: a row re-claimed by someone else, or changed by its
        owner meanwhile (done, snoozed), is left alone."""
        changed: set[int] = set()
        for item in settlements:
            values: dict[str, Any] = {
                "status": item.status,
                "claim_token": None,
                "claimed_until": None,
                "last_error": item.last_error[:500],
                "not_before": item.not_before,
            }
            if item.status == ReminderStatus.SENT.value:
                values.update(sent_at=item.sent_at, late=item.late, message_ref=item.message_ref)
            if item.attempts_delta:
                values["attempts"] = _t.c.attempts + item.attempts_delta
            result = await self.session.execute(
                update(_t)
                .where(
                    _t.c.id == item.reminder_id, _t.c.claim_token == token, _t.c.status == _CLAIMED
                )
                .values(**values)
                .execution_options(synchronize_session=False)
            )
            if getattr(result, "rowcount", 0) == 1:
                changed.add(item.reminder_id)
        return changed

    async def release_deferred(self, owner: Actor) -> int:
        result = await self.session.execute(
            update(_t)
            .where(owned_by(_t, owner), _t.c.status == _PENDING, _t.c.not_before.is_not(None))
            .values(not_before=None)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)
