"""Capacity: full `/interview log`s per second for one process, and what people wait for.

Three processes on 127.0.0.1: the real `inroads run` (Slack over HTTP, scheduler, inbox,
PostgreSQL in a fresh database), a fake Slack Web API that also receives the answers at
the response_url, and this process, which sends signed slash commands (see
command_load_support.py for what they say and who sends them).

1. Saturation: about WINDOW commands are kept acked but unanswered, so the server
   never runs dry; the figure is full logs answered per second over the measured
   seconds (commands/s for one process).
2. Steady load: RATE commands a second on a fixed timetable; the figure is the answer's
   latency (sent -> the answer reaching the response_url), p50 and p99.

`--profile` runs the server under a sampling profiler and counts its SQL statements and
round trips per command instead (profile_support.py): CPU per stage of a command, in
ms; its throughput is a little lower (the sampler's own share).

Run it on an otherwise idle machine: server, PostgreSQL, the fake and this client share
its cores. Usage: python benchmarks/bench_commands.py [--quick] [--profile]
(last line: JSON figures)

Measured 2026-12-07 on the otherwise idle 2-core machine, full runs: the code from
before the capacity work (4e10bc1, its own copy of this script) and today's alternately,
three times each, then today's three times alone. Full logs/s: 157 (154-178) before,
433 (347-485) now, median (range); server CPU per log now 2.3 ms (2.0-2.6), PostgreSQL
0.8; answer p50/p99 at 50/s 16/33 ms before, 10/27 now; statements and round trips per
log 14.3/16.4 before, 7.5/9.6 now. README, Capacity, has each step's own figures and
why earlier runs on a shared machine read up to 3.4 ms per log for the same work.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

import aiohttp
from command_load_support import (
    SEEDED_CONTACTS,
    Population,
    answer_seconds,
    cpu_seconds,
    distinct_names,
    logged_count,
    saturate,
    seed_journals,
    steady,
    wait_logged,
)
from slack_load_support import (
    PG_URL,
    SECRET,
    TOKEN,
    admin,
    fake_slack_app,
    free_port,
    serve_forever,
    spawn,
    wait_http,
)

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = str(Path(__file__).resolve())
sys.path.insert(0, str(ROOT))
LOG_DIR = Path(tempfile.gettempdir()) / f"bench_commands_{os.getpid()}"
WINDOW = 300
RATE = 50.0
GOAL_PER_SECOND = 400
GOAL_P99_MS = 1000


def pct(values: list[float], q: float) -> float:
    """The q-quantile of sorted seconds, in milliseconds."""
    return values[min(len(values) - 1, int(q * len(values)))] * 1000 if values else 0.0


def server_env(db_url: str, port: int, fake_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    return env | {
        "PYTHONPATH": str(ROOT),
        "INROADS_DATABASE_URL": db_url,
        "INROADS_HTTP_PORT": str(port),
        "INROADS_HTTP_HOST": "127.0.0.1",
        "INROADS_LOG_LEVEL": "WARNING",
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake_url + "/api/",
    }


async def run(quick: bool, profile: bool) -> dict[str, Any]:
    seconds, rate_seconds = (6.0, 8.0) if quick else (15.0, 20.0)
    people = (10, 20) if quick else (20, 25)
    fake_port, port = free_port(), free_port()
    fake_url = f"http://127.0.0.1:{fake_port}"
    url = f"http://127.0.0.1:{port}/slack/events"
    db_name = f"inroads_cmds_{uuid.uuid4().hex[:8]}"
    from sqlalchemy.engine import make_url

    db_url = make_url(PG_URL).set(database=db_name).render_as_string(hide_password=False)
    population = Population(*people, names=distinct_names(SEEDED_CONTACTS + 60))
    me = [sys.executable, SCRIPT]
    procs: list[subprocess.Popen[str]] = []
    figures: dict[str, Any] = {}
    await admin(f'CREATE DATABASE "{db_name}"')
    try:
        procs.append(
            fake := spawn([*me, "--role", "fake-slack", "--port", str(fake_port)], LOG_DIR)
        )
        await wait_http(fake_url + "/stats", fake)
        server_cmd = [sys.executable, "-m", "adapters.cli", "run"]
        if profile:
            server_cmd = [*me, "--role", "profiled-server", "--out", str(LOG_DIR)]
        # Migrate and seed before the server starts serving: `run` migrates first.
        migrate = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "adapters.cli",
            "migrate",
            env=server_env(db_url, port, fake_url),
            cwd=ROOT,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        _, migrate_errors = await migrate.communicate()
        if migrate.returncode:
            raise RuntimeError(migrate_errors.decode()[-500:])
        await seed_journals(db_url, population)
        procs.append(server := spawn(server_cmd, LOG_DIR, server_env(db_url, port, fake_url)))
        await wait_http(f"http://127.0.0.1:{port}/readyz", server)

        # Warm-up: every person's first contact (time zone from users.info), pools, caches.
        warm = await steady(
            url, fake_url, population, rate=200, seconds=population.size / 200, start=0
        )
        next_i = len(warm.sent_at)
        logged = await wait_logged(fake_url, next_i)
        if profile:
            server.send_signal(signal.SIGUSR1)
        pids = {"server": server.pid, "fake_slack": fake.pid}
        cpu_before = cpu_seconds(db_name, pids)
        async with aiohttp.ClientSession() as session:
            dms_before = await logged_count(session, fake_url, "chat.postMessage")
        throughput, sent_count, sat = await saturate(
            url,
            fake_url,
            population,
            seconds=seconds,
            ramp=2.0,
            window=WINDOW,
            start=next_i,
            tag="x",
        )
        next_i += sent_count
        logged_before = logged
        logged = await wait_logged(fake_url, logged + sent_count - sat.refused - sat.errors)
        cpu_after = cpu_seconds(db_name, pids)
        async with aiohttp.ClientSession() as session:
            dms = await logged_count(session, fake_url, "chat.postMessage") - dms_before
        cpu_ms = {
            k: (cpu_after[k] - cpu_before[k]) * 1000 / max(logged - logged_before, 1)
            for k in cpu_after
        }
        print(
            f"{'phase':<34}{'sent':>7}{'refused':>8}{'errors':>7}{'logs/s':>8}{'p50 ms':>9}{'p99 ms':>9}"
        )
        print(
            f"{'saturation (window ' + str(WINDOW) + ')':<34}{sent_count:>7}{sat.refused:>8}"
            f"{sat.errors:>7}{throughput:>8.0f}{'':>9}{'':>9}"
        )
        print(
            "  CPU per full log (ms): "
            + ", ".join(f"{k} {v:.2f}" for k, v in cpu_ms.items())
            + f"; all {sum(cpu_ms.values()):.2f}"
        )
        # Logged yesterday's talk? Its thank-you and reflection nudges are due at once:
        # the reminder dispatcher sends them meanwhile, in the same process.
        print(
            f"  reminder DMs sent meanwhile: {dms} ({dms / max(logged - logged_before, 1):.2f} per log)"
        )
        figures |= {f"cpu_{k}_ms_per_log": round(v, 3) for k, v in cpu_ms.items()}
        figures["reminder_dms_per_log"] = round(dms / max(logged - logged_before, 1), 2)
        figures |= {
            "logs_per_s": round(throughput, 1),
            "saturation_sent": sent_count,
            "saturation_refused": sat.refused,
            "saturation_errors": sat.errors,
        }
        if not profile:
            at_rate = await steady(
                url, fake_url, population, rate=RATE, seconds=rate_seconds, start=next_i
            )
            expected = logged + len(at_rate.sent_at) - at_rate.refused - at_rate.errors
            logged = await wait_logged(fake_url, expected)
            answers = await answer_seconds(fake_url, at_rate)
            p50, p99 = pct(answers, 0.5), pct(answers, 0.99)
            acks = sorted(at_rate.acks)
            print(
                f"{f'steady {RATE:g}/s, answer latency':<34}{len(at_rate.sent_at):>7}"
                f"{at_rate.refused:>8}{at_rate.errors:>7}{'':>8}{p50:>9.0f}{p99:>9.0f}"
            )
            print(
                f"{'  (ack latency)':<34}{'':>7}{'':>8}{'':>7}{'':>8}"
                f"{pct(acks, 0.5):>9.1f}{pct(acks, 0.99):>9.1f}"
            )
            figures |= {
                "steady_rate_per_s": RATE,
                "steady_answered": len(answers),
                "steady_answer_p50_ms": round(p50, 1),
                "steady_answer_p99_ms": round(p99, 1),
                "steady_ack_p50_ms": round(pct(acks, 0.5), 2),
                "steady_ack_p99_ms": round(pct(acks, 0.99), 2),
            }
            print(
                f"\nGoals: >= {GOAL_PER_SECOND} full logs/s: "
                f"{'met' if throughput >= GOAL_PER_SECOND else 'NOT met'} ({throughput:.0f}); "
                f"answer p99 <= {GOAL_P99_MS} ms at {RATE:g}/s: "
                f"{'met' if p99 <= GOAL_P99_MS else 'NOT met'} ({p99:.0f} ms)"
            )
        figures["logged_total"] = logged
    finally:
        for proc in reversed(procs):  # the server first: its last answers reach the fake
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        await admin(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    if profile:
        from profile_support import report

        figures |= report(
            LOG_DIR, sent_count - sat.refused - sat.errors, figures["cpu_server_ms_per_log"]
        )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="shorter phases, fewer people")
    parser.add_argument("--profile", action="store_true", help="cProfile + SQL counts instead")
    parser.add_argument(
        "--role", choices=["bench", "fake-slack", "profiled-server"], default="bench"
    )
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    if args.role == "fake-slack":
        serve_forever(fake_slack_app(), args.port)
        return 0
    if args.role == "profiled-server":
        from profile_support import serve_profiled

        return serve_profiled(Path(args.out))
    try:
        asyncio.run(admin("SELECT 1"))
    except OSError as exc:
        print(f"PostgreSQL at {PG_URL} is not reachable ({exc}); set INROADS_TEST_POSTGRES_URL.")
        print(json.dumps({"skipped": "PostgreSQL not reachable"}))
        return 0
    print(json.dumps(asyncio.run(run(args.quick, args.profile))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
