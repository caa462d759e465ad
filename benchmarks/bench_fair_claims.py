"""Fair claims: one workspace's 100,000 overdue reminders against another's on-time check-in.

On PostgreSQL (INROADS_TEST_POSTGRES_URL, else the Makefile's default), in a private
schema dropped at the end (SQLite in a temporary folder when no PostgreSQL answers): 100,000 reminders are overdue in workspace "busy" (50 people,
due over the last two hours), and check-ins in workspace "calm" come due one by one while
the real APScheduler component runs the dispatcher every second, sending to a recording
notifier that answers at once. Two rounds:
- default settings: the busy workspace is held to its rate limit (5/s, bursts of 10),
  so the claim leaves it out whenever its bucket is empty;
- no rate limit: the busy backlog drains as fast as the process can send, so every
  claim is full and the calm check-ins must win their place in it (round-robin).
Each round reports how late the calm check-ins went out (goal: within 2 s of their
time) and how long the dispatcher's claims took. Prints a table, then one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import delete, func, insert, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from adapters.scheduler.component import SchedulerComponent
from bot.bootstrap import build_services
from bot.domain import Actor
from bot.reminders.dispatch import DispatchConfig
from bot.reply import Reply
from storage import tables
from storage.engine import create_engine, normalise_url, session_factory
from storage.mapping import start_mappers
from storage.migrate import upgrade
from storage.numbering import number_rows
from storage.uow import SqlUnitOfWorkFactory
from tests.fakes import DmOnlyNotifier

PG_URL = os.environ.get(
    "INROADS_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
BACKLOG = 100_000
BUSY_PEOPLE = 50
CALM_CHECKINS = 8
CALM_SPACING_SECONDS = 0.7
INTERVAL_SECONDS = 1.0  # INROADS_DISPATCH_INTERVAL_SECONDS' default
GOAL_SECONDS = 2.0


class RecordingPlatform(DmOnlyNotifier):
    """Answers at once; records when each reminder went out (wall clock)."""

    def __init__(self) -> None:
        self.sent_at: dict[str, float] = {}

    async def send_dm(self, recipient: Actor, reply: Reply, *, idempotency_key: str) -> str:
        self.sent_at[idempotency_key] = time.time()
        return idempotency_key


def reminder(workspace: str, user: str, due: datetime, n: int) -> dict[str, object]:
    return {
        "platform": "slack",
        "workspace_id": workspace,
        "user_id": user,
        "kind": "custom",
        "due_at": due,
        "text": f"check in {n}",
        "status": "pending",
        "attempts": 0,
        "last_error": "",
        "late": False,
        "message_ref": "",
    }


async def insert_rows(engine: AsyncEngine, rows: list[dict[str, object]]) -> list[int]:
    ids: list[int] = []
    async with engine.begin() as conn:
        await number_rows(conn, tables.reminders, rows)
        for start in range(0, len(rows), 5_000):
            result = await conn.execute(
                insert(tables.reminders).returning(
                    tables.reminders.c.id, sort_by_parameter_order=True
                ),
                rows[start : start + 5_000],
            )
            ids.extend(result.scalars())
    return ids


async def seed_backlog(engine: AsyncEngine, backlog: int = BACKLOG) -> float:
    """(Re)fill the busy workspace with `backlog` overdue reminders, due over the last 2 h."""
    started = time.perf_counter()
    now = datetime.now(UTC)
    async with engine.begin() as conn:
        await conn.execute(
            delete(tables.reminders).where(tables.reminders.c.workspace_id == "busy")
        )
    await insert_rows(
        engine,
        [
            reminder(
                "busy", f"U{n % BUSY_PEOPLE}", now - timedelta(seconds=7200 * (1 - n / backlog)), n
            )
            for n in range(backlog)
        ],
    )
    # The previous round's rows were just deleted: vacuum them away, as autovacuum soon
    # would, so the second round does not measure this benchmark's own clean-up.
    async with engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        if engine.dialect.name == "postgresql":
            await conn.execute(text("VACUUM ANALYZE reminders"))
        else:
            await conn.execute(text("ANALYZE reminders"))
    return time.perf_counter() - started


async def seed_people(engine: AsyncEngine) -> None:
    people = [("busy", f"U{n}") for n in range(BUSY_PEOPLE)] + [("calm", "UC")]
    async with engine.begin() as conn:
        await conn.execute(
            insert(tables.user_settings),
            [
                # Quiet hours off, so the wall-clock hour never defers anything here.
                {"platform": "slack", "workspace_id": w, "user_id": u, "quiet_start": "00:00"}
                | {"quiet_end": "00:00", "keep_in_touch_days": [30, 90]}
                for w, u in people
            ],
        )


async def run_round(engine: AsyncEngine, config: DispatchConfig) -> dict[str, float]:
    platform = RecordingPlatform()
    services = build_services(SqlUnitOfWorkFactory(session_factory(engine)), notifier=platform)
    scheduler = SchedulerComponent(
        services, interval_seconds=INTERVAL_SECONDS, dispatch_config=config
    )
    await scheduler.start()
    while scheduler.dispatcher.last_run_finished is None:  # noqa: ASYNC110
        await asyncio.sleep(0.01)
    due_at: dict[str, float] = {}
    for n in range(CALM_CHECKINS):
        due = datetime.now(UTC) + timedelta(seconds=CALM_SPACING_SECONDS)
        [rid] = await insert_rows(engine, [reminder("calm", "UC", due, n)])
        due_at[f"reminder-{rid}"] = due.timestamp()
        await asyncio.sleep(CALM_SPACING_SECONDS)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not all(k in platform.sent_at for k in due_at):  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    await scheduler.stop()
    delays = sorted(platform.sent_at.get(k, float("inf")) - due for k, due in due_at.items())
    claims = sorted(scheduler.dispatcher.claim_seconds)
    busy_sent = sum(1 for k in platform.sent_at if k not in due_at)
    async with engine.connect() as conn:
        busy_left = await conn.scalar(
            select(func.count()).where(
                tables.reminders.c.workspace_id == "busy",
                tables.reminders.c.status == "pending",
            )
        )
    return {
        "calm_delay_p50_ms": statistics.median(delays) * 1000,
        "calm_delay_max_ms": delays[-1] * 1000,
        "calm_delivered": sum(1 for d in delays if d != float("inf")),
        "claim_p50_ms": statistics.median(claims) * 1000,
        "claim_p99_ms": claims[max(0, int(len(claims) * 0.99) - 1)] * 1000,
        "claims": len(claims),
        "busy_sent": busy_sent,
        "busy_overdue_left": float(busy_left or 0),
    }


async def open_database() -> tuple[AsyncEngine, Callable[[], Awaitable[None]]]:
    """A private PostgreSQL schema, dropped afterwards; SQLite in a temporary folder when
    no PostgreSQL answers (a newcomer's machine), so `make bench` still runs."""
    schema = f"bench_fair_{uuid.uuid4().hex[:8]}"
    admin = create_async_engine(normalise_url(PG_URL))
    try:
        async with admin.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except (OSError, DBAPIError):
        await admin.dispose()
        folder = tempfile.mkdtemp(prefix="bench_fair_")
        engine = create_engine(f"sqlite+aiosqlite:///{folder}/bench.sqlite3")

        async def remove_folder() -> None:
            await engine.dispose()
            shutil.rmtree(folder, ignore_errors=True)

        return engine, remove_folder
    engine = create_engine(PG_URL, schema=schema)

    async def drop_schema() -> None:
        await engine.dispose()
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()

    return engine, drop_schema


async def main(backlog: int = BACKLOG) -> dict[str, object]:
    """Both rounds; `backlog` smaller than 100,000 only for `CHAOS_QUICK=1 make chaos`."""
    start_mappers()
    engine, clean_up = await open_database()
    database = engine.dialect.name
    try:
        await upgrade(engine)
        await seed_people(engine)
        seed_s = await seed_backlog(engine, backlog)
        limited = await run_round(engine, DispatchConfig())
        await seed_backlog(engine, backlog)
        unlimited = await run_round(engine, DispatchConfig(rate_per_workspace=None))
    finally:
        await clean_up()

    worst = max(limited["calm_delay_max_ms"], unlimited["calm_delay_max_ms"])
    print(f"{backlog:,} overdue in one workspace; {CALM_CHECKINS} on-time check-ins in another")
    where = "PostgreSQL" if database == "postgresql" else "SQLite: no PostgreSQL answered"
    print(f"({where}, dispatcher every {INTERVAL_SECONDS:g} s, seeded in {seed_s:.1f} s)\n")
    print(f"{'figure':38} {'rate-limited':>14} {'no rate limit':>14}")
    for label, key, unit in [
        ("other workspace: delay p50", "calm_delay_p50_ms", "ms"),
        ("other workspace: delay max", "calm_delay_max_ms", "ms"),
        ("other workspace: delivered", "calm_delivered", ""),
        ("claim p50", "claim_p50_ms", "ms"),
        ("claim p99", "claim_p99_ms", "ms"),
        ("claims made", "claims", ""),
        ("busy workspace: sent meanwhile", "busy_sent", ""),
        ("busy workspace: still overdue after", "busy_overdue_left", ""),
    ]:
        cells = [
            f"{r[key]:,.1f} {unit}".strip() if unit else f"{r[key]:,.0f}"
            for r in (limited, unlimited)
        ]
        print(f"{label:38} {cells[0]:>14} {cells[1]:>14}")
    verdict = "met" if worst <= GOAL_SECONDS * 1000 else "MISSED"
    print(
        f"\ngoal: the other workspace's check-ins within {GOAL_SECONDS:g} s of their time: {verdict}"
    )
    figures: dict[str, object] = {
        "database": database,
        "overdue_backlog": backlog,
        "seed_s": round(seed_s, 1),
        "dispatch_interval_s": INTERVAL_SECONDS,
        "other_delay_max_ms": round(worst, 1),
        "goal_ms": GOAL_SECONDS * 1000,
    }
    for name, result in (("limited", limited), ("unlimited", unlimited)):
        for key, value in result.items():
            figures[f"{name}_{key}"] = round(value, 2)
    return figures


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main())))
