"""A clean stop finishes the send in flight and hands every other claim back at once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import Actor
from bot.reply import Reply
from tests.conftest import CoreHarness
from tests.fakes import DmOnlyNotifier
from tests.reminders.test_dispatch import ScriptedNotifier, add, dispatcher, fetch, quiet_off

NOON = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


class GatedNotifier(DmOnlyNotifier):
    """The first send waits for `release`; the test stops the dispatcher meanwhile."""

    def __init__(self) -> None:
        self.started = asyncio.Event()
        self.release = asyncio.Event()
        self.sent: list[str] = []

    async def send_dm(self, recipient: Actor, reply: Reply, *, idempotency_key: str) -> str:
        self.started.set()
        await self.release.wait()
        self.sent.append(idempotency_key)
        return "m"


async def test_stop_sends_what_is_in_flight_and_releases_the_rest(sql_core: CoreHarness) -> None:
    await quiet_off(sql_core)
    sql_core.clock.current = NOON
    ids = [await add(sql_core, NOON - timedelta(minutes=1)) for _ in range(3)]
    notifier = GatedNotifier()
    worker = dispatcher(sql_core, notifier, concurrency=1)  # type: ignore[arg-type]
    run = asyncio.create_task(worker.run_once())
    await asyncio.wait_for(notifier.started.wait(), 10)
    worker.stop()
    notifier.release.set()
    await asyncio.wait_for(run, 10)
    rows = [await fetch(sql_core, rid) for rid in ids]
    assert len(notifier.sent) == 1
    assert sorted(r.status for r in rows) == ["pending", "pending", "sent"]
    for row in rows:
        if row.status == "pending":
            assert row.attempts == 0  # the attempt was handed back, not spent


async def test_a_batch_stops_sending_when_results_cannot_be_recorded(
    core: CoreHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database went away mid-batch: the rest of the batch is not sent, because every
    further send would be repeated once the lease brings the rows back."""
    from tests.fakes import FakeReminders

    await quiet_off(core)
    core.clock.current = NOON
    for _ in range(6):
        await add(core, NOON - timedelta(minutes=1))

    async def broken_settle(self: object, token: str, settlements: object) -> set[int]:
        raise ConnectionError("database is gone")

    monkeypatch.setattr(FakeReminders, "settle", broken_settle)
    notifier = ScriptedNotifier()
    worker = dispatcher(core, notifier, concurrency=1, settle_linger_seconds=0.0)  # type: ignore[arg-type]
    await worker.run_once()
    assert 1 <= len(notifier.sent) <= 2


#: The running test's events (an asyncio.Event belongs to one loop: made per test).
SLOW_JOB: dict[str, asyncio.Event] = {}


async def slow_job() -> None:
    """A scheduled job still running when the stop comes (a mentoring sweep, say)."""
    SLOW_JOB["started"].set()
    await asyncio.sleep(0.3)
    SLOW_JOB["finished"].set()


async def test_stop_lets_a_running_job_finish_instead_of_cancelling_it(
    sql_core: CoreHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """APScheduler cancels running jobs at shutdown and logs each as an error with a
    traceback (the long fuzz run caught one in the console's output)."""
    from adapters.scheduler.component import SchedulerComponent

    SLOW_JOB["started"], SLOW_JOB["finished"] = asyncio.Event(), asyncio.Event()
    component = SchedulerComponent(sql_core.dispatcher.services, interval_seconds=3600)
    component.add_interval_job("slow", slow_job, seconds=3600, first_run=datetime.now(UTC))
    await component.start()
    await asyncio.wait_for(SLOW_JOB["started"].wait(), 10)
    await component.stop()
    assert SLOW_JOB["finished"].is_set()
    assert "raised an exception" not in caplog.text
    assert not component.scheduler.running
