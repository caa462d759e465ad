"""The pending-notice index: replies skip the database unless a notice may be waiting."""

from __future__ import annotations

import asyncio

from bot.bootstrap import build_dispatcher, build_services
from bot.reminders.notices import PendingNotices
from tests.conftest import ALICE, BOB, CoreHarness
from tests.fakes import FakeUnitOfWorkFactory, FixedClock, RecordingNotifier


class Ticker:
    """A monotonic clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def harness(index: PendingNotices) -> CoreHarness:
    uow = FakeUnitOfWorkFactory()
    services = build_services(uow, clock=FixedClock(), pending_notices=index)
    return CoreHarness(build_dispatcher(services), uow, FixedClock(), RecordingNotifier())


async def store_notice(core: CoreHarness, text: str = "⚠ I couldn't send you check-in #7") -> None:
    """A notice written straight to the database, as another replica's dispatcher would."""
    async with core.uow() as uow:
        prefs = await uow.settings.get_or_default(ALICE)
        prefs.pending_notice = text
        await uow.settings.save(prefs)
        await uow.commit()


async def opened_by(core: CoreHarness, line: str) -> tuple[str, int]:
    """The reply, and how many units of work it took (`questions` itself opens one)."""
    assert isinstance(core.uow, FakeUnitOfWorkFactory)
    before = core.uow.opened
    reply = await core.say(line)
    return reply, core.uow.opened - before


async def test_a_person_without_a_notice_costs_no_extra_transaction() -> None:
    core = harness(PendingNotices(monotonic=Ticker()))
    await core.say("questions")  # the first reply loads the index
    _, opened = await opened_by(core, "questions")
    assert opened == 1  # the command's own unit of work; the hook skipped the database


async def test_a_notice_marked_by_this_process_shows_on_the_next_reply_once() -> None:
    index = PendingNotices(monotonic=Ticker())
    core = harness(index)
    await core.say("questions")
    await store_notice(core)
    index.mark(ALICE.key)
    assert "couldn't send you check-in #7" in await core.say("questions")
    reply, opened = await opened_by(core, "questions")
    assert "couldn't send you" not in reply
    assert opened == 1  # shown and cleared: only the command's own unit of work again


async def test_a_notice_from_another_replica_shows_after_the_next_reload() -> None:
    ticker = Ticker()
    core = harness(PendingNotices(refresh_seconds=30, monotonic=ticker))
    await core.say("questions")
    await store_notice(core)
    assert "couldn't send you" not in await core.say("questions")  # not seen yet
    ticker.now = 30.0
    assert "couldn't send you check-in #7" in await core.say("questions")
    assert "couldn't send you" not in await core.say("questions")


async def test_other_people_never_see_the_notice() -> None:
    index = PendingNotices(monotonic=Ticker())
    core = harness(index)
    await store_notice(core)
    index.mark(ALICE.key)
    assert "couldn't send you" not in await core.say("questions", BOB)
    assert "couldn't send you" in await core.say("questions", ALICE)


async def test_too_many_waiting_people_turn_the_index_off_not_the_notices() -> None:
    core = harness(PendingNotices(max_tracked=0, monotonic=Ticker()))
    await store_notice(core)
    _, opened = await opened_by(core, "questions")
    assert opened == 3  # the command, the reload, and the check the index can't rule out
    assert "couldn't send you check-in #7" not in await core.say("questions")  # shown above


async def test_concurrent_replies_reload_the_index_once() -> None:
    index = PendingNotices(monotonic=Ticker())
    core = harness(index)
    before = core.uow.opened
    await asyncio.gather(*(index.may_have(ALICE, core.dispatcher.services) for _ in range(20)))
    assert core.uow.opened - before == 1
