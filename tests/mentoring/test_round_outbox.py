"""A round's messages go through the outbox: written with the round, sent after its
commit by the dispatcher, never twice (issue 16 §4)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from bot.bootstrap import build_dispatcher, build_services
from bot.domain import Actor
from storage.uow import SqlUnitOfWorkFactory
from tests.conftest import ALICE, CoreHarness
from tests.fakes import FixedClock, RecordingNotifier
from tests.mentoring.test_commands import BOB, CAROL, DAN, ERIN, rows, setup_group


class CommitFails:
    """A unit-of-work factory whose commits fail while `broken` is set, as when the
    database goes away between the round's last write and its commit."""

    def __init__(self, inner: SqlUnitOfWorkFactory) -> None:
        self.inner = inner
        self.broken = False

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[Any]:
        async with self.inner() as uow:
            if self.broken:

                async def refuse() -> None:
                    raise ConnectionError("the database went away")

                uow.commit = refuse
            yield uow


def intros(core: CoreHarness) -> list[tuple[str, ...]]:
    return sorted(
        tuple(sorted(a.user_id for a in m.recipients))
        for m in core.notifier.sent
        if len(m.recipients) == 2
    )


async def test_a_failed_commit_writes_nothing_and_sends_nothing(
    sql_uow: SqlUnitOfWorkFactory,
) -> None:
    flaky = CommitFails(sql_uow)
    clock, notifier = FixedClock(), RecordingNotifier()
    services = build_services(flaky, clock=clock, notifier=notifier)
    core = CoreHarness(build_dispatcher(services), flaky, clock, notifier)
    await setup_group(core)
    await core.say("mentor config channel:#mentoring", ALICE)

    flaky.broken = True
    assert "Round" not in await core.say("mentor round run", ALICE)
    flaky.broken = False
    await core.deliver()
    assert notifier.sent == []
    assert notifier.posted == []
    async with sql_uow() as uow:
        assert await uow.matches.latest_round("console", "w1") is None
        for member in (BOB, CAROL, DAN, ERIN):
            assert await uow.reminders.list(member) == []
        config = await uow.groups.get("console", "w1")
        assert config is not None
        assert config.last_round_at is None

    # Run again: the round happens once, and so does each introduction.
    assert "Introductions: 2" in await core.say("mentor round run", ALICE)
    await core.deliver()
    await core.deliver()
    assert intros(core) == [("bob", "dan"), ("carol", "erin")]
    assert len(notifier.posted) == 1


async def test_delivery_happens_once_however_often_the_dispatcher_runs(
    core: CoreHarness,
) -> None:
    await setup_group(core)
    await core.say("mentor config channel:#mentoring", ALICE)
    await core.say("mentor round run", ALICE)
    first = await core.deliver()
    assert first.sent == 3  # two introductions and the announcement
    for _ in range(3):
        assert (await core.deliver()).claimed == 0
    # A second round now finds every pair in its cooldown: nobody is introduced again.
    await core.say("mentor round run", ALICE)
    await core.deliver()
    assert intros(core) == [("bob", "dan"), ("carol", "erin")]
    assert len(core.notifier.posted) == 1  # no pairs, no announcement
    told = sorted(m.recipients[0].user_id for m in core.notifier.sent if len(m.recipients) == 1)
    assert told == ["dan", "erin"]


async def test_the_console_that_runs_the_round_sends_nothing_itself(core: CoreHarness) -> None:
    """Only a dispatcher sends; a console's own (one person's) dispatcher never takes
    the round's announcement, which belongs to nobody."""
    from bot.reminders.dispatch import ReminderDispatcher

    await setup_group(core)
    await core.say("mentor config channel:#mentoring", ALICE)
    await core.say("mentor round run", ALICE)
    assert core.notifier.sent == []
    assert core.notifier.posted == []
    console = ReminderDispatcher(core.dispatcher.services, only_for=ALICE)
    assert (await console.run_once()).claimed == 0
    assert (await core.deliver()).sent == 3


async def test_an_intro_waits_for_both_members_quiet_hours(core: CoreHarness) -> None:
    await setup_group(core)
    # 12:00 UTC is 21:00 in Tokyo: Bob's evening is quiet until 08:00 his time.
    await core.say("checkin settings timezone:Asia/Tokyo", BOB)
    await core.say("mentor round run", ALICE)
    stats = await core.deliver()
    assert (stats.sent, stats.deferred) == (1, 1)
    assert intros(core) == [("carol", "erin")]
    (waiting,) = [
        r for r in rows(core, "reminders") if r.kind == "match-intro" and r.status == "pending"
    ]
    # Bob wakes at 23:00 UTC, when Dan's quiet hours (UTC) begin: the first hour both
    # are awake is 08:00 UTC (17:00 in Tokyo).
    assert waiting.not_before == core.clock.now().replace(day=23, hour=8)
    assert "1 delivered, 1 waiting, 0 failed" in await core.say("mentor stats", ALICE)


async def test_an_erased_member_is_never_named(core: CoreHarness) -> None:
    """Rendered at send time: a member who used forget-me after the round isn't named,
    and their pair's introduction does not go out at all."""
    await setup_group(core)
    await core.say("mentor round run", ALICE)
    async with core.uow() as uow:
        await uow.forget_user(Actor("console", "w1", "bob"))
        await uow.commit()
    await core.deliver()
    assert intros(core) == [("carol", "erin")]
    assert all("bob" not in m.reply.plain_text().lower() for m in core.notifier.sent)
    stats = await core.say("mentor stats", ALICE)
    assert "1 delivered, 0 waiting, 0 failed, 1 not needed any more" in stats
