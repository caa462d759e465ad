"""One chunk of the request sweep, for any table a :class:`SweepSpec` describes.

Set-based: one read of the due ids, two guarded UPDATEs that return only the rows they
changed (a second replica sweeping at the same moment changes none of them again), and
one bulk INSERT of the outbox rows, numbered per owner with one counter upsert sent as
batched multi-row statements. So 100,000 waiting requests cost a few statements, not
100,000 round trips. On PostgreSQL each step is one statement
(storage/repositories/request_sweep_sql.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import ReminderKind, ReminderStatus
from bot.ports.requests import SweepResult
from storage import tables
from storage.engine import dialect_name
from storage.numbering import NOTICE
from storage.repositories.request_sweep_sql import SweepSpec, sweep_sql


async def sweep_chunk(
    session: AsyncSession, spec: SweepSpec, now: datetime, *, limit: int
) -> SweepResult:
    """Up to `limit` of the table's due requests moved on, with their outbox rows."""
    if dialect_name(session) == "postgresql":
        return await _in_one_statement_each(session, spec, now, limit)
    t = spec.table
    due = await session.execute(
        select(t.c.id, t.c.expires_at)
        .where(t.c.next_check_at.is_not(None), t.c.next_check_at <= now)
        .order_by(t.c.next_check_at)
        .limit(limit)
    )
    expiring: list[int] = []
    nudging: list[int] = []
    for request_id, expires_at in due.all():
        late = expires_at is not None and expires_at <= now
        (expiring if late else nudging).append(request_id)
    rows: list[dict[str, Any]] = []
    expired: Sequence[Any] = ()
    if expiring:
        gone = await session.execute(
            update(t)
            .where(t.c.id.in_(expiring), t.c.status.in_(spec.waiting), t.c.expires_at <= now)
            .values({t.c.status: spec.expired, t.c[spec.closed]: now, t.c.next_check_at: None})
            .returning(t.c.id, t.c.platform, t.c.workspace_id, t.c[spec.seeker])
            .execution_options(synchronize_session=False)
        )
        expired = gone.all()
        rows += [_outbox(p, w, u, spec.news, spec.news_text(i), now) for i, p, w, u in expired]
    nudged: Sequence[Any] = ()
    if nudging:
        moved = await session.execute(
            update(t)
            .where(
                t.c.id.in_(nudging),
                t.c.status == spec.open,
                t.c.reminded_at.is_(None),
                t.c.next_check_at <= now,
            )
            .values(reminded_at=now, next_check_at=t.c.expires_at)
            .returning(t.c.id, t.c.platform, t.c.workspace_id, t.c[spec.helper])
            .execution_options(synchronize_session=False)
        )
        nudged = moved.all()
        rows += [_outbox(p, w, u, spec.nudge, spec.nudge_text(i), now) for i, p, w, u in nudged]
    if rows:
        await _number(session, rows)
        await session.execute(insert(tables.reminders), rows)
    return SweepResult(reminded=len(nudged), expired=len(expired))


async def _in_one_statement_each(
    session: AsyncSession, spec: SweepSpec, now: datetime, limit: int
) -> SweepResult:
    """PostgreSQL: each step is one statement (data-modifying CTEs): lock the due rows
    (SKIP LOCKED: a replica sweeping at the same moment takes others), move them, raise
    each owner's counter once and write the numbered outbox rows, with nothing
    travelling to Python and back: two statements per chunk instead of a few hundred
    thousand parameters."""
    found = []
    for sql in sweep_sql(spec):
        params = {"now": now, "limit": limit, "pending": ReminderStatus.PENDING.value}
        result = await session.execute(text(sql), params)
        found.append(len(result.all()))
        limit -= found[-1]
    return SweepResult(reminded=found[1], expired=found[0])


async def _number(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    """Each outbox row's per-person number: one counter upsert per chunk of owners."""
    owners: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for row in rows:
        owners.setdefault((row["platform"], row["workspace_id"], row["user_id"]), []).append(row)
    t = tables.owner_counters
    dialect = dialect_name(session)
    maker = postgresql.insert if dialect == "postgresql" else sqlite.insert
    upsert = maker(t)
    # Executed with a list of parameter sets: SQLAlchemy sends them as batched
    # multi-row statements ("insertmanyvalues") from one cached compile, with
    # RETURNING, instead of compiling a 5,000-row VALUES clause every time.
    stmt = upsert.on_conflict_do_update(
        index_elements=[t.c.platform, t.c.workspace_id, t.c.user_id, t.c.kind],
        set_={"last": t.c.last + upsert.excluded.last},
    ).returning(t.c.platform, t.c.workspace_id, t.c.user_id, t.c.last)
    params = [
        {"platform": p, "workspace_id": w, "user_id": u, "kind": NOTICE, "last": len(owned)}
        for (p, w, u), owned in owners.items()
    ]
    for p, w, u, last in (await session.execute(stmt, params)).all():
        owned = owners[(p, w, u)]
        for offset, row in enumerate(owned):
            # Messages, not check-ins: they count down (storage/numbering.py, NOTICE).
            row["number"] = -(int(last) - len(owned) + 1 + offset)


def _outbox(
    platform: str, workspace_id: str, user_id: str, kind: ReminderKind, text: str, now: datetime
) -> dict[str, Any]:
    return {
        "platform": platform,
        "workspace_id": workspace_id,
        "user_id": user_id,
        "kind": kind.value,
        "due_at": now,
        "text": text,
        "status": ReminderStatus.PENDING.value,
        "created_at": now,
    }
