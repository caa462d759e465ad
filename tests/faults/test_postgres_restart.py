"""PostgreSQL goes away mid-run and comes back: graceful failures, then no reminder lost.

Runs against a private throwaway cluster (never the shared server). The database is
stopped while the reminder dispatcher is in the middle of a batch, so some sends reach
the platform but their "sent" cannot be committed. While it is down, commands answer
with the apology (no exception escapes, nothing half-written) and the scheduler's
dispatch job logs and carries on. After the restart, commands work again on the same
engine (idle connections are pinged and replaced) and every reminder ends up delivered: rows left claimed come back
when their lease expires (at-least-once: a repeat is allowed only within the batch that
was being sent when the database vanished).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from adapters.scheduler.jobs import run_dispatch
from bot.dispatcher import INTERNAL_ERROR_TEXT, Dispatcher
from bot.domain import Actor, Reminder, ReminderKind, ReminderStatus
from bot.registry import all_specs
from bot.reminders.dispatch import DispatchConfig, ReminderDispatcher
from bot.reply import Reply
from bot.services import Services
from storage import tables
from storage.engine import create_engine, session_factory
from storage.mapping import start_mappers
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWorkFactory
from tests.conftest import IN_CI
from tests.fakes import FixedClock, RecordingNotifier
from tests.faults.private_postgres import PrivatePostgres, binaries

pytestmark = pytest.mark.slow
ALICE = Actor("slack", "T1", "U1", "Alice")
REMINDERS = 30
LEASE = 30.0


class SlowNotifier(RecordingNotifier):
    """Takes a moment per send, so the database can vanish mid-batch."""

    def __init__(self) -> None:
        super().__init__()
        self.three_sent = asyncio.Event()

    async def send_dm(self, recipient: Actor, reply: Reply, *, idempotency_key: str) -> str:
        await asyncio.sleep(0.02)
        ref = await super().send_dm(recipient, reply, idempotency_key=idempotency_key)
        if len(self.sent) >= 3:
            self.three_sent.set()
        return ref

    async def send_group(
        self, members: Sequence[Actor], reply: Reply, *, idempotency_key: str
    ) -> str:
        return await super().send_group(members, reply, idempotency_key=idempotency_key)


@pytest.fixture
def cluster() -> Iterator[PrivatePostgres]:
    bin_dir = binaries()
    if bin_dir is None:
        reason = "PostgreSQL server binaries (initdb, pg_ctl) are not installed"
        if IN_CI:
            pytest.fail(f"required under CI: {reason}")
        pytest.skip(reason)
    pg = PrivatePostgres.create(bin_dir)
    pg.start()
    try:
        yield pg
    finally:
        pg.destroy()


async def _statuses(services: Services) -> dict[str, int]:
    async with services.uow() as uow:
        session = uow.session  # type: ignore[attr-defined]
        t = tables.reminders
        rows = await session.execute(select(t.c.status, func.count()).group_by(t.c.status))
        return {str(s): int(n) for s, n in rows.all()}


async def test_database_restart_mid_dispatch_loses_no_reminder(cluster: PrivatePostgres) -> None:
    start_mappers()
    engine = create_engine(cluster.url)
    await upgrade(engine)
    clock = FixedClock()
    notifier = SlowNotifier()
    services = Services(
        uow=SqlUnitOfWorkFactory(session_factory(engine)), clock=clock, notifier=notifier
    )
    commands = Dispatcher(services, all_specs())
    reminders = ReminderDispatcher(
        services, DispatchConfig(lease_seconds=LEASE, rate_per_workspace=None, concurrency=4)
    )
    try:
        start = clock.now() - timedelta(minutes=1)
        async with services.uow() as uow:
            for n in range(REMINDERS):
                due = start + timedelta(seconds=20 * n)
                await uow.reminders.add(
                    Reminder("slack", "T1", "U1", ReminderKind.CUSTOM.value, due, text=f"r{n}")
                )
            await uow.commit()
        assert not (await commands.run_text(ALICE, 'interview log "Jane Doe"')).is_error

        # Half of them are due; stop the database while that batch is being sent.
        clock.advance(timedelta(minutes=4))
        batch = asyncio.create_task(run_dispatch(reminders))
        await notifier.three_sent.wait()
        due_at_stop = clock.now()
        interrupted_batch = {
            f"reminder-{n + 1}"
            for n in range(REMINDERS)
            if start + timedelta(seconds=20 * n) <= due_at_stop
        }
        await asyncio.to_thread(cluster.stop)
        await batch  # the job swallows and logs; it never raises into the scheduler

        # Down: every command fails gracefully, the dispatch job keeps ticking.
        clock.advance(timedelta(minutes=2))
        for line in ('interview log "Bob Ray"', "interview list", "checkin list"):
            reply = await commands.run_text(ALICE, line)
            assert reply.is_error
            assert INTERNAL_ERROR_TEXT in reply.text
        await run_dispatch(reminders)

        # Back: the same engine reconnects; everything due goes out, nothing is lost.
        await asyncio.to_thread(cluster.start)
        assert "Jane Doe" in (await commands.run_text(ALICE, "interview list")).plain_text()
        clock.advance(timedelta(minutes=10, seconds=LEASE))
        for _ in range(5):
            await run_dispatch(reminders)
            clock.advance(timedelta(seconds=LEASE + 1))
        assert await _statuses(services) == {ReminderStatus.SENT.value: REMINDERS}
        keys = [m.idempotency_key for m in notifier.sent]
        assert set(keys) == {f"reminder-{i}" for i in range(1, REMINDERS + 1)}
        # Repeats only among the batch that was being sent when the database vanished
        # (its "sent" could not be recorded); nothing claimed later is ever repeated.
        repeated = {k for k in keys if keys.count(k) > 1}
        assert repeated <= interrupted_batch
        assert "Bob Ray" not in (await commands.run_text(ALICE, "interview list")).plain_text()
    finally:
        await engine.dispose()
