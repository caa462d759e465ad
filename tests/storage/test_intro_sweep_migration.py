"""Migration 0017 puts introduction requests already open on the sweep's clock, on SQLite
and PostgreSQL: each gets a reminder time three days and an expiry five days after it
was made, answered ones stay off the clock, and the next sweep moves them on (the one
forgotten for ten days expires at once, its seeker told; a four-day-old one is
reminded). Downgrading drops the columns and keeps the rows.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.bootstrap import build_services
from bot.directory.requests_sweep import sweep_requests
from bot.domain import Actor
from storage.engine import session_factory
from storage.migrate import downgrade, upgrade
from storage.types import UTCDateTime
from storage.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock, RecordingNotifier

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
SEEKER = Actor("slack", "T1", "U1", "Seeker")
#: (id, status, days before the upgrade it was made)
ROWS = [(1, "open", 10), (2, "open", 4), (3, "open", 1), (4, "accepted", 10)]

_at_0016 = sa.table(
    "intro_requests",
    sa.column("id", sa.Integer()),
    sa.column("platform", sa.String()),
    sa.column("workspace_id", sa.String()),
    sa.column("user_id", sa.String()),
    sa.column("member_id", sa.String()),
    sa.column("company", sa.String()),
    sa.column("company_key", sa.String()),
    sa.column("reason", sa.String()),
    sa.column("status", sa.String()),
    sa.column("created_at", UTCDateTime()),
)


async def _clock(engine: AsyncEngine) -> dict[int, tuple[datetime | None, datetime | None]]:
    t = sa.table(
        "intro_requests",
        sa.column("id", sa.Integer()),
        sa.column("expires_at", UTCDateTime()),
        sa.column("next_check_at", UTCDateTime()),
    )
    async with engine.connect() as conn:
        rows = await conn.execute(sa.select(t.c.id, t.c.expires_at, t.c.next_check_at))
        return {int(i): (e, n) for i, e, n in rows.all()}


async def test_0017_puts_open_requests_on_the_sweeps_clock(engine: AsyncEngine) -> None:
    await downgrade(engine, "0016")
    async with engine.begin() as conn:
        await conn.execute(
            sa.insert(_at_0016),
            [
                {
                    "id": rid,
                    "platform": SEEKER.platform,
                    "workspace_id": SEEKER.workspace_id,
                    "user_id": SEEKER.user_id,
                    "member_id": f"M{rid}",
                    "company": "Acme",
                    "company_key": "acme",
                    "reason": "A reason long enough to send",
                    "status": status,
                    "created_at": NOW - timedelta(days=days),
                }
                for rid, status, days in ROWS
            ],
        )
    await upgrade(engine)
    made = {rid: NOW - timedelta(days=days) for rid, _, days in ROWS}
    assert await _clock(engine) == {
        1: (made[1] + timedelta(days=5), made[1] + timedelta(days=3)),
        2: (made[2] + timedelta(days=5), made[2] + timedelta(days=3)),
        3: (made[3] + timedelta(days=5), made[3] + timedelta(days=3)),
        4: (None, None),
    }

    uows = SqlUnitOfWorkFactory(session_factory(engine))
    services = build_services(uows, clock=FixedClock(NOW), notifier=RecordingNotifier())
    assert await sweep_requests(services, NOW) == 2
    async with uows() as uow:
        statuses = {r.id: r.status for r in await uow.intros.requests_by(SEEKER)}
        reminded = await uow.intros.get_request("slack", "T1", 2)
        told = [(r.kind, r.text) for r in await uow.reminders.list(SEEKER)]
    assert statuses == {1: "expired", 2: "open", 3: "open", 4: "accepted"}
    assert reminded is not None
    assert reminded.reminded_at == NOW
    assert told == [("intro-answer", "intro:1")]

    await downgrade(engine, "0016")
    async with engine.connect() as conn:
        kept = await conn.execute(sa.select(_at_0016.c.id, _at_0016.c.status))
        assert dict(kept.all()) == {1: "expired", 2: "open", 3: "open", 4: "accepted"}
    await upgrade(engine)
