"""Helpers for the crash-redelivery tests of each platform: a core on fakes whose clock
is the wall clock (a platform stamps messages with real time), one due reminder, and
the state a process killed mid-send leaves behind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.bootstrap import build_services
from bot.domain import Actor, Reminder
from bot.ports import Notifier
from bot.reminders.dispatch import DispatchConfig, DispatchStats, ReminderDispatcher
from bot.reply import Reply
from tests.fakes import FakeUnitOfWorkFactory, FixedClock

LEASE = 20.0
CHECK_IN = Reply(title="Check in with Dana", text="You wanted to send Dana the deck.")


@dataclass
class Outbox:
    uow: FakeUnitOfWorkFactory
    clock: FixedClock
    owner: Actor

    async def add_due(self) -> int:
        o = self.owner
        row = Reminder(o.platform, o.workspace_id, o.user_id, "custom", self.clock.now(), text="x")
        async with self.uow() as uow:
            # The clock is the wall clock, so quiet hours are off: at 21:00 UTC the
            # default quiet hours would hold the reminder and these tests fail by night.
            prefs = await uow.settings.get_or_default(o)
            prefs.quiet_start = prefs.quiet_end = "00:00"
            await uow.settings.save(prefs)
            await uow.reminders.add(row)
            await uow.commit()
        assert row.id is not None
        return row.id

    async def die_mid_send(self, rid: int) -> None:
        """Claimed and marked in flight by a process that is then killed."""
        async with self.uow() as uow:
            (row,) = await uow.reminders.claim_due(
                self.clock.now(), limit=10, lease_seconds=LEASE, token="dead"
            )
            assert row.id == rid
            assert await uow.reminders.mark_in_flight("dead", [rid], self.clock.now()) == {rid}
            await uow.commit()

    def lease_runs_out(self, extra: float = 1.0) -> None:
        self.clock.advance(timedelta(seconds=LEASE + extra))

    async def deliver(self, notifier: Notifier) -> DispatchStats:
        services = build_services(self.uow, clock=self.clock, notifier=notifier)
        config = DispatchConfig(rate_per_workspace=None, lease_seconds=LEASE)
        return await ReminderDispatcher(services, config).run_once()

    async def row(self, rid: int) -> Reminder:
        async with self.uow() as uow:
            row = await uow.reminders.get(self.owner, rid)
        assert row is not None
        return row


def outbox(owner: Actor) -> Outbox:
    return Outbox(FakeUnitOfWorkFactory(), FixedClock(datetime.now(UTC)), owner)
