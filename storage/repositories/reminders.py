"""The reminders outbox, including the atomic claim the dispatcher relies on."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, case, select, update

from bot.domain import Actor, Reminder, ReminderStatus
from bot.ports.reminders import ClaimLimits, Settlement
from bot.states import ROUND_MESSAGE_KINDS
from storage import inserts, numbering, tables
from storage.direct import Direct
from storage.engine import dialect_name
from storage.repositories.base import (
    SqlRepository,
    kept,
    owned_by,
    owned_by_params,
    owner_params,
)
from storage.repositories.reminder_claims import claimable, fair_candidates

_t = tables.reminders
_PENDING = ReminderStatus.PENDING.value
_CLAIMED = ReminderStatus.CLAIMED.value


def _is_sent(item: Settlement) -> bool:
    return item.status == ReminderStatus.SENT.value


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

    async def add_all(self, reminders: Sequence[Reminder]) -> None:
        # One person's new check-ins on PostgreSQL: one statement, numbers and all.
        if await inserts.insert_all_new(self.session, reminders):
            return
        # Otherwise no flush here: the next one (at the latest the commit) sends every
        # pending reminder of the unit of work as a single multi-row INSERT.
        await numbering.assign(self.session, reminders)  # one upsert per owner
        self.session.add_all(reminders)

    async def list_for_contact(self, owner: Actor, contact_id: int) -> Sequence[Reminder]:
        query = kept(
            type(self),
            "for_contact",
            lambda: (
                select(Reminder)
                .where(owned_by_params(_t), _t.c.contact_id == bindparam("contact_id"))
                .order_by(_t.c.due_at, _t.c.id)
            ),
        )
        values = owner_params(owner, contact_id=contact_id)
        return (await self.session.execute(query, values)).scalars().all()

    async def list_round_messages(
        self, platform: str, workspace_id: str, round_key: str
    ) -> Sequence[Reminder]:
        return await self._many(
            _t.c.platform == platform,
            _t.c.workspace_id == workspace_id,
            _t.c.kind.in_(sorted(ROUND_MESSAGE_KINDS)),
            _t.c.text == round_key,
            order_by=[_t.c.id],
        )

    async def list_for_interview(self, owner: Actor, interview_id: int) -> Sequence[Reminder]:
        return await self._many(
            owned_by(_t, owner),
            _t.c.interview_id == interview_id,
            order_by=[_t.c.due_at, _t.c.id],
        )

    async def claim_due(
        self,
        now: datetime,
        *,
        limit: int,
        lease_seconds: float,
        token: str,
        owner: Actor | None = None,
        limits: ClaimLimits | None = None,
    ) -> Sequence[Reminder]:
        """Claim a fair batch in one transaction.

        First pick the ids (:func:`fair_candidates`: round-robin over workspaces and
        people, each workspace within its quota). PostgreSQL then locks those of them
        no concurrent dispatcher holds, with ``SELECT ... FOR UPDATE SKIP LOCKED``
        (without waiting), and a guarded ``UPDATE`` claims exactly the locked ones, so
        two claimers never share a row; a claimer that loses the race for some ids
        simply claims fewer this time. SQLite runs writers one at a time and the
        ``UPDATE`` re-checks that each row is still claimable, so a row another process
        claimed in between is left alone."""
        limits = limits or ClaimLimits(per_workspace=limit)
        dialect = self._dialect()
        params: dict[str, Any] = {}
        if owner is not None:
            # One person's own reminders (a console): nobody else to be fair to.
            cap = min(limit, limits.quota((owner.platform, owner.workspace_id)))
            if cap <= 0:
                return []
            picking: Any = (
                select(_t.c.id)
                .where(owned_by(_t, owner), claimable(_t, now))
                .order_by(_t.c.due_at, _t.c.id)
                .limit(cap)
            )
        else:
            picking, params = fair_candidates(now, limit=limit, limits=limits, dialect=dialect)
        chosen = list((await self.session.execute(picking, params)).scalars())
        if chosen and dialect == "postgresql":
            locked = await self.session.execute(
                select(_t.c.id)
                .where(_t.c.id.in_(chosen), claimable(_t, now))
                .with_for_update(skip_locked=True)
            )
            chosen = list(locked.scalars())
        if not chosen:
            return []
        await self.session.execute(
            update(_t)
            .where(_t.c.id.in_(chosen), claimable(_t, now))
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
            # This claim's rows only, not every row the token still holds from before.
            .where(_t.c.id.in_(chosen), _t.c.claim_token == token, _t.c.status == _CLAIMED)
            .order_by(_t.c.due_at, _t.c.id)
            .execution_options(populate_existing=True)
        )
        return result.scalars().all()

    async def pending_due(
        self, owner: Actor, *, before: datetime
    ) -> Sequence[tuple[int, datetime]]:
        query = kept(
            type(self),
            "pending_due",
            lambda: Direct(
                select(_t.c.id, _t.c.due_at).where(
                    owned_by_params(_t), _t.c.status == _PENDING, _t.c.due_at < bindparam("before")
                )
            ),
        )
        rows = await query.rows(self.session, owner_params(owner, before=before))
        return [(rid, due) for rid, due in rows]

    def _dialect(self) -> str:
        return dialect_name(self.session)

    async def settle(self, token: str, settlements: Sequence[Settlement]) -> set[int]:
        """Token-guarded updates: a row re-claimed by someone else, or changed by its
        owner meanwhile (done, snoozed), is left alone.

        On PostgreSQL a group is settled in three round trips whatever its size: lock the
        rows still claimed by `token`, then one pipelined executemany per kind of result.
        SQLite has no network round trips, so a guarded UPDATE per row is just as cheap.
        """
        if not settlements:
            return set()
        if self._dialect() != "postgresql":
            return await self._settle_each(token, settlements)
        ids = [item.reminder_id for item in settlements]
        locked = set(
            (
                await self.session.execute(
                    select(_t.c.id)
                    .where(_t.c.id.in_(ids), _t.c.claim_token == token, _t.c.status == _CLAIMED)
                    .with_for_update()
                )
            ).scalars()
        )
        sent = [self._params(i) for i in settlements if i.reminder_id in locked and _is_sent(i)]
        other = [
            self._params(i) for i in settlements if i.reminder_id in locked and not _is_sent(i)
        ]
        for rows, with_sent in ((sent, True), (other, False)):
            if not rows:
                continue
            values: dict[str, Any] = {
                "status": bindparam("b_status"),
                "claim_token": None,
                "claimed_until": None,
                # Back to pending keeps the in-flight mark (that send may have arrived).
                "sending_since": case(
                    (bindparam("b_status") == _PENDING, _t.c.sending_since), else_=None
                ),
                "last_error": bindparam("b_error"),
                "not_before": bindparam("b_not_before"),
                "attempts": _t.c.attempts + bindparam("b_delta"),
            }
            if with_sent:
                values.update(
                    sent_at=bindparam("b_sent_at"),
                    late=bindparam("b_late"),
                    message_ref=bindparam("b_ref"),
                )
            statement = update(_t).where(_t.c.id == bindparam("b_id")).values(**values)
            await self.session.execute(statement, rows)
        return locked

    @staticmethod
    def _params(item: Settlement) -> dict[str, Any]:
        return {
            "b_id": item.reminder_id,
            "b_status": item.status,
            "b_error": item.last_error[:500],
            "b_not_before": item.not_before,
            "b_delta": item.attempts_delta,
            "b_sent_at": item.sent_at,
            "b_late": item.late,
            "b_ref": item.message_ref,
        }

    async def _settle_each(self, token: str, settlements: Sequence[Settlement]) -> set[int]:
        changed: set[int] = set()
        for item in settlements:
            values: dict[str, Any] = {
                "status": item.status,
                "claim_token": None,
                "claimed_until": None,
                "last_error": item.last_error[:500],
                "not_before": item.not_before,
            }
            if item.status != _PENDING:
                values["sending_since"] = None
            if _is_sent(item):
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

    async def mark_in_flight(self, token: str, ids: Sequence[int], at: datetime) -> set[int]:
        if not ids:
            return set()
        held = (_t.c.id.in_(list(ids)), _t.c.claim_token == token, _t.c.status == _CLAIMED)
        await self.session.execute(
            update(_t)
            .where(*held, _t.c.sending_since.is_(None))
            .values(sending_since=at)
            .execution_options(synchronize_session=False)
        )
        # Rows marked by an earlier, unsettled attempt keep that older time: the check
        # after a crash must look back to the first send that may have arrived.
        result = await self.session.execute(select(_t.c.id).where(*held))
        return set(result.scalars())

    async def extend_claim(self, token: str, until: datetime) -> int:
        result = await self.session.execute(
            update(_t)
            .where(_t.c.claim_token == token, _t.c.status == _CLAIMED)
            .values(claimed_until=until)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def release_deferred(self, owner: Actor) -> int:
        result = await self.session.execute(
            update(_t)
            .where(owned_by(_t, owner), _t.c.status == _PENDING, _t.c.not_before.is_not(None))
            .values(not_before=None)
            .execution_options(synchronize_session=False)
        )
        return int(getattr(result, "rowcount", 0) or 0)
