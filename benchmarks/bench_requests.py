"""The request sweep at size: 100,000 open conversation requests on PostgreSQL.

On PostgreSQL (INROADS_TEST_POSTGRES_URL, else the Makefile's default), in a private
schema dropped at the end (SQLite in a temporary folder when no PostgreSQL answers):
20,000 listed helpers (bench_directory's members) and 100,000 open requests from
34,000 seekers (three each at most, as the rules allow), of which 60% are past their
five days (they expire, with news for the seeker), 40% past three days (one reminder to
the helper each); 20,000 more were sent today and are not due (the index must skip
them). The whole sweep runs as the scheduler runs it (`sweep_requests`, chunked
transactions); goal <= 5 s. Then the cascade: the dispatcher's preparation of 300 of
the expiry messages it wrote, each working out the seeker's next best members from the
directory as it is (rank, room, blocks, not asked before). Prints a table, then one
JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, select, text

from benchmarks.bench_directory import NOW
from benchmarks.bench_directory import seed as seed_members
from benchmarks.bench_fair_claims import open_database
from bot.bootstrap import build_services
from bot.directory.request_model import EXPIRE_AFTER, NUDGE_AFTER, OPEN
from bot.directory.requests_outbox import prepare_request_message
from bot.directory.requests_sweep import sweep_requests
from bot.domain import Reminder, ReminderKind
from bot.reminders.outgoing import Outgoing
from storage import tables
from storage.engine import session_factory
from storage.mapping import start_mappers
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock, RecordingNotifier

WORKSPACE = "TBENCH"
OPEN_REQUESTS = 100_000
NOT_DUE = 20_000
HELPERS = 20_000
CHUNK = 5_000
CASCADE_SAMPLES = 300
GOAL_SWEEP_S = 5.0


def request_rows(count: int, first: int, *, due: bool) -> list[dict[str, Any]]:
    rows = []
    for n in range(first, first + count):
        if not due:
            sent = NOW - timedelta(hours=2)
        elif n % 10 < 6:
            sent = NOW - EXPIRE_AFTER - timedelta(hours=1)  # past five days: expires
        else:
            sent = NOW - NUDGE_AFTER - timedelta(hours=5)  # past three days: one reminder
        rows.append(
            {
                "platform": "slack",
                "workspace_id": WORKSPACE,
                "seeker_id": f"S{n // 3:06d}",
                "helper_id": f"M{(n * 7919) % HELPERS:06d}",
                "status": OPEN,
                "reason": "how you moved into this work",
                "message": "Hi there, I'm a member of the community ...",
                "times": "",
                "decline_note": "",
                "created_at": sent,
                "sent_at": sent,
                "expires_at": sent + EXPIRE_AFTER,
                "next_check_at": sent + NUDGE_AFTER,
            }
        )
    return rows


def stage(what: str, since: float) -> float:
    print(f"  … {what}: {time.perf_counter() - since:.1f} s", file=sys.stderr, flush=True)
    return time.perf_counter()


async def main() -> dict[str, object]:
    start_mappers()
    engine, clean_up = await open_database()
    database = engine.dialect.name
    try:
        await upgrade(engine)
        started = time.perf_counter()
        await seed_members(engine, WORKSPACE, HELPERS, 1, seed=7)
        for first in range(0, OPEN_REQUESTS + NOT_DUE, CHUNK):
            due = first < OPEN_REQUESTS
            async with engine.begin() as conn:
                await conn.execute(
                    insert(tables.conversation_requests), request_rows(CHUNK, first, due=due)
                )
        async with engine.begin() as conn:
            # A bulk load leaves no statistics; autovacuum would gather them in service.
            await conn.execute(text("ANALYZE"))
        seed_s = time.perf_counter() - started
        stage("seeded", started)
        clock = FixedClock(NOW)
        services = build_services(
            SqlUnitOfWorkFactory(session_factory(engine)), clock=clock, notifier=RecordingNotifier()
        )
        started = time.perf_counter()
        moved = await sweep_requests(services, NOW)
        sweep_s = time.perf_counter() - started
        again_started = time.perf_counter()
        moved_again = await sweep_requests(services, NOW)
        again_s = time.perf_counter() - again_started
        mark = stage("swept twice", started)
        outbox = await _outbox_counts(services)
        mark = stage("counted", mark)
        cascade_ms, offered = await _cascade(services, CASCADE_SAMPLES)
        stage("cascade", mark)
    finally:
        await clean_up()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    where = "PostgreSQL" if database == "postgresql" else "SQLite (no PostgreSQL answered)"
    print(f"request sweep over {OPEN_REQUESTS:,} due open requests ({where})")
    print(
        f"seeded {HELPERS:,} helpers and {OPEN_REQUESTS + NOT_DUE:,} requests in {seed_s:.1f} s\n"
    )
    print(f"{'step':40} {'value':>12}")
    print(f"{'sweep (chunks of ' + str(CHUNK) + ')':40} {sweep_s:>10.2f} s")
    print(f"{'requests moved on':40} {moved:>12,}")
    print(f"{'  expiry news rows written':40} {outbox['news']:>12,}")
    print(f"{'  helper reminders written':40} {outbox['nudges']:>12,}")
    print(f"{'second sweep (nothing due)':40} {again_s * 1000:>10.1f} ms ({moved_again} moved)")
    print(
        f"{'cascade: prepare one expiry message p50':40} {statistics.median(cascade_ms):>9.1f} ms"
    )
    print(f"{'cascade: p99':40} {_pct(cascade_ms, 0.99):>9.1f} ms")
    print(f"{'cascade: members offered (mean)':40} {statistics.mean(offered):>12.2f}")
    print(f"\nsweep {sweep_s:.2f} s (goal <= {GOAL_SWEEP_S:g} s); peak RSS {rss_mb:.0f} MB")
    return {
        "database": database,
        "open_requests": OPEN_REQUESTS,
        "not_due_requests": NOT_DUE,
        "sweep_s": round(sweep_s, 3),
        "moved": moved,
        "expired_news_rows": outbox["news"],
        "reminder_rows": outbox["nudges"],
        "second_sweep_ms": round(again_s * 1000, 1),
        "cascade_prepare_p50_ms": round(statistics.median(cascade_ms), 2),
        "cascade_prepare_p99_ms": round(_pct(cascade_ms, 0.99), 2),
        "goal_sweep_s": GOAL_SWEEP_S,
        "within_goal": sweep_s <= GOAL_SWEEP_S,
        "peak_rss_mb": round(rss_mb, 1),
    }


async def _outbox_counts(services: Any) -> dict[str, int]:
    async with services.uow() as uow:
        result = await uow.session.execute(
            select(tables.reminders.c.kind).where(
                tables.reminders.c.workspace_id == WORKSPACE,
            )
        )
        kinds = [k for (k,) in result.all()]
    return {
        "news": kinds.count(ReminderKind.REQUEST_NEWS.value),
        "nudges": kinds.count(ReminderKind.REQUEST_NUDGE.value),
    }


async def _cascade(services: Any, samples: int) -> tuple[list[float], list[int]]:
    """Prepare `samples` expiry messages as the dispatcher would (each in its own unit
    of work, as a batch shares one): the time per message and members offered."""
    async with services.uow() as uow:
        result = await uow.session.execute(
            select(Reminder)
            .where(
                tables.reminders.c.workspace_id == WORKSPACE,
                tables.reminders.c.kind == ReminderKind.REQUEST_NEWS.value,
            )
            .limit(samples)
        )
        rows = list(result.scalars().all())
    timings, offered = [], []
    # Outside quiet hours for everyone (defaults 21:00-08:00 UTC; NOW is midday).
    for row in rows:
        async with services.uow() as uow:
            started = time.perf_counter()
            ready = await prepare_request_message(uow, row, NOW)
            timings.append((time.perf_counter() - started) * 1000)
        assert isinstance(ready, Outgoing), ready
        offered.append(sum(1 for a in ready.reply.actions if a.label.startswith("Ask")))
    return timings, offered


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__).parse_args()
    print(json.dumps(asyncio.run(main())))
