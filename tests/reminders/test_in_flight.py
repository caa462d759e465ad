"""The mechanism that keeps a crash from doubling a reminder (issue 15 §6), on SQLite and
PostgreSQL: the in-flight mark is committed before the platform call, a row left in
flight by a dead process is looked up on the platform before it is sent again, and a
living dispatcher's lease is renewed while its send is out."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

from bot.domain import Actor, Reminder
from bot.ports.delivery import DeliveryUnverifiable
from bot.reminders.dispatch import DispatchConfig, ReminderDispatcher
from bot.reply import Reply
from tests.conftest import ALICE, CoreHarness
from tests.fakes import DmOnlyNotifier

LEASE = 20.0


class Platform(DmOnlyNotifier):
    """Records each DM; `seen` reads the row from the database as the call arrives."""

    def __init__(self, core: CoreHarness) -> None:
        self.core = core
        self.sent: list[str] = []
        self.rows_at_call: list[Reminder] = []
        self.release = asyncio.Event()
        self.release.set()

    async def send_dm(self, recipient: Actor, reply: Reply, *, idempotency_key: str) -> str:
        rid = int(idempotency_key.removeprefix("reminder-"))
        async with self.core.uow() as uow:  # a separate session: sees only what committed
            row = await uow.reminders.get(recipient, rid)
        assert row is not None
        self.rows_at_call.append(row)
        await self.release.wait()
        self.sent.append(idempotency_key)
        return f"msg-{len(self.sent)}"


class LookupPlatform(Platform):
    """A platform that can say what already arrived (as Slack's history does)."""

    def __init__(self, core: CoreHarness, *, has: dict[str, str], can_tell: bool = True) -> None:
        super().__init__(core)
        self.has = has
        self.can_tell = can_tell
        self.asked: list[tuple[str, datetime]] = []

    async def find_delivered(
        self, recipient: Actor, *, idempotency_key: str, since: datetime
    ) -> str | None:
        self.asked.append((idempotency_key, since))
        if not self.can_tell:
            raise DeliveryUnverifiable("no history scope")
        return self.has.get(idempotency_key)


def dispatcher(core: CoreHarness, notifier: Platform, **config: object) -> ReminderDispatcher:
    core.dispatcher.services.notifier = notifier
    options: dict[str, object] = {"rate_per_workspace": None, "lease_seconds": LEASE, **config}
    return ReminderDispatcher(core.dispatcher.services, DispatchConfig(**options))  # type: ignore[arg-type]


async def add_due(core: CoreHarness) -> int:
    async with core.uow() as uow:
        row = Reminder(
            ALICE.platform, ALICE.workspace_id, ALICE.user_id, "custom", core.clock.now(), text="x"
        )
        await uow.reminders.add(row)
        await uow.commit()
    assert row.id is not None
    return row.id


async def fetch(core: CoreHarness, rid: int) -> Reminder:
    async with core.uow() as uow:
        row = await uow.reminders.get(ALICE, rid)
    assert row is not None
    return row


async def crash_mid_send(core: CoreHarness, rid: int) -> datetime:
    """What a process killed during the platform call leaves: the row claimed, marked in
    flight, never settled. Then the clock moves past the lease."""
    marked_at = core.clock.now()
    async with core.uow() as uow:
        (claimed,) = await uow.reminders.claim_due(
            marked_at, limit=10, lease_seconds=LEASE, token="dead"
        )
        assert claimed.id == rid
        assert await uow.reminders.mark_in_flight("dead", [rid], marked_at) == {rid}
        await uow.commit()
    core.clock.advance(timedelta(seconds=LEASE + 1))
    return marked_at


async def test_the_mark_is_committed_before_the_platform_call(sql_core: CoreHarness) -> None:
    rid = await add_due(sql_core)
    platform = Platform(sql_core)
    stats = await dispatcher(sql_core, platform).run_once()
    assert stats.sent == 1
    (at_call,) = platform.rows_at_call
    assert at_call.status == "claimed"
    assert at_call.sending_since == sql_core.clock.now()
    row = await fetch(sql_core, rid)
    assert (row.status, row.message_ref, row.sending_since) == ("sent", "msg-1", None)


async def test_a_row_sent_before_the_crash_is_found_and_not_sent_again(
    sql_core: CoreHarness,
) -> None:
    rid = await add_due(sql_core)
    marked_at = await crash_mid_send(sql_core, rid)
    platform = LookupPlatform(sql_core, has={f"reminder-{rid}": "D1:1700000000.000100"})
    stats = await dispatcher(sql_core, platform).run_once()
    assert platform.asked == [(f"reminder-{rid}", marked_at)]
    assert platform.sent == []
    assert (stats.rechecked, stats.already_delivered, stats.unverified_resends) == (1, 1, 0)
    row = await fetch(sql_core, rid)
    assert (row.status, row.message_ref, row.sending_since) == (
        "sent",
        "D1:1700000000.000100",
        None,
    )


async def test_a_row_the_platform_never_got_is_sent_once_keeping_the_first_mark(
    sql_core: CoreHarness,
) -> None:
    rid = await add_due(sql_core)
    marked_at = await crash_mid_send(sql_core, rid)
    platform = LookupPlatform(sql_core, has={})
    stats = await dispatcher(sql_core, platform).run_once()
    assert platform.sent == [f"reminder-{rid}"]
    # The resend's own mark keeps the first attempt's time: a second crash now would
    # still look back far enough to find either message.
    assert platform.rows_at_call[0].sending_since == marked_at
    assert (stats.rechecked, stats.already_delivered, stats.unverified_resends) == (1, 0, 0)
    assert (await fetch(sql_core, rid)).status == "sent"


async def test_when_the_platform_cannot_tell_the_reminder_goes_again_and_is_counted(
    sql_core: CoreHarness,
) -> None:
    rid = await add_due(sql_core)
    await crash_mid_send(sql_core, rid)
    platform = LookupPlatform(sql_core, has={f"reminder-{rid}": "ignored"}, can_tell=False)
    stats = await dispatcher(sql_core, platform).run_once()
    assert platform.sent == [f"reminder-{rid}"]
    assert (stats.rechecked, stats.already_delivered, stats.unverified_resends) == (1, 0, 1)

    # A notifier without the lookup at all (the console) is the same case.
    second = await add_due(sql_core)
    await crash_mid_send(sql_core, second)
    plain = Platform(sql_core)
    stats = await dispatcher(sql_core, plain).run_once()
    assert plain.sent == [f"reminder-{second}"]
    assert stats.unverified_resends == 1


async def test_a_failed_attempt_keeps_the_mark_and_a_fresh_row_is_not_checked(
    sql_core: CoreHarness,
) -> None:
    """A row that never went out has no mark, so nobody asks the platform about it; a
    row put back after a timeout keeps its mark (the message may have arrived)."""
    rid = await add_due(sql_core)
    platform = LookupPlatform(sql_core, has={})
    platform.release.clear()  # the platform never answers: the send times out
    stats = await dispatcher(sql_core, platform, send_timeout_seconds=0.05).run_once()
    assert (stats.retried, stats.rechecked) == (1, 0)
    assert platform.asked == []
    row = await fetch(sql_core, rid)
    assert row.status == "pending"
    assert row.sending_since is not None


async def test_the_lease_is_renewed_while_a_send_is_out(sql_core: CoreHarness) -> None:
    rid = await add_due(sql_core)
    start = sql_core.clock.now()
    platform = Platform(sql_core)
    platform.release.clear()  # the platform is slow: the send stays out
    run = asyncio.create_task(dispatcher(sql_core, platform, lease_renew_seconds=0.01).run_once())
    async with asyncio.timeout(10):
        while not platform.rows_at_call:  # noqa: ASYNC110 - the call itself is the event
            await asyncio.sleep(0.01)
        assert platform.rows_at_call[0].claimed_until == start + timedelta(seconds=LEASE)
        # Time passes well beyond the first lease while the send is still out.
        sql_core.clock.advance(timedelta(seconds=3 * LEASE))
        renewed = sql_core.clock.now() + timedelta(seconds=LEASE)
        while (await fetch(sql_core, rid)).claimed_until != renewed:  # noqa: ASYNC110 - a database has no event to await
            await asyncio.sleep(0.01)
    # Renewed, the row is not up for grabs by another dispatcher.
    async with sql_core.uow() as uow:
        taken = await uow.reminders.claim_due(
            sql_core.clock.now(), limit=10, lease_seconds=LEASE, token="other"
        )
        await uow.commit()
    assert taken == []
    platform.release.set()
    stats = await run
    assert stats.sent == 1
    row = await fetch(sql_core, rid)
    assert (row.status, row.claim_token, row.claimed_until) == ("sent", None, None)
