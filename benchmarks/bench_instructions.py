"""Instructions per full `/interview log` in the server: a figure the machine's speed
does not move.

Why: on the shared 2-core development machine, the CPU a log costs (bench_commands.py)
swings by a third between runs of the same code, with the fake Slack and the client,
which do the same work every time, swinging with it. Comparing two versions then takes
many interleaved runs and still leaves 5-10% changes unresolved. Counting the
instructions the server executes per log (valgrind's callgrind, over the measured part)
gives the same number for the same code, whatever the neighbours do.

The set-up is bench_commands.py's: the real `inroads run` on PostgreSQL, signed slash
commands over HTTP, answers at a fake Slack's response_url, every command a full log of
a new contact. The server runs under callgrind; after a warm-up its counters are
zeroed, COMMANDS logs are sent at RATE a second (valgrind slows the server about fifty
times) and answered, and the counters are dumped. What the server does with no commands
at all (timers, pollers), counted over IDLE_SECONDS just before, is taken off at its
rate per second. Two runs of one tree agree within 0.3% (13.01 and 13.05 million
per log, 2026-12-07), on one machine: the same tree read 15.71 million (idle 6.9
million a second) on the next session's machine, so compare trees on the same machine,
alternately, never with a figure from another day. Valgrind slows the server about fifty times, so timers weigh
more against the work than they do at full speed: a change to timing (a poller, a
batch window) moves this figure more than it moves CPU; compare trees that differ in
the work per command.

Instructions are not time: a syscall counts as one instruction and a cache miss as
none, so this complements the CPU figures rather than replacing them. Needs valgrind
(skipped, with a JSON line saying so, without it). Part of `make bench`; about three
minutes. Usage: python benchmarks/bench_instructions.py [--commands N]
(last line: JSON figures)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from bench_commands import server_env
from command_load_support import (
    SEEDED_CONTACTS,
    Population,
    distinct_names,
    seed_journals,
    steady,
    wait_logged,
)
from slack_load_support import (
    PG_URL,
    admin,
    fake_slack_app,
    free_port,
    serve_forever,
    spawn,
    wait_http,
)

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = str(Path(__file__).resolve())
LOG_DIR = Path(tempfile.gettempdir()) / f"bench_instructions_{uuid.uuid4().hex[:6]}"
COMMANDS = 300
RATE = 8.0
#: Seconds of no commands, counted first: what the server's timers and pollers cost
#: per second (subtracted, so the figure per log does not depend on RATE).
IDLE_SECONDS = 15.0
PEOPLE = (2, 10)  # workspaces x people: few, so the warm-up under valgrind is short


def _control(pid: int, *args: str) -> str:
    done = subprocess.run(
        ["callgrind_control", *args, str(pid)], capture_output=True, text=True, check=True
    )
    return done.stdout


async def _counted(pid: int, out_dir: Path, number: int) -> int:
    """Dump the counters (zeroed at the window's start) and read the instructions of the
    `number`-th dump from its `summary:` line."""
    _control(pid, "--dump")
    dump = out_dir / f"callgrind.out.{number}"
    for _ in range(100):  # the dump is written by the server's own thread
        if dump.exists() and "totals:" in dump.read_text(errors="replace"):
            break
        await asyncio.sleep(0.2)
    for line in dump.read_text(errors="replace").splitlines():
        found = re.match(r"summary:\s+(\d+)", line)
        if found:
            return int(found.group(1))
    raise RuntimeError(f"no summary in {dump}")


async def run(commands: int) -> dict[str, Any]:
    fake_port, port = free_port(), free_port()
    fake_url = f"http://127.0.0.1:{fake_port}"
    url = f"http://127.0.0.1:{port}/slack/events"
    db_name = f"inroads_instr_{uuid.uuid4().hex[:8]}"
    from sqlalchemy.engine import make_url

    db_url = make_url(PG_URL).set(database=db_name).render_as_string(hide_password=False)
    population = Population(*PEOPLE, names=distinct_names(SEEDED_CONTACTS + commands + 20))
    out_dir = LOG_DIR / "callgrind"
    out_dir.mkdir(parents=True, exist_ok=True)
    procs: list[subprocess.Popen[str]] = []
    await admin(f'CREATE DATABASE "{db_name}"')
    try:
        procs.append(fake := spawn([sys.executable, SCRIPT, "--fake", str(fake_port)], LOG_DIR))
        await wait_http(fake_url + "/stats", fake)
        env = server_env(db_url, port, fake_url)
        migrate = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "adapters.cli", "migrate", env=env, cwd=ROOT
        )
        if await migrate.wait():
            raise RuntimeError("migrating the benchmark's database failed")
        await seed_journals(db_url, population)
        server_cmd = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out_dir}/callgrind.out",
            sys.executable,
            "-m",
            "adapters.cli",
            "run",
        ]
        procs.append(server := spawn(server_cmd, LOG_DIR, env))
        await wait_http(f"http://127.0.0.1:{port}/readyz", server, limit=900)
        warm = await steady(
            url, fake_url, population, rate=RATE, seconds=population.size / RATE, start=0
        )
        logged = await wait_logged(fake_url, len(warm.sent_at), limit=300)
        _control(server.pid, "--zero")
        await asyncio.sleep(IDLE_SECONDS)
        idle_per_s = await _counted(server.pid, out_dir, 1) / IDLE_SECONDS
        _control(server.pid, "--zero")
        began = time.monotonic()
        sent = await steady(
            url, fake_url, population, rate=RATE, seconds=commands / RATE, start=len(warm.sent_at)
        )
        expected = logged + len(sent.sent_at) - sent.refused - sent.errors
        answered = await wait_logged(fake_url, expected, limit=300) - logged
        counted = await _counted(server.pid, out_dir, 2)
        seconds = time.monotonic() - began
    finally:
        for proc in reversed(procs):
            proc.terminate()
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
        await admin(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    per_log = (counted - idle_per_s * seconds) / max(answered, 1)
    print(f"{'commands answered while counting':<44}{answered:>14}")
    print(f"{'seconds it took':<44}{seconds:>14.1f}")
    print(f"{'server instructions counted':<44}{counted:>14,}")
    print(f"{'  of which timers and pollers (idle rate)':<44}{idle_per_s * seconds:>14,.0f}")
    print(f"{'server instructions per full log':<44}{per_log:>14,.0f}")
    return {
        "answered": answered,
        "errors": sent.errors,
        "server_instructions_per_log_millions": round(per_log / 1e6, 3),
        "server_idle_instructions_per_s_millions": round(idle_per_s / 1e6, 3),
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--commands", type=int, default=COMMANDS)
    parser.add_argument("--fake", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fake:
        serve_forever(fake_slack_app(), args.fake)
        return 0
    if shutil.which("valgrind") is None or shutil.which("callgrind_control") is None:
        print(json.dumps({"skipped": "valgrind is not installed"}))
        return 0
    try:
        asyncio.run(admin("SELECT 1"))
    except OSError as exc:
        print(json.dumps({"skipped": f"PostgreSQL not reachable ({exc})"}))
        return 0
    print(json.dumps(asyncio.run(run(args.commands))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
