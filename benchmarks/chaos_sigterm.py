"""Chaos, part a: a burst of Slack commands, SIGTERM mid-burst, a new process takes over.

The real bot (`python -m adapters.cli run`, Slack over HTTP on 127.0.0.1, a fresh
PostgreSQL database) serves many clients sending signed `/interview log "Person …"`
commands, each with its own response_url on a recording fake Slack API (every fifth from
one busy person, who goes past their limit and is told so). Once a given
number have been acknowledged, the process gets SIGTERM while the burst goes on; it must
exit within its shutdown budget, handing back what it has not run. A second process then
starts on the same database and must finish that work. Every command is then judged by
what its person saw and what the database holds:

* acknowledged = HTTP 200 whose ack did not say "busy" or "couldn't take that"
  (a refusal is an honest answer, not acknowledged work, and must write nothing);
* acked_not_written = acknowledged, but no interview with its name (goal 0);
* acked_not_answered = acknowledged, but nothing reached its response_url (goal 0);
* run_twice = names with more than one interview (goal 0).

`sigterm_burst` returns the figures; `print_table` prints them. Used by benchmarks/chaos.py
and tests/ops/test_chaos_sigterm.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import os
import signal
import socket
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import aiohttp
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from benchmarks.slack_load_support import (
    PG_URL,
    admin,
    command_body,
    count_rows,
    fake_slack_app,
    inroads_env,
    signed,
)
from storage import tables
from storage.engine import create_engine
from tests.loopback import serve_on_loopback

ROOT = Path(__file__).resolve().parents[1]
#: What the ack says when nothing was taken (adapters/slack/intake.py's ACK_TEXTS).
REFUSALS = {"busy": "busy right now", "failed": "couldn't take that"}
SHUTDOWN_BUDGET_SECONDS = 10.0  # INROADS_SHUTDOWN_TIMEOUT_SECONDS' default
#: Every fifth command comes from one person: past their limit of waiting
#: commands (adapters/slack/fair.py) the ack says "busy", which must write nothing.
HOT_EVERY = 5


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def _start_bot(env: dict[str, str], log: Path) -> asyncio.subprocess.Process:
    """`python -m adapters.cli run` from this checkout; its output goes to `log` (an unread
    pipe would fill up and block its logging). Returns once /readyz answers 200."""
    with log.open("ab") as out:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "adapters.cli",
            "run",
            stdout=out,
            stderr=out,
            cwd=ROOT,
            env=env | {"PYTHONPATH": str(ROOT)},
        )
    ready = f"http://127.0.0.1:{env['INROADS_HTTP_PORT']}/readyz"
    deadline = time.monotonic() + 90
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            if proc.returncode is not None:
                raise RuntimeError(f"inroads exited {proc.returncode}; see {log}")
            try:
                async with session.get(ready) as response:
                    if response.status == 200:
                        return proc
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"inroads never became ready; see {log}")


def _verdict(status: int, body: str) -> str:
    if status != 200:
        return "error"
    for kind, words in REFUSALS.items():
        if words in body:
            return kind
    return "acked"


async def _burst(
    url: str,
    fake_url: str,
    verdicts: dict[str, str],
    tick: asyncio.Event,
    *,
    commands: int,
    clients: int,
) -> None:
    """Send `commands` signed commands over `clients` connections, filling `verdicts`
    (response_url id -> verdict) and setting `tick` after each answer."""
    numbers = itertools.count()

    async def client(session: aiohttp.ClientSession) -> None:
        while (i := next(numbers)) < commands:
            body = command_body(i, fake_url, "c")
            if i % HOT_EVERY == 0:  # one person sends a fifth of all
                body = body.replace(f"team_id=T{i % 10:04d}&", "team_id=T0000&")
                body = body.replace(f"user_id=UL{i % 200:03d}&", "user_id=UHOT&")
            try:
                async with session.post(url, data=body, headers=signed(body)) as response:
                    verdicts[f"c-{i}"] = _verdict(response.status, await response.text())
            except (aiohttp.ClientError, TimeoutError):
                verdicts[f"c-{i}"] = "error"
                await asyncio.sleep(0.01)  # the server is gone: no busy loop
            tick.set()

    timeout = aiohttp.ClientTimeout(total=10)
    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        await asyncio.gather(*(client(session) for _ in range(clients)))


async def _sigterm_when(
    proc: asyncio.subprocess.Process,
    sender: asyncio.Task[None],
    verdicts: dict[str, str],
    after: int,
    tick: asyncio.Event,
) -> None:
    """SIGTERM once `after` commands are acknowledged (or the burst is over)."""
    while sum(v == "acked" for v in verdicts.values()) < after and not sender.done():
        tick.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(tick.wait(), 0.5)
    proc.send_signal(signal.SIGTERM)


async def _interviews_per_name(db_url: str) -> dict[str, int]:
    engine = create_engine(db_url)
    try:
        async with engine.connect() as conn:
            c, i = tables.contacts, tables.interviews
            rows = await conn.execute(
                select(c.c.name, func.count(i.c.id))
                .join(i, i.c.contact_id == c.c.id)
                .group_by(c.c.name)
            )
            return {str(name).removeprefix("Person "): int(n) for name, n in rows.all()}
    finally:
        await engine.dispose()


async def _inbox_rows(db_url: str) -> int:
    return await count_rows(db_url, "SELECT count(*) FROM inbox")


async def _answers(fake_url: str) -> tuple[set[str], int]:
    """Ids whose response_url was posted to, and how many posts there were in all."""
    async with aiohttp.ClientSession() as session:
        async with session.get(fake_url + "/answers") as r:
            answered: dict[str, float] = await r.json()
        async with session.get(fake_url + "/stats") as r:
            posts = int((await r.json()).get("response_url", 0))
    return set(answered), posts


async def _stop(proc: asyncio.subprocess.Process, within: float) -> tuple[int, float]:
    """SIGTERM (if not sent yet) and wait; returns (exit code, seconds it took)."""
    started = time.monotonic()
    if proc.returncode is None:
        proc.send_signal(signal.SIGTERM)
    try:
        code = await asyncio.wait_for(proc.wait(), within)
    except TimeoutError:
        proc.kill()
        code = await proc.wait()
    return code, time.monotonic() - started


async def sigterm_burst(
    *,
    commands: int = 600,
    clients: int = 50,
    sigterm_after: int | None = None,
    answer_latency: float = 1.0,
) -> dict[str, Any]:
    """Run the scenario in a fresh database (dropped afterwards); returns the figures.
    Each answer at a response_url takes `answer_latency` seconds, so the workers fall
    behind the burst and the stop finds acknowledged commands still waiting."""
    after = sigterm_after if sigterm_after is not None else commands // 3
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="inroads-chaos-"))
    db_name = f"inroads_chaos_{uuid.uuid4().hex[:8]}"
    db_url = make_url(PG_URL).set(database=db_name).render_as_string(hide_password=False)
    runner, fake_port = await serve_on_loopback(fake_slack_app(answer_latency))
    fake_url = f"http://127.0.0.1:{fake_port}"
    await admin(f'CREATE DATABASE "{db_name}"')
    procs: list[asyncio.subprocess.Process] = []
    try:
        first_port, second_port = _free_port(), _free_port()
        first = await _start_bot(inroads_env(db_url, first_port, fake_url), workdir / "first.log")
        procs.append(first)
        tick = asyncio.Event()
        verdicts: dict[str, str] = {}
        url = f"http://127.0.0.1:{first_port}/slack/events"
        sender = asyncio.create_task(
            _burst(url, fake_url, verdicts, tick, commands=commands, clients=clients)
        )
        await _sigterm_when(first, sender, verdicts, after, tick)
        exiting = asyncio.create_task(_stop(first, SHUTDOWN_BUDGET_SECONDS + 5))
        await sender  # the rest of the burst meets a stopping, then a stopped, server
        exit_code, exit_s = await exiting
        handed_back = await _inbox_rows(db_url)
        second = await _start_bot(
            inroads_env(db_url, second_port, fake_url), workdir / "second.log"
        )
        procs.append(second)
        acked = {k for k, v in verdicts.items() if v == "acked"}
        # 12 workers, each answer `answer_latency` s: room for all of them, twice over.
        second_started = time.monotonic()
        deadline = second_started + max(60.0, len(acked) * answer_latency / 6)
        while time.monotonic() < deadline:
            answered, _ = await _answers(fake_url)
            if acked <= answered and await _inbox_rows(db_url) == 0:
                break
            await asyncio.sleep(0.2)
        # Handed back rows are the next process's at once; a stop that overran its slice
        # would leave them held until the lease ran out (a minute).
        caught_up_s = time.monotonic() - second_started
        second_code, second_exit_s = await _stop(second, SHUTDOWN_BUDGET_SECONDS + 5)
        answered, posts = await _answers(fake_url)
        written = await _interviews_per_name(db_url)
    finally:
        for proc in procs:
            if proc.returncode is None:
                proc.kill()
                await proc.wait()
        await runner.cleanup()
        await admin(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    refused = {k for k, v in verdicts.items() if v in REFUSALS}
    return {
        "commands_sent": len(verdicts),
        "clients": clients,
        "answer_latency_s": answer_latency,
        "sigterm_after_acks": after,
        "acknowledged": len(acked),
        "busy_refusals": sum(v == "busy" for v in verdicts.values()),
        "failed_refusals": sum(v == "failed" for v in verdicts.values()),
        "not_acked_connection_errors": sum(v == "error" for v in verdicts.values()),
        "shutdown_budget_s": SHUTDOWN_BUDGET_SECONDS,
        "first_exit_code": exit_code,
        "first_exit_after_sigterm_s": round(exit_s, 2),
        "handed_back_rows": handed_back,
        "second_caught_up_s": round(caught_up_s, 1),
        "second_exit_code": second_code,
        "second_exit_after_sigterm_s": round(second_exit_s, 2),
        "acked_not_written": sum(1 for k in acked if written.get(k, 0) == 0),
        "acked_not_answered": len(acked - answered),
        "run_twice": sum(1 for n in written.values() if n > 1),
        "refused_but_written": sum(1 for k in refused if written.get(k, 0) > 0),
        "answers_beyond_one_per_command": posts - len(answered),
        "logs": str(workdir),
        "elapsed_s": round(time.perf_counter() - started, 1),
    }


def print_table(figures: dict[str, Any]) -> None:
    print(
        f"burst of {figures['commands_sent']} signed /interview log commands from "
        f"{figures['clients']} clients; SIGTERM after {figures['sigterm_after_acks']} acks; "
        f"{figures['answer_latency_s']:g} s per answer at the response_url"
    )
    rows = [
        ("acknowledged", "acknowledged"),
        ("answered 'busy' (not acknowledged)", "busy_refusals"),
        ("answered 'couldn't take' (not ack.)", "failed_refusals"),
        ("no answer (server stopping/gone)", "not_acked_connection_errors"),
        ("first process: exit code", "first_exit_code"),
        ("first process: seconds to exit", "first_exit_after_sigterm_s"),
        ("shutdown budget, seconds", "shutdown_budget_s"),
        ("handed back in the inbox", "handed_back_rows"),
        ("second process: all answered after (s)", "second_caught_up_s"),
        ("second process: exit code", "second_exit_code"),
        ("acknowledged, never written (goal 0)", "acked_not_written"),
        ("acknowledged, never answered (goal 0)", "acked_not_answered"),
        ("run twice (goal 0)", "run_twice"),
        ("refused, but written anyway (goal 0)", "refused_but_written"),
        ("answers beyond one per command", "answers_beyond_one_per_command"),
    ]
    for label, key in rows:
        print(f"  {label:<40}{figures[key]:>10}")
    print(f"  (logs of both processes in {figures['logs']}; {figures['elapsed_s']} s)")


async def pg_reachable() -> bool:
    """Whether the PostgreSQL server of INROADS_TEST_POSTGRES_URL answers."""
    try:
        await admin("SELECT 1")
    except OSError:
        return False
    return True


if __name__ == "__main__":
    print_table(asyncio.run(sigterm_burst(commands=int(os.environ.get("CHAOS_COMMANDS", 600)))))
