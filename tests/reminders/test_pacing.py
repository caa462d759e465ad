"""Pacing: back-filling a busy week never lands a pile of check-ins on a person at once."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from bot.domain import Reminder
from bot.reminders.dispatch import DispatchConfig, ReminderDispatcher
from bot.reminders.pacing import PER_HOUR
from tests.conftest import ALICE, BOB, CoreHarness

AUTOMATIC = {"thank-you", "reflection", "keep-in-touch", "follow-up"}


async def pending(core: CoreHarness, owner: object = ALICE) -> list[Reminder]:
    async with core.uow() as uow:
        rows = await uow.reminders.list(owner, statuses=["pending"])
    return list(rows)


def per_hour(rows: list[Reminder], now: datetime) -> Counter[int]:
    """How many automatic check-ins fall in each clock hour, numbered from `now`'s
    (overdue ones count in the current hour)."""
    start = now.replace(minute=0, second=0, microsecond=0)
    return Counter(
        max(0, int((r.due_at - start) / timedelta(hours=1))) for r in rows if r.kind in AUTOMATIC
    )


async def backfill(core: CoreHarness, count: int, owner: object = ALICE) -> None:
    """`count` conversations held two days ago, logged now: each asks for a thank-you and
    a reflection at once (and a keep-in-touch nudge a month out)."""
    for n in range(count):
        reply = await core.say(f'interview log "Person {n}" when:"2 days ago"', owner)  # type: ignore[arg-type]
        assert "Person" in reply


async def test_backfilling_a_busy_week_spreads_the_nudges_over_the_hours(
    core: CoreHarness,
) -> None:
    await core.say("checkin settings quiet:off")
    now = core.clock.now()
    await backfill(core, 12)
    rows = await pending(core)
    soon = [r for r in rows if r.due_at < now + timedelta(days=2)]
    assert Counter(r.kind for r in soon) == {"thank-you": 12, "reflection": 12}
    slots = per_hour(soon, now)
    assert max(slots.values()) == PER_HOUR
    assert sorted(slots) == list(range(8))  # 24 nudges, three an hour, no gaps
    assert all(r.due_at >= now for r in soon)
    # The first hour's three go out now; the rest wait for their own hour.
    core.dispatcher.services.notifier = core.notifier
    run = ReminderDispatcher(core.dispatcher.services, DispatchConfig(rate_per_workspace=None))
    assert (await run.run_once()).sent == PER_HOUR
    # The keep-in-touch timers a month out are paced the same way.
    later = [r for r in rows if r.due_at >= now + timedelta(days=2)]
    assert {r.kind for r in later} == {"keep-in-touch"}
    assert sorted(Counter(r.due_at for r in later).values()) == [3, 3, 3, 3]


async def test_pacing_leaves_the_quiet_hours_alone(core: CoreHarness) -> None:
    core.clock.current = datetime(2026, 11, 23, 19, 0, tzinfo=UTC)  # quiet from 21:00 UTC
    now = core.clock.now()
    await backfill(core, 6)
    soon = [r for r in await pending(core) if r.due_at < now + timedelta(days=2)]
    times = sorted(r.due_at for r in soon)
    assert times[:6] == [now] * 3 + [now + timedelta(hours=1)] * 3
    # The other six wait for the morning: 08:00, and 09:00 once 08:00 is full.
    morning = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
    assert times[6:] == [morning] * 3 + [morning + timedelta(hours=1)] * 3


async def test_check_ins_people_time_themselves_are_never_moved(core: CoreHarness) -> None:
    await core.say("checkin settings quiet:off")
    now = core.clock.now()
    await backfill(core, 3)  # the first two hours are full
    await core.say('checkin add "Person 0" "in 10 minutes" "Send the deck"')
    mine = [r for r in await pending(core) if r.kind == "custom"]
    assert [r.due_at for r in mine] == [now + timedelta(minutes=10)]


async def test_saving_an_interview_again_keeps_the_pace(core: CoreHarness) -> None:
    await core.say("checkin settings quiet:off")
    now = core.clock.now()
    await backfill(core, 6)
    before = per_hour(await pending(core), now)
    for n in range(1, 7):
        await core.say(f'interview edit {n} notes:"Talked about hiring"')
    after = per_hour(await pending(core), now)
    assert max(after.values()) <= PER_HOUR
    assert sum(after.values()) == sum(before.values())


async def test_each_person_is_paced_on_their_own(sql_core: CoreHarness) -> None:
    for owner in (ALICE, BOB):
        await sql_core.say("checkin settings quiet:off", owner)
    now = sql_core.clock.now()
    await backfill(sql_core, 5, ALICE)
    await backfill(sql_core, 2, BOB)
    alice = per_hour(await pending(sql_core, ALICE), now)
    bob = per_hour(await pending(sql_core, BOB), now)
    assert (alice[0], alice[1], alice[2], alice[3]) == (3, 3, 3, 1)
    assert (bob[0], bob[1]) == (3, 1)  # Alice's pile does not push Bob's nudges


async def test_actions_minutes_apart_still_share_the_hour(core: CoreHarness) -> None:
    """Hours are clock hours: logging one conversation every 25 minutes must not let
    each action count its own hour from its own moment and stack the nudges."""
    await core.say("checkin settings quiet:off")
    start = core.clock.now()
    for n in range(6):
        await core.say(f'interview log "Person {n}" when:"2 days ago"')
        core.clock.advance(timedelta(minutes=25))
    soon = [r for r in await pending(core) if r.due_at < start + timedelta(days=2)]
    by_clock_hour = Counter(r.due_at.replace(minute=0, second=0, microsecond=0) for r in soon)
    assert max(by_clock_hour.values()) == PER_HOUR
    assert sum(by_clock_hour.values()) == 12


async def test_a_fresh_thank_you_is_never_pushed_past_its_day(core: CoreHarness) -> None:
    """Pacing moves nudges to hours with room, but a thank-you for today's conversation
    keeps its point: it stays inside the conversation's first 24 hours."""
    await core.say("checkin settings quiet:off")
    now = core.clock.now()
    for n in range(30):  # hand-timed check-ins are not paced, but they fill the hours
        await core.say(f'checkin add "Person {n}" "in {n // 3 + 1} hours" "call"')
    for n in range(40):  # back-filled: their thank-yous are late already and take hours
        await core.say(f'interview log "Old {n}" when:"2 days ago"')
    await core.say('interview log "Lin Wu" when:"1 hour ago"')
    async with core.uow() as uow:
        rows = await uow.reminders.list(ALICE, statuses=["pending"])
        lin = next(c for c in await uow.contacts.list(ALICE) if c.name == "Lin Wu")
    [thanks] = [r for r in rows if r.kind == "thank-you" and r.contact_id == lin.id]
    held = now - timedelta(hours=1)
    assert thanks.due_at >= held + timedelta(hours=3)
    assert thanks.due_at < held + timedelta(hours=24)


async def test_a_real_database_paces_exactly_like_the_in_memory_journal(
    core: CoreHarness, sql_core: CoreHarness
) -> None:
    """A command reads the person's pending check-ins once for all its batches (thank-you
    and reflection, then keep-in-touch; see EventContext.pending_dues) and its INSERTs
    wait for the commit. The in-memory journal stores every row at once, as reading
    before each batch would see it: both must place every nudge at the same time,
    including a second conversation with someone, which moves their pending timers."""
    placed = []
    for harness in (core, sql_core):
        harness.clock.current = core.clock.now()
        await harness.say("checkin settings quiet:off")
        await backfill(harness, 7)
        for line in ('interview log "Person 2" when:"yesterday"', 'interview log "Person 9"'):
            assert "Logged" in await harness.say(line)
        placed.append(sorted((r.kind, r.due_at) for r in await pending(harness)))
    assert placed[0] == placed[1]
    # Person 2's second talk: a reflection, and its thank-you takes the place of the
    # first talk's (one nudge to thank one person); their keep-in-touch moved.
    assert len(placed[0]) == 7 * 3 + 1 + 3
