"""Reminder dispatch at scale: 100,000 pending reminders across 1,000 users.

Measures, against PostgreSQL when reachable (INROADS_TEST_POSTGRES_URL, else the local
default) and SQLite otherwise — the table says which:
- start-up: engine + scheduler start until the first dispatcher run has finished;
- lateness p50/p99 while 100 reminders come due every second for 10 s (goal p99 <= 2 s);
- a burst of 10,000 due at once: time to drain and sends/s with a local fake notifier and
  no rate limit (goal >= 200/s), the longest event-loop stall meanwhile (goal <= 100 ms);
- peak RSS of the process (goal <= 300 MB).
The real APScheduler component runs the dispatcher (interval 0.2 s). Prints a table, then
one JSON line of figures.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select, text
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

USERS = 1_000
BACKLOG = 100_000
RATE = 100
RATE_SECONDS = 10
BURST = 10_000
INTERVAL = 0.2
PG_URL = os.environ.get(
    "INROADS_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)


class FakePlatform(DmOnlyNotifier):
    """Answers at once; records when each reminder went out."""

    def __init__(self) -> None:
        self.sent_at: dict[str, float] = {}

    async def send_dm(self, recipient: Actor, reply: Reply, *, idempotency_key: str) -> str:
        self.sent_at[idempotency_key] = time.time()
        return idempotency_key


def row(i: int, due: datetime) -> dict[str, object]:
    return {
        "platform": "slack",
        "workspace_id": f"T{i % 10}",
        "user_id": f"U{i % USERS}",
        "kind": "custom",
        "due_at": due,
        "text": f"check in {i}",
        "status": "pending",
        "attempts": 0,
        "last_error": "",
        "late": False,
        "message_ref": "",
    }


async def bulk(engine: AsyncEngine, rows: list[dict[str, object]]) -> list[int]:
    ids: list[int] = []
    async with engine.begin() as conn:
        await number_rows(conn, tables.reminders, rows)
        for start in range(0, len(rows), 5_000):
            result = await conn.execute(
                insert(tables.reminders).returning(tables.reminders.c.id),
                rows[start : start + 5_000],
            )
            ids.extend(result.scalars())
    return ids


async def open_database() -> tuple[AsyncEngine, str, object]:
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = create_async_engine(normalise_url(PG_URL))
        async with admin.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine = create_engine(PG_URL, schema=schema)
        return engine, "postgresql", (admin, schema)
    except Exception:
        folder = tempfile.mkdtemp()
        return create_engine(f"sqlite+aiosqlite:///{folder}/bench.sqlite3"), "sqlite", None


async def watch_stalls(stop: asyncio.Event, worst: list[float]) -> None:
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        before = loop.time()
        await asyncio.sleep(0.005)
        worst[0] = max(worst[0], loop.time() - before - 0.005)


async def main() -> dict[str, object]:
    start_mappers()
    engine, kind, cleanup = await open_database()
    await upgrade(engine)
    far = datetime.now(UTC) + timedelta(days=7)
    seed_started = time.perf_counter()
    await bulk(engine, [row(i, far + timedelta(seconds=i)) for i in range(BACKLOG)])
    async with engine.begin() as conn:
        await conn.execute(
            insert(tables.user_settings),
            [
                {
                    "platform": "slack",
                    "workspace_id": f"T{w}",
                    "user_id": f"U{u}",
                    "quiet_start": "00:00",
                    "quiet_end": "00:00",
                    "keep_in_touch_days": [30, 90],
                }
                for u in range(USERS)
                for w in range(10)
                if u % 10 == w
            ],
        )
    seeded = time.perf_counter() - seed_started

    platform = FakePlatform()
    config = DispatchConfig(rate_per_workspace=None, batch_size=200, concurrency=32)
    started = time.perf_counter()
    services = build_services(SqlUnitOfWorkFactory(session_factory(engine)), notifier=platform)
    scheduler = SchedulerComponent(services, interval_seconds=INTERVAL, dispatch_config=config)
    await scheduler.start()
    while scheduler.dispatcher.last_run_finished is None:  # noqa: ASYNC110
        await asyncio.sleep(0.005)
    startup = time.perf_counter() - started

    # Steady arrivals: 100 come due each second.
    t0 = datetime.now(UTC) + timedelta(seconds=2)
    steady = [row(i, t0 + timedelta(seconds=i / RATE)) for i in range(RATE * RATE_SECONDS)]
    steady_ids = await bulk(engine, steady)
    due_of = {f"reminder-{rid}": r["due_at"] for rid, r in zip(steady_ids, steady, strict=True)}
    deadline = time.monotonic() + RATE_SECONDS + 30
    while time.monotonic() < deadline and not all(k in platform.sent_at for k in due_of):  # noqa: ASYNC110
        await asyncio.sleep(0.1)
    lateness = sorted(
        platform.sent_at[k] - due.timestamp()  # type: ignore[attr-defined]
        for k, due in due_of.items()
        if k in platform.sent_at
    )

    # A burst: 10,000 due at once.
    burst_ids = await bulk(engine, [row(i, datetime.now(UTC)) for i in range(BURST)])
    stop = asyncio.Event()
    worst = [0.0]
    watcher = asyncio.create_task(watch_stalls(stop, worst))
    burst_started = time.perf_counter()
    keys = [f"reminder-{rid}" for rid in burst_ids]
    while not all(k in platform.sent_at for k in keys):
        if time.perf_counter() - burst_started > 120:
            break
        await asyncio.sleep(0.05)
    drain = time.perf_counter() - burst_started
    stop.set()
    await watcher
    drained = sum(1 for k in keys if k in platform.sent_at)
    await scheduler.stop()
    async with engine.connect() as conn:
        pending = await conn.scalar(
            select(func.count()).where(tables.reminders.c.status == "pending")
        )
    await engine.dispose()
    if cleanup is not None:
        admin, schema = cleanup  # type: ignore[misc]
        async with admin.begin() as conn:
            await conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        await admin.dispose()

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    p50 = statistics.median(lateness) if lateness else float("nan")
    p99 = lateness[int(len(lateness) * 0.99) - 1] if lateness else float("nan")
    figures: dict[str, object] = {
        "database": kind,
        "backlog_reminders": BACKLOG,
        "seed_s": round(seeded, 1),
        "startup_s": round(startup, 3),
        "lateness_p50_s": round(p50, 3),
        "lateness_p99_s": round(p99, 3),
        "steady_delivered": len(lateness),
        "burst_drain_s": round(drain, 2),
        "burst_sends_per_s": round(drained / drain, 1),
        "burst_delivered": drained,
        "max_loop_stall_ms": round(worst[0] * 1000, 1),
        "peak_rss_mb": round(peak_mb, 1),
        "still_pending_backlog": pending,
    }
    rows = [
        ("database", kind, ""),
        ("start-up with 100k pending", f"{startup:.3f} s", ""),
        ("lateness p50 (100/s for 10 s)", f"{p50:.3f} s", ""),
        ("lateness p99", f"{p99:.3f} s", "goal <= 2 s"),
        ("burst of 10,000: drain", f"{drain:.2f} s", ""),
        ("burst sends/s", f"{drained / drain:.0f}", "goal >= 200"),
        ("longest event-loop stall", f"{worst[0] * 1000:.1f} ms", "goal <= 100 ms"),
        ("peak RSS", f"{peak_mb:.0f} MB", "goal <= 300 MB"),
    ]
    print(f"{'figure':32} {'value':>14}  goal")
    for name, value, goal in rows:
        print(f"{name:32} {value:>14}  {goal}")
    return figures


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main())))
