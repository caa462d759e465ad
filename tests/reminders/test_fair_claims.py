"""Fair claims on real databases (SQLite and PostgreSQL): one workspace's backlog, or one
person's, never keeps another's due check-in out of a claim; rate-limited workspaces are
left out; concurrent claimers never share a row."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.bootstrap import build_services
from bot.domain import Actor, Reminder
from bot.ports.reminders import ClaimLimits
from bot.reminders.dispatch import DispatchConfig, ReminderDispatcher
from storage import tables
from storage.numbering import number_rows
from storage.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock, RecordingNotifier

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
_t = tables.reminders


async def seed(engine: AsyncEngine, rows: list[tuple[str, str, datetime]]) -> list[int]:
    """Insert (workspace, user, due) rows as pending custom check-ins; their ids, in order."""
    values = [
        {
            "platform": "slack",
            "workspace_id": workspace,
            "user_id": user,
            "kind": "custom",
            "due_at": due,
            "text": f"check-in {n}",
            "status": "pending",
            "attempts": 0,
            "last_error": "",
            "late": False,
            "message_ref": "",
        }
        for n, (workspace, user, due) in enumerate(rows)
    ]
    ids: list[int] = []
    async with engine.begin() as conn:
        await number_rows(conn, _t, values)  # each owner's #1, #2, ... as the app would
        for start in range(0, len(values), 1000):
            result = await conn.execute(
                insert(_t).returning(_t.c.id, sort_by_parameter_order=True),
                values[start : start + 1000],
            )
            ids.extend(result.scalars())
    return ids


def backlog(workspace: str, count: int, people: int = 3) -> list[tuple[str, str, datetime]]:
    """`count` overdue rows, the oldest an hour and more ago, spread over `people`."""
    return [
        (workspace, f"U{n % people}", NOW - timedelta(hours=1, seconds=count - n))
        for n in range(count)
    ]


async def claim(
    uow: SqlUnitOfWorkFactory, limit: int, token: str, limits: ClaimLimits | None = None
) -> list[Reminder]:
    async with uow() as unit:
        rows = await unit.reminders.claim_due(
            NOW, limit=limit, lease_seconds=60, token=token, limits=limits
        )
        await unit.commit()
    return list(rows)


async def untouched(engine: AsyncEngine, workspace: str) -> tuple[int, int]:
    """(rows of `workspace` still pending with no attempt and no deferral, all its rows)."""
    async with engine.connect() as conn:
        fresh = await conn.scalar(
            select(func.count()).where(
                _t.c.workspace_id == workspace,
                _t.c.status == "pending",
                _t.c.attempts == 0,
                _t.c.not_before.is_(None),
            )
        )
        total = await conn.scalar(select(func.count()).where(_t.c.workspace_id == workspace))
    return int(fresh or 0), int(total or 0)


async def test_a_backlog_in_one_workspace_never_hides_another_workspaces_check_in(
    engine: AsyncEngine, sql_uow: SqlUnitOfWorkFactory
) -> None:
    await seed(engine, backlog("TA", 3000))
    [on_time] = await seed(engine, [("TB", "UB", NOW)])
    first = await claim(sql_uow, 50, "first")
    assert on_time in {r.id for r in first}
    assert len(first) == 50
    counts = Counter(r.workspace_id for r in first)
    assert counts == {"TA": 49, "TB": 1}
    # Within A, its three people take turns, each from their own oldest row.
    assert sorted(Counter(r.user_id for r in first if r.workspace_id == "TA").values()) == [
        16,
        16,
        17,
    ]


async def test_claims_go_round_robin_across_workspaces(
    engine: AsyncEngine, sql_uow: SqlUnitOfWorkFactory
) -> None:
    for workspace in ("TA", "TB", "TC"):
        await seed(engine, backlog(workspace, 100))
    first = await claim(sql_uow, 31, "first")
    assert sorted(Counter(r.workspace_id for r in first).values()) == [10, 10, 11]
    # A workspace's share can be capped below the claim's size.
    capped = await claim(sql_uow, 90, "capped", ClaimLimits(per_workspace=4))
    assert Counter(r.workspace_id for r in capped) == {"TA": 4, "TB": 4, "TC": 4}


async def test_rate_limited_workspaces_are_left_out_and_busy_ones_take_their_room(
    engine: AsyncEngine, sql_uow: SqlUnitOfWorkFactory
) -> None:
    await seed(engine, backlog("TA", 500))
    await seed(engine, backlog("TC", 500))
    [b_row] = await seed(engine, [("TB", "UB", NOW - timedelta(minutes=1))])
    limits = ClaimLimits(per_workspace=20, workspaces={("slack", "TA"): 0, ("slack", "TC"): 3})
    rows = await claim(sql_uow, 200, "t", limits)
    assert Counter(r.workspace_id for r in rows) == {"TB": 1, "TC": 3}
    assert b_row in {r.id for r in rows}
    # A's rows were not claimed and put back: no attempt counted, no deferral written.
    assert await untouched(engine, "TA") == (500, 500)
    assert await untouched(engine, "TC") == (497, 500)


async def test_one_persons_backlog_never_hides_a_colleagues_fresh_check_in(
    engine: AsyncEngine, sql_uow: SqlUnitOfWorkFactory
) -> None:
    await seed(engine, backlog("TA", 2000, people=1))
    [fresh] = await seed(engine, [("TA", "U-light", NOW - timedelta(seconds=5))])
    rows = await claim(sql_uow, 10, "t")
    assert fresh in {r.id for r in rows}
    assert len(rows) == 10


async def test_concurrent_claimers_never_take_the_same_row(
    engine: AsyncEngine, sql_uow: SqlUnitOfWorkFactory
) -> None:
    ids = set()
    for workspace in ("TA", "TB", "TC"):
        ids |= set(await seed(engine, backlog(workspace, 200, people=5)))
    taken: dict[str, list[int]] = {}
    start = asyncio.Event()

    async def claimer(name: str) -> None:
        await start.wait()
        mine = taken.setdefault(name, [])
        for round_no in range(200):
            rows = await claim(sql_uow, 25, f"{name}-{round_no}")
            mine.extend(r.id for r in rows if r.id is not None)
            if sum(len(v) for v in taken.values()) >= len(ids):
                return
            await asyncio.sleep(0)

    workers = [asyncio.create_task(claimer(f"c{n}")) for n in range(4)]
    start.set()
    await asyncio.gather(*workers)
    every = [rid for rows in taken.values() for rid in rows]
    assert len(every) == len(set(every))
    assert set(every) == ids
    async with engine.connect() as conn:
        attempts = set((await conn.execute(select(_t.c.attempts))).scalars())
    assert attempts == {1}  # each row was claimed exactly once


async def test_dispatcher_skips_a_rate_limited_workspace_and_delivers_the_other(
    engine: AsyncEngine, sql_uow: SqlUnitOfWorkFactory
) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            insert(tables.user_settings),
            [
                {"platform": "slack", "workspace_id": w, "user_id": u, "quiet_start": "00:00"}
                | {"quiet_end": "00:00", "keep_in_touch_days": [30, 90]}
                for w, u in [("TA", "U0"), ("TA", "U1"), ("TA", "U2"), ("TB", "UB")]
            ],
        )
    await seed(engine, backlog("TA", 400))
    clock = FixedClock(NOW)
    notifier = RecordingNotifier()
    services = build_services(sql_uow, clock=clock, notifier=notifier)
    config = DispatchConfig(rate_per_workspace=0.001, burst_per_workspace=5, batch_size=50)
    run = ReminderDispatcher(services, config)
    first = await run.run_once()
    assert (first.claimed, first.sent) == (5, 5)  # A's burst, nothing more
    [on_time] = await seed(engine, [("TB", "UB", NOW)])
    clock.advance(timedelta(seconds=1))
    second = await run.run_once()
    # A's bucket is empty: it is left out; B's check-in goes out in the same run.
    assert (second.claimed, second.sent, second.deferred) == (1, 1, 0)
    assert second.outcomes == {on_time: "sent"}
    assert await untouched(engine, "TA") == (395, 400)
    assert notifier.sent[-1].recipients == (Actor("slack", "TB", "UB"),)
    async with engine.connect() as conn:
        late = dict(
            (
                await conn.execute(
                    select(_t.c.workspace_id, _t.c.late).where(_t.c.status == "sent")
                )
            ).all()
        )
    assert late == {"TA": True, "TB": False}  # the backlog went out marked late
