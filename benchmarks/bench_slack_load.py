"""Slack load: signed slash commands over real HTTP against `inroads run` on PostgreSQL.

Three processes, all on 127.0.0.1, so the server under test has a core of its own:
* the server: the real `inroads run` (Slack over HTTP, scheduler, PostgreSQL in a fresh
  database), or, as the floor, a bare slack-bolt AsyncApp that only acks, served the
  same way (aiohttp + bolt's request adapter). Two floors: bolt's defaults (the issue's
  floor; each ack waits for bolt's 10 ms poll) and `process_before_response=True`
  (how Inroads runs bolt: the fastest bolt acks, the stricter comparison);
* a fake Slack Web API (auth.test, users.info, conversations.open, chat.postMessage, the
  response_url), its own process;
* this process: N concurrent clients, each sending signed `/interview log ...` commands
  (a DB write once acked) and timing request -> HTTP 200 (what Slack's 3 s applies to).

Phase 1: 10, 50, 100 concurrent clients, floor then Inroads. Phase 2: 10,000 reminders
(1,000 workspaces x 10 people, quiet hours off) become due at once, and the same levels
run while the dispatcher sends them. Every loop is bounded in requests and time.

Run it on an otherwise idle machine: server, PostgreSQL, fake and client share its cores,
so other work on the machine inflates both the floor and Inroads. "backlog" is how long
the work after ack (DB write, answer at response_url) took to catch up after a level.

Usage: python benchmarks/bench_slack_load.py [--quick]   (last line: JSON figures)
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
from slack_load_support import (
    PG_URL,
    admin,
    command_body,
    count_rows,
    fake_slack_app,
    floor_app,
    free_port,
    inroads_env,
    insert_reminders,
    serve_forever,
    signed,
    wait_http,
)
from slack_load_support import spawn as spawn_logged

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = str(Path(__file__).resolve())
sys.path.insert(0, str(ROOT))

LEVELS = (10, 50, 100)


LOG_DIR = Path(tempfile.gettempdir()) / f"bench_slack_load_{os.getpid()}"


def spawn(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return spawn_logged(args, LOG_DIR, env)


@dataclass
class Result:
    concurrency: int
    requests: int
    errors: int
    seconds: float
    latencies: list[float]
    #: response_url id -> when the request was sent (wall clock, to match the fake's)
    sent_at: dict[str, float]

    def pct(self, q: float) -> float:
        return pct(sorted(self.latencies), q)

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


async def load(url: str, fake_url: str, concurrency: int, total: int, tag: str) -> Result:
    latencies: list[float] = []
    sent_at: dict[str, float] = {}
    errors = 0
    numbers = itertools.count()
    deadline = time.monotonic() + 20  # hard bound per level, whatever happens

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal errors
        while (i := next(numbers)) < total and time.monotonic() < deadline:
            body = command_body(i, fake_url, tag)
            sent_at[f"{tag}-{i}"] = time.time()
            started = time.perf_counter()
            try:
                async with session.post(url, data=body, headers=signed(body)) as response:
                    await response.read()
                    ok = response.status == 200
            except (aiohttp.ClientError, TimeoutError):
                ok = False
            if ok:
                latencies.append(time.perf_counter() - started)
            else:
                errors += 1

    connector = aiohttp.TCPConnector(limit=concurrency)
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        started = time.perf_counter()
        await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return Result(concurrency, len(latencies) + errors, errors, elapsed, latencies, sent_at)


async def wait_answers(fake_url: str, expected: int, limit: float = 30) -> float:
    """Seconds until every acked command was answered (the work after ack), bounded."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if (await fake_stats(fake_url)).get("response_url", 0) >= expected:
            break
        await asyncio.sleep(0.1)
    return time.perf_counter() - started


async def answer_latencies(fake_url: str, result: Result) -> list[float]:
    """Seconds from sending each command to its answer reaching the response_url: what
    the person waits for (the ack only keeps Slack from showing an error)."""
    async with aiohttp.ClientSession() as session, session.get(fake_url + "/answers") as r:
        answered: dict[str, float] = await r.json()
    return sorted(answered[k] - sent for k, sent in result.sent_at.items() if k in answered)


def pct(values: list[float], q: float) -> float:
    """The q-quantile of sorted `values` (seconds), in milliseconds."""
    return values[min(len(values) - 1, int(q * len(values)))] * 1000 if values else 0.0


async def fake_stats(fake_url: str) -> dict[str, int]:
    async with aiohttp.ClientSession() as session, session.get(fake_url + "/stats") as r:
        data: dict[str, int] = await r.json()
        return data


