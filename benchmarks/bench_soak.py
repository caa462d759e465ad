"""Crash/restart soak: SIGKILL the bot while it delivers thousands of reminders.

A real bot process (composition root, real Slack and Discord notifiers, the reminder
dispatcher) drains a database of reminders into a local fake Slack/Discord that records
every delivery. The soak kills it with SIGKILL at random moments (`--kills`, default 20),
leaves it down for a random while (reminders keep coming due), restarts it, and at the end
lets it drain. Then it counts, per reminder, how many times the fake platform received it:

* lost = due reminders never delivered (goal 0);
* duplicated on Slack = sends the platform accepted just before a kill, whose "sent" was
  not yet committed (at-least-once: bounded by sends in flight at the kills);
* duplicated on Discord = 0, because every retry carries the same nonce with
  enforce_nonce, and Discord (and the fake) return the first message instead.

Prints a table and, as the last line, a JSON object of figures.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from benchmarks.soak_fake_platform import FakePlatform
from bot.domain import Reminder, ReminderKind, ReminderStatus, UserSettings
from storage import tables
from storage.engine import create_engine, session_factory
from storage.mapping import start_mappers
from storage.migrate import upgrade

BOT = Path(__file__).resolve().parent / "soak_bot.py"
OPEN = (ReminderStatus.PENDING.value, ReminderStatus.CLAIMED.value)


def _people() -> list[tuple[str, str, str]]:
    slack = [("slack", f"T{w}", f"U{w}{u:03d}") for w in range(4) for u in range(10)]
    discord = [
        ("discord", f"{9000 + w}", f"{10**17 + w * 100 + u}") for w in range(4) for u in range(10)
    ]
    return slack + discord


async def _seed(url: str, count: int, horizon: float, rng: random.Random) -> datetime:
    start_mappers()
    engine = create_engine(url)
    await upgrade(engine)
    now = datetime.now(UTC)
    people = _people()
    async with session_factory(engine)() as session:
        for platform, ws, user in people:
            # Quiet hours off: the soak measures delivery, not the time of day it runs at.
            session.add(UserSettings(platform, ws, user, quiet_start="00:00", quiet_end="00:00"))
        for n in range(count):
            platform, ws, user = people[n % len(people)]
            due = now + timedelta(seconds=rng.uniform(-20.0, horizon))
            session.add(
                Reminder(platform, ws, user, ReminderKind.CUSTOM.value, due, text=f"soak {n}")
            )
        await session.commit()
    await engine.dispose()
    return now


async def _spawn(url: str, fake: FakePlatform) -> asyncio.subprocess.Process:
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        str(BOT),
        "--database-url",
        url,
        "--slack-url",
        fake.slack_url,
        "--discord-base",
        fake.discord_base,
        stdout=asyncio.subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert proc.stdout is not None
    line = await asyncio.wait_for(proc.stdout.readline(), 60)
    if line.strip() != b"ready":
        raise RuntimeError(f"soak bot did not start: {line!r}")
    return proc


async def _open_rows(url: str) -> int:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            t = tables.reminders
            result = await conn.execute(select(func.count()).where(t.c.status.in_(OPEN)))
            return int(result.scalar_one())
    finally:
        await engine.dispose()


async def _unsettled(url: str, fake: FakePlatform) -> set[tuple[str, int]]:
    """Reminders the platform has received but the database does not record as sent:
    right after a kill, exactly the sends whose "sent" the killed process never committed."""
    statuses = {(p, i): s for i, p, s in await _final_rows(url)}
    return {
        (platform, reminder_id)
        for platform, counts in fake.deliveries.items()
        for reminder_id in counts
        if statuses.get((platform, reminder_id)) != ReminderStatus.SENT.value
    }


async def _final_rows(url: str) -> list[tuple[int, str, str]]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            t = tables.reminders
            result = await conn.execute(select(t.c.id, t.c.platform, t.c.status))
            return [(int(i), str(p), str(s)) for i, p, s in result.all()]
    finally:
        await engine.dispose()


async def soak(
    *, kills: int, reminders: int, seed: int, database_url: str | None = None
) -> dict[str, Any]:
    rng = random.Random(seed)
    workdir = tempfile.mkdtemp(prefix="inroads-soak-")
    url = database_url or f"sqlite+aiosqlite:///{workdir}/soak.sqlite3"
    horizon = max(5.0, kills * 1.5)
    started = time.perf_counter()
    await _seed(url, reminders, horizon, rng)
    fake = FakePlatform(seed=seed)
    await fake.start()
    inflight_at_kills = 0
    unsettled: set[tuple[str, int]] = set()
    try:
        for generation in range(kills):
            fake.generation = generation
            proc = await _spawn(url, fake)
            await asyncio.sleep(rng.uniform(0.2, 1.5))
            inflight_at_kills += fake.in_flight["slack"]
            proc.send_signal(signal.SIGKILL)
            await proc.wait()
            while any(fake.in_flight.values()):  # noqa: ASYNC110 - requests the dead process left
                await asyncio.sleep(0.005)
            unsettled |= await _unsettled(url, fake)
            await asyncio.sleep(rng.uniform(0.1, 1.0))  # down: reminders keep coming due
        fake.generation = kills
        proc = await _spawn(url, fake)
        deadline = time.monotonic() + horizon + 120
        while time.monotonic() < deadline:
            if await _open_rows(url) == 0 and time.perf_counter() - started > horizon:
                break
            await asyncio.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(proc.wait(), 10)
        except TimeoutError:
            proc.kill()
            await proc.wait()
        rows = await _final_rows(url)
    finally:
        await fake.stop()
    figures: dict[str, Any] = {"reminders": reminders, "kills": kills}
    for platform in ("slack", "discord"):
        ids = [i for i, p, _ in rows if p == platform]
        got = fake.deliveries[platform]
        figures[f"{platform}_reminders"] = len(ids)
        figures[f"{platform}_delivered"] = sum(1 for i in ids if got[i] > 0)
        figures[f"{platform}_lost"] = sum(1 for i in ids if got[i] == 0)
        figures[f"{platform}_duplicates"] = sum(got[i] - 1 for i in ids if got[i] > 1)
    figures["sent_but_unrecorded_at_kills"] = len(unsettled)
    figures["duplicates_not_explained_by_a_kill"] = sum(
        1
        for platform, counts in fake.deliveries.items()
        for reminder_id, n in counts.items()
        if n > 1 and (platform, reminder_id) not in unsettled
    )
    figures["rows_not_sent"] = sum(1 for _, _, s in rows if s != ReminderStatus.SENT.value)
    figures["discord_nonce_repeats_absorbed"] = fake.nonce_hits
    figures["discord_nonce_repeats_same_process"] = fake.nonce_hits_same_process
    figures["slack_sends_in_flight_at_kills"] = inflight_at_kills
    figures["duplicates_without_a_kill"] = fake.same_process_duplicates()
    figures["unattributed_messages"] = fake.unattributed
    figures["elapsed_s"] = round(time.perf_counter() - started, 1)
    return figures


def print_figures(figures: dict[str, Any]) -> None:
    print(f"{'platform':<10}{'reminders':>11}{'delivered':>11}{'lost':>7}{'duplicates':>12}")
    for platform in ("slack", "discord"):
        print(
            f"{platform:<10}{figures[f'{platform}_reminders']:>11}"
            f"{figures[f'{platform}_delivered']:>11}{figures[f'{platform}_lost']:>7}"
            f"{figures[f'{platform}_duplicates']:>12}"
        )
    print(
        f"kills: {figures['kills']}, Slack sends in flight at the kills: "
        f"{figures['slack_sends_in_flight_at_kills']}, Discord repeats absorbed by nonce: "
        f"{figures['discord_nonce_repeats_absorbed']}, rows not sent: "
        f"{figures['rows_not_sent']}, sent but unrecorded at the kills: "
        f"{figures['sent_but_unrecorded_at_kills']}, duplicates not explained by a kill: "
        f"{figures['duplicates_not_explained_by_a_kill']}, duplicates without a kill: "
        f"{figures['duplicates_without_a_kill']}, elapsed {figures['elapsed_s']} s"
    )
    print(json.dumps(figures))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # Defaults keep `make bench` near two minutes; `make soak` asks for 20 kills, 3,000.
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--reminders", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--database-url", default=None, help="default: a temporary SQLite file")
    args = parser.parse_args()
    figures = asyncio.run(
        soak(
            kills=args.kills,
            reminders=args.reminders,
            seed=args.seed,
            database_url=args.database_url,
        )
    )
    print_figures(figures)
    lost = figures["slack_lost"] + figures["discord_lost"]
    bad = (
        lost
        or figures["discord_duplicates"]
        or figures["duplicates_without_a_kill"]
        or figures["duplicates_not_explained_by_a_kill"]
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
