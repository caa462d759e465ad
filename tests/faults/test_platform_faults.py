"""The platform APIs misbehave: 500s, timeouts and 429 storms, through the real notifiers.

The real reminder dispatcher sends through the real Slack notifier (slack_sdk) and the
real Discord notifier (discord.py), wrapped in the ops MeteredNotifier, to a local fake
that answers as scripted. We check that failures become retries with growing backoff
(never a lost or doubled message, never an ERROR), that Retry-After is waited out before
the next call and counted in the rate-limit metric, and that the event loop is never
blocked: a ticker measures the longest gap between its 10 ms sleeps. The bound (1 s) is
a correctness check that nothing sleeps synchronously, not a performance figure.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import discord
import pytest

from adapters.discord.notifier import DiscordNotifier
from adapters.notifier import RoutingNotifier
from adapters.ops.metered import MeteredNotifier
from adapters.ops.metrics import Metrics
from adapters.slack.notifier import SlackNotifier
from bot.bootstrap import build_services
from bot.domain import Reminder, ReminderKind, ReminderStatus, UserSettings
from bot.ports import Clock
from bot.reminders.dispatch import DispatchConfig, ReminderDispatcher
from bot.services import Services, SystemClock
from storage.engine import create_engine, session_factory
from storage.mapping import start_mappers
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWorkFactory
from tests.fakes import FixedClock
from tests.faults.fake_api import FakeApi

MAX_STALL_SECONDS = 1.0
DISCORD_USER = "100000000000000001"
WORKSPACES = {"slack": "T1", "discord": "900000000000000001"}


class StallMeter:
    """Longest time the event loop went without running a 10 ms ticker."""

    def __init__(self) -> None:
        self.max_gap = 0.0
        self._task: asyncio.Task[None] | None = None

    async def _tick(self) -> None:
        loop = asyncio.get_running_loop()
        last = loop.time()
        while True:
            await asyncio.sleep(0.01)
            now = loop.time()
            self.max_gap = max(self.max_gap, now - last - 0.01)
            last = now

    def start(self) -> None:
        self._task = asyncio.create_task(self._tick())

    async def stop(self) -> None:
        assert self._task is not None
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task


@dataclass
class World:
    fake: FakeApi
    services: Services
    metrics: Metrics
    stall: StallMeter

    def dispatcher(self, **config: float | int | None) -> ReminderDispatcher:
        return ReminderDispatcher(self.services, DispatchConfig(**config))  # type: ignore[arg-type]

    async def add(self, platform: str, user: str, count: int = 1) -> list[int]:
        ids = []
        due = self.services.clock.now() - timedelta(seconds=1)
        workspace = WORKSPACES[platform]
        async with self.services.uow() as uow:
            for n in range(count):
                who = f"{user}{n}" if count > 1 else user
                # Quiet hours off: the real-clock tests must not depend on the time of day.
                await uow.settings.save(
                    UserSettings(platform, workspace, who, quiet_start="00:00", quiet_end="00:00")
                )
                reminder = Reminder(platform, workspace, who, ReminderKind.CUSTOM.value, due)
                await uow.reminders.add(reminder)
                ids.append(reminder.id)
            await uow.commit()
        return [i for i in ids if i is not None]

    async def row(self, reminder_id: int) -> Reminder:
        async with self.services.uow() as uow:
            rows = await uow.reminders.claim_due(  # read-only use: a far-past "now" claims none
                datetime(2000, 1, 1, tzinfo=UTC), limit=0, lease_seconds=0, token="none"
            )
            assert not rows
            session = uow.session  # type: ignore[attr-defined]
            found = await session.get(Reminder, reminder_id)
            assert found is not None
            return found  # type: ignore[no-any-return]

    def rate_limited(self, platform: str) -> float:
        value = self.metrics.registry.get_sample_value(
            "inroads_platform_rate_limited_total", {"platform": platform}
        )
        return value or 0.0


async def _world(tmp_path: Path, clock: Clock) -> AsyncIterator[World]:
    start_mappers()
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/faults.sqlite3")
    await upgrade(engine)
    fake = await FakeApi().start()
    previous_base = discord.http.Route.BASE
    discord.http.Route.BASE = fake.discord_base
    client = discord.Client(intents=discord.Intents.none())
    await client.login("fault-token")

    async def token(_team: str) -> str:
        return "xoxb-fault-token"

    routing = RoutingNotifier()
    metrics = Metrics()
    routing.register(
        "slack",
        SlackNotifier(fake.slack_url, token, on_rate_limited=lambda: metrics.rate_limited("slack")),
    )
    routing.register("discord", DiscordNotifier(client))
    services = build_services(
        SqlUnitOfWorkFactory(session_factory(engine)),
        clock=clock,
        notifier=MeteredNotifier(routing, metrics),
    )
    stall = StallMeter()
    stall.start()
    try:
        yield World(fake, services, metrics, stall)
    finally:
        await stall.stop()
        await client.close()
        discord.http.Route.BASE = previous_base
        await fake.stop()
        await engine.dispose()


@pytest.fixture
async def fixed(tmp_path: Path) -> AsyncIterator[World]:
    async for world in _world(tmp_path, FixedClock()):
        yield world


@pytest.fixture
async def real_time(tmp_path: Path) -> AsyncIterator[World]:
    async for world in _world(tmp_path, SystemClock()):
        yield world


def _no_errors(caplog: pytest.LogCaptureFixture) -> None:
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors


async def test_slack_500s_and_timeouts_back_off_then_deliver_once(
    fixed: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    clock = fixed.services.clock
    assert isinstance(clock, FixedClock)
    (rid,) = await fixed.add("slack", "U1")
    fixed.fake.script("slack", "500", "timeout", "500", "ok")
    dispatcher = fixed.dispatcher(send_timeout_seconds=0.5, rate_per_workspace=None)
    delays = []
    for _ in range(3):
        stats = await dispatcher.run_once()
        assert stats.retried == 1
        row = await fixed.row(rid)
        assert row.status == ReminderStatus.PENDING.value
        assert row.not_before is not None
        delays.append((row.not_before - clock.now()).total_seconds())
        clock.advance(timedelta(seconds=delays[-1] - 1))
        assert (await dispatcher.run_once()).claimed == 0  # not before the backoff is over
        clock.advance(timedelta(seconds=2))
    assert (await dispatcher.run_once()).sent == 1
    assert [c.answer for c in fixed.fake.of("slack")] == ["500", "timeout", "500", "ok"]
    assert 30 <= delays[0] < delays[1] < delays[2]  # exponential backoff
    assert delays[1] >= 1.8 * delays[0]
    assert (await fixed.row(rid)).status == ReminderStatus.SENT.value
    assert fixed.stall.max_gap < MAX_STALL_SECONDS
    _no_errors(caplog)


async def test_discord_500_is_retried_and_a_timeout_backs_off(
    fixed: World, caplog: pytest.LogCaptureFixture
) -> None:
    clock = fixed.services.clock
    assert isinstance(clock, FixedClock)
    first, second = (
        await fixed.add("discord", DISCORD_USER),
        await fixed.add("discord", "100000000000000002"),
    )
    fixed.fake.script("discord", "500", "ok", "timeout")
    dispatcher = fixed.dispatcher(send_timeout_seconds=3.0, rate_per_workspace=None, concurrency=1)
    stats = await dispatcher.run_once()
    # discord.py retried the 500 by itself after a pause; the timeout became our retry.
    assert stats.sent == 1
    assert stats.retried == 1
    calls = fixed.fake.of("discord")
    assert [c.answer for c in calls] == ["500", "ok", "timeout"]
    assert calls[1].at - calls[0].at >= 0.9  # discord.py's own backoff, awaited not slept
    statuses = {(await fixed.row(i)).status for i in (*first, *second)}
    assert statuses == {ReminderStatus.SENT.value, ReminderStatus.PENDING.value}
    clock.advance(timedelta(hours=1))
    assert (await dispatcher.run_once()).sent == 1
    assert len(fixed.fake.of("discord")) == 4  # the nonce keeps even a real repeat single
    assert fixed.stall.max_gap < MAX_STALL_SECONDS
    _no_errors(caplog)


async def test_slack_429_storm_honours_retry_after_and_counts_it(
    real_time: World, caplog: pytest.LogCaptureFixture
) -> None:
    """Nine 429s for three concurrent DMs: slack_sdk's retry handler waits out Retry-After
    twice per call (RATE_LIMIT_RETRIES), the third 429 reaches the dispatcher, which
    blocks the workspace and retries the row later. Every DM arrives exactly once."""
    ids = await real_time.add("slack", "U", count=12)
    real_time.fake.script("slack", *(["429:1"] * 9))
    dispatcher = real_time.dispatcher(
        concurrency=3, rate_per_workspace=None, max_rate_wait_seconds=5.0
    )
    for _ in range(400):
        await dispatcher.run_once()
        rows = [await real_time.row(i) for i in ids]
        if all(r.status == ReminderStatus.SENT.value for r in rows):
            break
        await asyncio.sleep(0.05)
    assert all(r.status == ReminderStatus.SENT.value for r in rows)
    calls = real_time.fake.of("slack")
    limited = [c for c in calls if c.answer.startswith("429")]
    assert len(limited) == 9
    assert len([c for c in calls if c.answer == "ok"]) == 12  # each delivered exactly once
    # Honoured: after the first 429 nothing is sent inside its Retry-After window (the
    # other two calls were already on the wire when it arrived).
    first = limited[0].at
    inside = [c for c in calls if first + 0.5 < c.at < first + 0.9]
    assert not inside, f"{len(inside)} calls during Retry-After"
    # Counted: every 429 answer, the ones slack_sdk's retry handler absorbs included.
    assert real_time.rate_limited("slack") == len(limited)
    assert real_time.stall.max_gap < MAX_STALL_SECONDS
    _no_errors(caplog)


async def test_discord_429_is_waited_out(
    real_time: World, caplog: pytest.LogCaptureFixture
) -> None:
    (rid,) = await real_time.add("discord", DISCORD_USER)
    real_time.fake.script("discord", "429:1.0")
    dispatcher = real_time.dispatcher(rate_per_workspace=None, send_timeout_seconds=10.0)
    assert (await dispatcher.run_once()).sent == 1
    refused, delivered = real_time.fake.of("discord")
    assert refused.answer == "429:1.0"
    assert delivered.at - refused.at >= 0.95
    assert (await real_time.row(rid)).status == ReminderStatus.SENT.value
    assert real_time.stall.max_gap < MAX_STALL_SECONDS
    _no_errors(caplog)