# ----------------------------------------------------------------- the run
def row(label: str, r: Result, extra: str = "") -> str:
    return (
        f"{label:<22}{r.concurrency:>5}{r.requests:>7}{r.errors:>6}{r.rps:>9.0f}"
        f"{r.pct(0.5):>9.1f}{r.pct(0.99):>9.1f}{max(r.latencies, default=0) * 1000:>9.1f}  {extra}"
    )


async def run(quick: bool) -> dict[str, Any]:
    per_level = {10: 100, 50: 200, 100: 300} if quick else {10: 200, 50: 400, 100: 600}
    fake_port, floor_port, inroads_port = free_port(), free_port(), free_port()
    direct_port = free_port()
    fake_url = f"http://127.0.0.1:{fake_port}"
    db_name = f"inroads_bench_{uuid.uuid4().hex[:8]}"
    from sqlalchemy.engine import make_url

    db_url = make_url(PG_URL).set(database=db_name).render_as_string(hide_password=False)
    me = [sys.executable, SCRIPT]
    procs: list[subprocess.Popen[str]] = []
    figures: dict[str, Any] = {}
    await admin(f'CREATE DATABASE "{db_name}"')
    try:
        procs.append(fake := spawn([*me, "--role", "fake-slack", "--port", str(fake_port)]))
        await wait_http(fake_url + "/stats", fake)
        procs.append(
            floor := spawn(
                [*me, "--role", "floor", "--port", str(floor_port), "--api", fake_url + "/api/"]
            )
        )
        procs.append(
            direct := spawn(
                [
                    *me,
                    "--role",
                    "floor-direct",
                    "--port",
                    str(direct_port),
                    "--api",
                    fake_url + "/api/",
                ]
            )
        )
        env = inroads_env(db_url, inroads_port, fake_url)
        procs.append(server := spawn([sys.executable, "-m", "adapters.cli", "run"], env))
        await wait_http(f"http://127.0.0.1:{inroads_port}/readyz", server)
        floor_url = f"http://127.0.0.1:{floor_port}/slack/events"
        direct_url = f"http://127.0.0.1:{direct_port}/slack/events"
        inroads_url = f"http://127.0.0.1:{inroads_port}/slack/events"
        for url in (floor_url, direct_url, inroads_url):  # warm-up: auth.test, pools, users
            await load(url, fake_url, 10, 200, "warm")
        answered = 200  # commands Inroads acked so far (each is answered at response_url)
        await wait_answers(fake_url, answered)

        header = f"{'':<22}{'conc':>5}{'reqs':>7}{'errs':>6}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}"
        print("Phase 1: signed /interview log over HTTP (ack latency)")
        print(header)
        for level in LEVELS:
            floor_r = await load(floor_url, fake_url, level, per_level[level], f"f{level}")
            direct_r = await load(direct_url, fake_url, level, per_level[level], f"d{level}")
            inroads_r = await load(inroads_url, fake_url, level, per_level[level], f"i{level}")
            answered += inroads_r.requests - inroads_r.errors
            drained = await wait_answers(fake_url, answered)
            answers = await answer_latencies(fake_url, inroads_r)
            ratio = inroads_r.pct(0.5) / floor_r.pct(0.5) if floor_r.pct(0.5) else 0.0
            strict = inroads_r.pct(0.5) / direct_r.pct(0.5) if direct_r.pct(0.5) else 0.0
            print(row("bolt floor (defaults)", floor_r))
            print(row("bolt floor (direct)", direct_r))
            print(
                row(
                    "inroads",
                    inroads_r,
                    f"median {ratio:.2f}x floor, {strict:.2f}x direct; backlog {drained:.1f} s",
                ),
                flush=True,
            )
            print(
                f"{'  answer at response_url':<28}p50 {pct(answers, 0.5):.0f} ms, "
                f"p99 {pct(answers, 0.99):.0f} ms ({len(answers)} answered)"
            )
            figures |= {
                f"floor_c{level}_rps": round(floor_r.rps, 1),
                f"floor_c{level}_p50_ms": round(floor_r.pct(0.5), 2),
                f"floor_c{level}_p99_ms": round(floor_r.pct(0.99), 2),
                f"inroads_c{level}_rps": round(inroads_r.rps, 1),
                f"inroads_c{level}_p50_ms": round(inroads_r.pct(0.5), 2),
                f"inroads_c{level}_p99_ms": round(inroads_r.pct(0.99), 2),
                f"inroads_c{level}_errors": inroads_r.errors,
                f"inroads_c{level}_median_x_floor": round(ratio, 2),
                f"floor_direct_c{level}_p50_ms": round(direct_r.pct(0.5), 2),
                f"floor_direct_c{level}_p99_ms": round(direct_r.pct(0.99), 2),
                f"inroads_c{level}_median_x_direct_floor": round(strict, 2),
                f"inroads_c{level}_backlog_s": round(drained, 1),
                f"inroads_c{level}_answer_p50_ms": round(pct(answers, 0.5), 1),
                f"inroads_c{level}_answer_p99_ms": round(pct(answers, 0.99), 1),
            }

        # Every acked command is written and answered (background work after ack).
        expected = answered
        written = await count_rows(db_url, "SELECT count(*) FROM interviews")
        print(f"interviews written: {written} of {expected} acked log commands")
        figures["phase1_interviews_written"] = written
        figures["phase1_log_commands_acked"] = expected

        print("\nPhase 2: the same while 10,000 due reminders are dispatched")
        inserted = await insert_reminders(db_url, 1000, 10)
        burst_started = time.perf_counter()
        sent_before = (await fake_stats(fake_url)).get("chat.postMessage", 0)
        print(header + "  DMs sent meanwhile")
        worst = 0.0
        for level in LEVELS:
            at_start = (await fake_stats(fake_url)).get("chat.postMessage", 0)
            r = await load(inroads_url, fake_url, level, per_level[level], f"b{level}")
            during = (await fake_stats(fake_url)).get("chat.postMessage", 0) - at_start
            print(row("inroads + burst", r, f"{during}"), flush=True)
            worst = max(worst, max(r.latencies, default=0) * 1000)
            figures |= {
                f"burst_c{level}_rps": round(r.rps, 1),
                f"burst_c{level}_p50_ms": round(r.pct(0.5), 2),
                f"burst_c{level}_p99_ms": round(r.pct(0.99), 2),
                f"burst_c{level}_errors": r.errors,
                f"burst_c{level}_dms_sent_during": during,
            }
        for _ in range(600):  # bounded wait for the rest of the burst (60 s)
            sent = await count_rows(db_url, "SELECT count(*) FROM reminders WHERE status='sent'")
            if sent >= inserted:
                break
            await asyncio.sleep(0.1)
        burst_seconds = time.perf_counter() - burst_started
        sent = await count_rows(db_url, "SELECT count(*) FROM reminders WHERE status='sent'")
        dms = (await fake_stats(fake_url)).get("chat.postMessage", 0) - sent_before
        print(
            f"reminders: {sent} of {inserted} marked sent in {burst_seconds:.1f} s "
            f"({sent / burst_seconds:.0f}/s); chat.postMessage calls: {dms}; "
            f"slowest ack during the burst: {worst:.0f} ms"
        )
        figures |= {
            "burst_reminders_sent": sent,
            "burst_reminders_per_s": round(sent / burst_seconds, 1),
            "burst_duplicate_dms": max(dms - sent, 0),
            "burst_max_ack_ms": round(worst, 1),
        }
        print(
            "\nGoals: p99 <= 100 ms at 50 concurrent: "
            f"{'met' if figures['inroads_c50_p99_ms'] <= 100 else 'NOT met'}; "
            "median <= 2x floor at 50: "
            f"{'met' if figures['inroads_c50_median_x_floor'] <= 2 else 'NOT met'} "
            f"({figures['inroads_c50_median_x_direct_floor']}x the direct floor); "
            "p99 <= 250 ms during the burst (50): "
            f"{'met' if figures['burst_c50_p99_ms'] <= 250 else 'NOT met'}; "
            f"no ack over 3 s: {'met' if worst <= 3000 else 'NOT met'}"
        )
    finally:
        for proc in reversed(procs):
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
        if "server" in locals() and server.returncode not in (0, None):
            print(f"inroads exited {server.returncode}; its log: {LOG_DIR}")
        await admin(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    return figures


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer requests per level")
    parser.add_argument(
        "--role", choices=["bench", "fake-slack", "floor", "floor-direct"], default="bench"
    )
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--api", default="")
    args = parser.parse_args()
    if args.role == "fake-slack":
        serve_forever(fake_slack_app(), args.port)
        return 0
    if args.role in ("floor", "floor-direct"):
        direct = args.role == "floor-direct"
        serve_forever(floor_app(args.api, process_before_response=direct), args.port)
        return 0
    try:
        asyncio.run(admin("SELECT 1"))
    except OSError as exc:
        print(f"PostgreSQL at {PG_URL} is not reachable ({exc}); set INROADS_TEST_POSTGRES_URL.")
        print(json.dumps({"skipped": "PostgreSQL not reachable"}))
        return 0
    figures = asyncio.run(run(args.quick))
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
