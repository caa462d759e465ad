"""The dispatcher on real databases (SQLite and PostgreSQL): delivery, failures, deferrals."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import Actor, Reminder
from bot.ports import DeliveryError
from bot.ports.reminders import Settlement
from bot.reminders.dispatch import DispatchConfig, ReminderDispatcher
from bot.reply import Reply
from tests.conftest import ALICE, BOB, CoreHarness
from tests.fakes import DmOnlyNotifier

NOON = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


class ScriptedNotifier(DmOnlyNotifier):
    """Counts every call; raises what `errors` holds (in order), else records the DM."""

    def __init__(self, errors: Sequence[Exception] = (), delay: float = 0.0) -> None:
        self.errors = list(errors)
        self.calls: list[str] = []
        self.sent: list[tuple[Actor, Reply, str]] = []
        self.delay = delay

    async def send_dm(self, recipient: Actor, reply: Reply, *, idempotency_key: str) -> str:
        self.calls.append(idempotency_key)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.errors:
            raise self.errors.pop(0)
        self.sent.append((recipient, reply, idempotency_key))
        return f"m{len(self.sent)}"


def dispatcher(
    core: CoreHarness, notifier: ScriptedNotifier, **config: object
) -> ReminderDispatcher:
    core.dispatcher.services.notifier = notifier
    options: dict[str, object] = {"rate_per_workspace": None, **config}
    return ReminderDispatcher(core.dispatcher.services, DispatchConfig(**options))  # type: ignore[arg-type]


async def add(core: CoreHarness, due: datetime, owner: Actor = ALICE, text: str = "x") -> int:
    async with core.uow() as uow:
        row = Reminder(owner.platform, owner.workspace_id, owner.user_id, "custom", due, text=text)
        await uow.reminders.add(row)
        await uow.commit()
    assert row.id is not None
    return row.id


async def fetch(core: CoreHarness, rid: int, owner: Actor = ALICE) -> Reminder:
    async with core.uow() as uow:
        row = await uow.reminders.get(owner, rid)
    assert row is not None
    return row


async def quiet_off(core: CoreHarness, *owners: Actor) -> None:
    for owner in owners or (ALICE,):
        await core.say("checkin settings quiet:off", owner)


async def test_due_while_down_is_sent_once_and_marked_late(sql_core: CoreHarness) -> None:
    await quiet_off(sql_core)
    sql_core.clock.current = NOON
    rid = await add(sql_core, NOON - timedelta(hours=5), text="Send the deck")
    on_time = await add(sql_core, NOON - timedelta(seconds=30))
    notifier = ScriptedNotifier()
    first = await dispatcher(sql_core, notifier).run_once()
    again = await dispatcher(sql_core, notifier).run_once()
    assert (first.sent, again.claimed) == (2, 0)
    assert sorted(notifier.calls) == sorted([f"reminder-{rid}", f"reminder-{on_time}"])
    late = await fetch(sql_core, rid)
    assert late.status == "sent"
    assert late.late is True
    assert late.sent_at == NOON
    assert late.message_ref
    assert late.claim_token is None
    assert (await fetch(sql_core, on_time)).late is False
    reply = next(r for _, r, key in notifier.sent if key == f"reminder-{rid}")
    assert "Send the deck" in reply.plain_text()
    assert "sent late" in reply.footer
    commands = [a.command for a in reply.actions]
    assert commands[0] == f"checkin done {rid}"
    assert f"checkin snooze {rid} 1d" in commands
    assert f"checkin snooze {rid} 1w" in commands
    assert f"checkin skip {rid}" in commands


@pytest.mark.parametrize(
    "reason", ["cannot_dm_bot", "user_not_found", "account_inactive", "50007", "50278"]
)
async def test_permanent_failure_is_never_retried_and_told_once(
    sql_core: CoreHarness, reason: str
) -> None:
    await quiet_off(sql_core)
    rid = await add(sql_core, sql_core.clock.now())
    notifier = ScriptedNotifier([DeliveryError(reason, permanent=True)])
    stats = await dispatcher(sql_core, notifier).run_once()
    assert stats.failed == 1
    row = await fetch(sql_core, rid)
    assert (row.status, row.last_error, row.attempts) == ("failed", reason, 1)
    sql_core.clock.advance(timedelta(days=2))
    assert (await dispatcher(sql_core, notifier).run_once()).claimed == 0
    assert notifier.calls == [f"reminder-{rid}"]
    first = await sql_core.say("checkin list")
    assert f"couldn't send you check-in #{rid}" in first
    assert reason in first
    second = await sql_core.say("checkin list")
    assert "couldn't send you" not in second
    assert "couldn't send you" not in await sql_core.say("checkin list", BOB)


async def test_transient_failures_back_off_then_give_up(sql_core: CoreHarness) -> None:
    await quiet_off(sql_core)
    rid = await add(sql_core, sql_core.clock.now())
    errors = [DeliveryError("server_error", permanent=False) for _ in range(10)]
    notifier = ScriptedNotifier(errors)
    run = dispatcher(sql_core, notifier, max_attempts=3, backoff_base_seconds=60)
    await run.run_once()
    row = await fetch(sql_core, rid)
    assert (row.status, row.attempts, row.last_error) == ("pending", 1, "server_error")
    assert row.not_before is not None
    assert row.not_before >= sql_core.clock.now() + timedelta(seconds=60)
    assert (await run.run_once()).claimed == 0  # still backing off
    sql_core.clock.advance(timedelta(seconds=70))
    await run.run_once()
    row = await fetch(sql_core, rid)
    assert row.attempts == 2
    assert row.not_before is not None
    assert row.not_before >= sql_core.clock.now() + timedelta(seconds=120)  # doubled
    sql_core.clock.advance(timedelta(minutes=5))
    await run.run_once()
    row = await fetch(sql_core, rid)
    assert (row.status, row.attempts) == ("failed", 3)
    assert "gave up" in row.last_error
    assert len(notifier.calls) == 3


async def test_retry_after_is_honoured(sql_core: CoreHarness) -> None:
    await quiet_off(sql_core, ALICE)
    first = await add(sql_core, sql_core.clock.now())
    notifier = ScriptedNotifier([DeliveryError("ratelimited", permanent=False, retry_after=120)])
    run = dispatcher(sql_core, notifier)
    await run.run_once()
    row = await fetch(sql_core, first)
    assert row.status == "pending"
    assert row.not_before == sql_core.clock.now() + timedelta(seconds=120)
    # The workspace is blocked meanwhile: another reminder there is not even claimed.
    second = await add(sql_core, sql_core.clock.now())
    stats = await run.run_once()
    assert (stats.claimed, stats.deferred) == (0, 0)
    assert notifier.calls == [f"reminder-{first}"]
    untouched = await fetch(sql_core, second)
    assert (untouched.status, untouched.attempts, untouched.not_before) == ("pending", 0, None)


async def test_send_timeout_is_a_transient_failure(sql_core: CoreHarness) -> None:
    await quiet_off(sql_core)
    rid = await add(sql_core, sql_core.clock.now())
    notifier = ScriptedNotifier(delay=1.0)
    await dispatcher(sql_core, notifier, send_timeout_seconds=0.05).run_once()
    row = await fetch(sql_core, rid)
    assert row.status == "pending"
    assert "no answer" in row.last_error


async def test_quiet_hours_defer_to_the_morning(sql_core: CoreHarness) -> None:
    await sql_core.say("checkin settings timezone:Europe/Paris")
    sql_core.clock.current = datetime(2026, 10, 24, 21, 30, tzinfo=UTC)  # 23:30 CEST
    rid = await add(sql_core, sql_core.clock.now())
    notifier = ScriptedNotifier()
    run = dispatcher(sql_core, notifier)
    assert (await run.run_once()).deferred == 1
    row = await fetch(sql_core, rid)
    # Clocks go back that night: 08:00 CET on the 25th is 07:00 UTC.
    assert (row.status, row.attempts) == ("pending", 0)
    assert row.not_before == datetime(2026, 10, 25, 7, 0, tzinfo=UTC)
    sql_core.clock.current = datetime(2026, 10, 25, 6, 59, tzinfo=UTC)
    assert (await run.run_once()).claimed == 0
    sql_core.clock.current = datetime(2026, 10, 25, 7, 0, tzinfo=UTC)
    assert (await run.run_once()).sent == 1
    assert (await fetch(sql_core, rid)).late is False


async def test_paused_user_gets_nothing_until_unpaused(sql_core: CoreHarness) -> None:
    await sql_core.say("checkin settings quiet:off pause:on")
    rid = await add(sql_core, sql_core.clock.now())
    notifier = ScriptedNotifier()
    run = dispatcher(sql_core, notifier)
    await run.run_once()
    assert (await fetch(sql_core, rid)).status == "pending"
    assert notifier.calls == []
    await sql_core.say("checkin settings pause:off")
    assert (await run.run_once()).sent == 1


async def test_expired_lease_is_claimed_again_and_stale_claimer_cannot_settle(
    sql_core: CoreHarness,
) -> None:
    await quiet_off(sql_core)
    rid = await add(sql_core, sql_core.clock.now())
    async with sql_core.uow() as uow:
        [claimed] = await uow.reminders.claim_due(
            sql_core.clock.now(), limit=10, lease_seconds=60, token="dead"
        )
        await uow.commit()
    assert claimed.id == rid
    notifier = ScriptedNotifier()
    run = dispatcher(sql_core, notifier)
    assert (await run.run_once()).claimed == 0  # lease still running
    sql_core.clock.advance(timedelta(seconds=61))
    assert (await run.run_once()).sent == 1
    async with sql_core.uow() as uow:
        changed = await uow.reminders.settle(
            "dead", [Settlement(rid, "failed", last_error="late claimer")]
        )
        await uow.commit()
    assert changed == set()
    row = await fetch(sql_core, rid)
    assert (row.status, row.attempts) == ("sent", 2)


async def test_owner_acting_mid_flight_wins_over_the_settle(sql_core: CoreHarness) -> None:
    await quiet_off(sql_core)
    rid = await add(sql_core, sql_core.clock.now())
    async with sql_core.uow() as uow:
        await uow.reminders.claim_due(sql_core.clock.now(), limit=1, lease_seconds=60, token="t")
        await uow.commit()
    assert "done" in await sql_core.say(f"checkin done {rid}")
    async with sql_core.uow() as uow:
        changed = await uow.reminders.settle("t", [Settlement(rid, "sent")])
        await uow.commit()
    assert changed == set()
    assert (await fetch(sql_core, rid)).status == "done"


async def test_workspace_rate_limit_claims_only_what_can_go_out(sql_core: CoreHarness) -> None:
    await quiet_off(sql_core, ALICE, BOB)
    ids = [await add(sql_core, sql_core.clock.now(), owner) for owner in (ALICE, BOB, ALICE)]
    notifier = ScriptedNotifier()
    run = dispatcher(
        sql_core, notifier, rate_per_workspace=0.001, burst_per_workspace=1, max_rate_wait_seconds=0
    )
    stats = await run.run_once()
    assert (stats.claimed, stats.sent, stats.deferred) == (1, 1, 0)
    rows = [await fetch(sql_core, i, o) for i, o in zip(ids, (ALICE, BOB, ALICE), strict=True)]
    assert sorted(r.status for r in rows) == ["pending", "pending", "sent"]
    # The overflow was never claimed, so it carries no attempt and no deferral.
    assert all((r.attempts, r.not_before) == (0, None) for r in rows if r.status == "pending")
    # The bucket is empty now: the workspace is left out of the next claim altogether.
    assert (await run.run_once()).claimed == 0


async def test_crash_looping_reminder_gives_up(sql_core: CoreHarness) -> None:
    await quiet_off(sql_core)
    rid = await add(sql_core, sql_core.clock.now())
    for _ in range(4):  # four dispatchers that die right after claiming
        async with sql_core.uow() as uow:
            await uow.reminders.claim_due(
                sql_core.clock.now(), limit=1, lease_seconds=1, token=f"t{_}"
            )
            await uow.commit()
        sql_core.clock.advance(timedelta(seconds=2))
    notifier = ScriptedNotifier()
    await dispatcher(sql_core, notifier, max_attempts=3).run_once()
    row = await fetch(sql_core, rid)
    assert row.status == "failed"
    assert notifier.calls == []


async def test_claim_takes_at_most_the_batch_and_never_a_row_twice(sql_core: CoreHarness) -> None:
    for _ in range(30):
        await add(sql_core, sql_core.clock.now())
    now = sql_core.clock.now()
    async with sql_core.uow() as first, sql_core.uow() as second:
        a = await first.reminders.claim_due(now, limit=7, lease_seconds=60, token="a")
        await first.commit()
        b = await second.reminders.claim_due(now, limit=50, lease_seconds=60, token="b")
        await second.commit()
    assert len(a) == 7
    assert len(b) == 23
    assert not {r.id for r in a} & {r.id for r in b}
