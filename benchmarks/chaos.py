"""`make chaos`: the promises of issue 15 under stops, crashes, floods and faults.

Four parts, each printing its own table, then one JSON line of every figure (prefixed
a_, b_, c_, d_):

a. burst + SIGTERM + restart: signed Slack commands against the real `inroads run` on
   PostgreSQL, SIGTERM mid-burst, a second process on the same database
   (benchmarks/chaos_sigterm.py). Goal: 0 acknowledged lost, unanswered or run twice.
b. kill -9 with 0.4 s platform latency on Slack and Discord: the crash soak
   (benchmarks/bench_soak.py), here on PostgreSQL. Goal: 0 lost, 0 duplicated.
c. one workspace's 100,000 overdue against another's on-time check-in
   (benchmarks/bench_fair_claims.py). Goal: the check-in within 2 s of its time.
d. faults mid-statement on rows of private text, every logger at DEBUG
   (benchmarks/chaos_private_logs.py). Goal: 0 lines leaked.

About ten minutes in all. CHAOS_QUICK=1 runs each part small (about two minutes): 200
commands, 3 kills of 300 reminders with a 3 s lease, 10,000 overdue, 5 rounds of faults.
Exits 1 when a goal is missed. Needs PostgreSQL (INROADS_TEST_POSTGRES_URL).
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy.engine import make_url

from benchmarks import bench_fair_claims, bench_soak, chaos_private_logs, chaos_sigterm
from benchmarks.slack_load_support import PG_URL, admin

QUICK = os.environ.get("CHAOS_QUICK", "") not in ("", "0")


async def soak_on_postgres(*, kills: int, reminders: int, lease: float | None) -> dict[str, Any]:
    """The crash soak in a database of its own, dropped afterwards."""
    name = f"inroads_chaos_soak_{uuid.uuid4().hex[:8]}"
    await admin(f'CREATE DATABASE "{name}"')
    try:
        url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
        return await bench_soak.soak(
            kills=kills,
            reminders=reminders,
            seed=int(time.time()),
            database_url=url,
            latency=0.4,
            lease=lease,
        )
    finally:
        await admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def goals(figures: dict[str, Any]) -> list[str]:
    """The goals missed (empty: all met)."""
    missed = [
        key
        for key in (
            "a_acked_not_written",
            "a_acked_not_answered",
            "a_run_twice",
            "a_refused_but_written",
            "a_first_exit_code",
            "b_lost",
            "b_duplicated",
            "b_rows_not_sent",
            "d_leaked_lines",
        )
        if figures[key] != 0
    ]
    if figures["a_first_exit_after_sigterm_s"] > figures["a_shutdown_budget_s"]:
        missed.append("a_first_exit_after_sigterm_s")
    if figures["c_other_delay_max_ms"] > figures["c_goal_ms"]:
        missed.append("c_other_delay_max_ms")
    return missed


async def main() -> int:
    started = time.perf_counter()
    figures: dict[str, Any] = {"quick": QUICK}
    print("== a. burst + SIGTERM + restart (Slack over HTTP, PostgreSQL)")
    a = await chaos_sigterm.sigterm_burst(commands=200 if QUICK else 1000, clients=50)
    chaos_sigterm.print_table(a)
    print("\n== b. kill -9 with 0.4 s platform latency (Slack and Discord, PostgreSQL)")
    b = await soak_on_postgres(
        kills=3 if QUICK else 20, reminders=300 if QUICK else 3000, lease=3.0 if QUICK else None
    )
    bench_soak.print_table(b)
    print("\n== c. one workspace's overdue backlog against another's on-time check-in")
    c = await bench_fair_claims.main(10_000 if QUICK else bench_fair_claims.BACKLOG)
    print("\n== d. faults mid-statement on private text, every logger at DEBUG")
    d = await chaos_private_logs.private_logs(rounds=5 if QUICK else 20)
    chaos_private_logs.print_table(d)
    for prefix, part in (("a", a), ("b", b), ("c", c), ("d", d)):
        figures |= {f"{prefix}_{key}": value for key, value in part.items()}
    figures["elapsed_s"] = round(time.perf_counter() - started, 1)
    missed = goals(figures)
    print(f"\ngoals: {'all met' if not missed else 'MISSED ' + ', '.join(missed)}", end="")
    print(f" ({'quick' if QUICK else 'full'} run, {figures['elapsed_s']} s)")
    print(json.dumps(figures))
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
