"""One lifecycle: the same move has the same effects whichever command makes it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import FORGOTTEN_ID, Actor, Contact, Interview, Match, Reminder
from bot.errors import TransitionError
from bot.reminders.dispatch import DispatchConfig, ReminderDispatcher
from tests.conftest import ALICE, CoreHarness
from tests.fakes import FakeMatches

BEV = Actor("console", "w1", "bev", "Bev")


def rows(core: CoreHarness, table: str) -> list:  # type: ignore[type-arg]
    return list(core.uow.store.table(table))


def pending(core: CoreHarness, kind: str | None = None) -> list[Reminder]:
    found = [r for r in rows(core, "reminders") if r.status == "pending" and r.user_id == "alice"]
    return sorted(
        [r for r in found if kind is None or r.kind == kind], key=lambda r: (r.due_at, r.id)
    )


def contact(core: CoreHarness, name: str) -> Contact:
    return next(c for c in rows(core, "contacts") if c.name == name)


def interviews_of(core: CoreHarness, name: str) -> list[Interview]:
    cid = contact(core, name).id
    return sorted((i for i in rows(core, "interviews") if i.contact_id == cid), key=lambda i: i.id)


async def deliver(core: CoreHarness) -> None:
    config = DispatchConfig(rate_per_workspace=None)
    await ReminderDispatcher(core.dispatcher.services, config).run_once()


# -- 1. transitions in one place -------------------------------------------------------


def test_moves_check_the_flow_and_change_nothing_when_refused() -> None:
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    interview = Interview("console", "w1", "alice", 1, status="requested", id=4)
    interview.request(at=now)
    with pytest.raises(TransitionError, match="a thank-you comes after"):
        interview.thank(now, now=now)
    with pytest.raises(TransitionError, match="before you asked"):
        interview.hold(now - timedelta(days=1), now=now)
    assert interview.status == "requested"
    interview.schedule(now + timedelta(days=2), now=now)
    interview.hold(now + timedelta(hours=1), now=now)
    assert interview.scheduled_at is None  # held before the plan: the plan is gone
    with pytest.raises(TransitionError, match="already held"):
        interview.schedule(now + timedelta(days=3), now=now)
    with pytest.raises(TransitionError, match="before the conversation"):
        interview.thank(now, now=now)
    names = [type(e).__name__ for e in interview.pull_events()]
    assert names == ["InterviewRequested", "InterviewScheduled", "InterviewHeld"]
    assert interview.pull_events() == []


async def test_checkin_done_on_a_thank_you_equals_interview_thanked(core: CoreHarness) -> None:
    await core.say("checkin settings quiet:off")
    await core.say('interview log "Ann Lee" when:"1 hour ago"')
    await core.say('interview log "Bo Chen" when:"1 hour ago"')
    core.clock.advance(timedelta(hours=5))
    ann, bo = interviews_of(core, "Ann Lee")[0], interviews_of(core, "Bo Chen")[0]
    nudge = next(r for r in pending(core, "thank-you") if r.interview_id == ann.id)
    said = await core.say(f"checkin done {nudge.number}")
    assert f"Interview #{ann.number} is marked thanked too" in said
    await core.say(f"interview thanked {bo.number}")
    for name in ("Ann Lee", "Bo Chen"):
        [interview] = interviews_of(core, name)  # re-read: the fake store copies on rollback
        assert interview.status == "thanked"
        assert interview.thanked_at == core.clock.now()
        person = contact(core, name)
        assert person.last_interaction_at == core.clock.now()
        kit = [r for r in pending(core, "keep-in-touch") if r.contact_id == person.id]
        assert [r.due_at for r in kit] == [datetime(2026, 12, 22, 10, 0, tzinfo=UTC)]
        assert not [r for r in pending(core, "thank-you") if r.interview_id == interview.id]


# -- 2. follow-ups end when the conversation leaves `requested` ----------------------------


async def test_follow_up_ends_when_planned_and_mark_as_sent_invents_nothing(
    core: CoreHarness,
) -> None:
    await core.say('outreach sent "Dana Whitfield"')
    [follow_up] = pending(core, "follow-up")
    await core.say('interview plan "Dana Whitfield" when:"in 3 days"')
    assert follow_up.status == "cancelled"
    assert len(rows(core, "interviews")) == 1
    refused = await core.say("outreach sent #1")  # the follow-up draft's old button
    assert "already talking with Dana Whitfield" in refused
    assert len(rows(core, "interviews")) == 1
    assert pending(core, "follow-up") == []
    core.clock.advance(timedelta(days=8))
    await deliver(core)
    assert not [m for m in core.notifier.sent if "No reply" in m.reply.plain_text()]


async def test_a_stale_follow_up_row_is_dropped_at_send_time(core: CoreHarness) -> None:
    await core.say("checkin settings quiet:off")
    await core.say('outreach sent "Dana Whitfield"')
    [interview] = rows(core, "interviews")
    interview.status = "held"  # as a row written before the lifecycle rules would be
    interview.held_at = core.clock.now()
    core.clock.advance(timedelta(days=8))
    await deliver(core)
    [follow_up] = [r for r in rows(core, "reminders") if r.kind == "follow-up"]
    assert follow_up.status == "cancelled"
    assert "moved on" in follow_up.last_error


# -- 3. planning someone with an open conversation --------------------------------------


async def test_plan_moves_the_open_interview_and_says_so(core: CoreHarness) -> None:
    await core.say('interview plan "Raj Patel" when:"2026-11-24 10:00"')
    moved = await core.say('interview plan "Raj Patel" when:"2026-11-26 15:00"')
    [interview] = rows(core, "interviews")
    assert f"Moved interview #{interview.number} with Raj Patel to Thu 26 Nov 2026 15:00" in moved
    assert "It was planned for Tue 24 Nov 2026 10:00" in moved
    assert "Confirm Thu 26 Nov 2026 15:00" in moved  # the prep pack names this interview
    assert len(pending(core, "prep")) == 2
    refused = await core.say('interview plan "Raj Patel"')
    assert "already planned for Thu 26 Nov 2026 15:00" in refused
    assert "another:yes" in refused
    second = await core.say('interview plan "Raj Patel" when:"2026-12-03 09:00" another:yes')
    first, other = interviews_of(core, "Raj Patel")
    assert f"Planned interview #{other.number} with Raj Patel" in second
    assert f"interview edit {other.number}" in second
    assert "Confirm Thu 3 Dec 2026 09:00" in second
    assert first.scheduled_at == datetime(2026, 11, 26, 15, 0, tzinfo=UTC)


async def test_plan_turns_a_request_into_the_plan(core: CoreHarness) -> None:
    await core.say('interview plan "Kim Ode"')
    said = await core.say('interview plan "Kim Ode" when:"tomorrow 9am"')
    [interview] = rows(core, "interviews")
    assert f"Kim Ode said yes: interview #{interview.number} is planned" in said
    assert interview.status == "scheduled"


# -- 4. done and late plans ---------------------------------------------------------------


async def test_done_before_the_plan_drops_scheduled_for(core: CoreHarness) -> None:
    await core.say('interview plan "Lin Wu" when:"in 2 days"')
    [interview] = rows(core, "interviews")
    await core.say(f"interview done {interview.number}")
    shown = await core.say(f"interview show {interview.number}")
    assert "Scheduled for" not in shown
    assert pending(core, "prep") == []


async def test_a_late_plan_gets_its_prep_at_once(core: CoreHarness) -> None:
    await core.say('interview plan "Lin Wu" when:"in 90 minutes"')
    [prep] = pending(core, "prep")
    assert prep.due_at == core.clock.now()
    await core.say('interview edit 1 notes:"bring the portfolio"')
    assert len(pending(core, "prep")) == 1  # a move re-reads, never duplicates


# -- 5. keep-in-touch repeats until stopped ---------------------------------------------------


async def test_keep_in_touch_repeats_then_stops_and_restarts(core: CoreHarness) -> None:
    await core.say("checkin settings quiet:off")
    await core.say('interview log "Ann Lee" when:"1 hour ago"')
    await core.say("interview thanked 1")
    dues = []
    for _ in range(3):
        [kit] = pending(core, "keep-in-touch")
        dues.append(kit.due_at)
        core.clock.current = kit.due_at
        await deliver(core)
    start = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
    assert [d - start for d in dues] == [timedelta(days=n) for n in (30, 90, 180)]
    sent = [m.reply for m in core.notifier.sent if m.reply.title.startswith("Time to reconnect")]
    ann = contact(core, "Ann Lee").number
    assert f"checkin stop #{ann}" in [a.command for a in sent[-1].actions]
    stopped = await core.say(f"checkin stop #{ann}")
    assert "no more keep-in-touch nudges about Ann Lee" in stopped
    assert pending(core, "keep-in-touch") == []
    assert contact(core, "Ann Lee").keep_in_touch is False
    restarted = await core.say('checkin start "Ann Lee"')
    [kit] = pending(core, "keep-in-touch")
    assert kit.due_at == start + timedelta(days=270)
    assert "back on" in restarted


async def test_done_resets_and_skip_hands_over(core: CoreHarness) -> None:
    await core.say('interview log "Ann Lee" when:"1 hour ago"')
    [kit] = pending(core, "keep-in-touch")
    core.clock.advance(timedelta(days=5))
    said = await core.say(f"checkin done {kit.number}")  # reconnected: count from now
    assert "Next catch-up with Ann Lee" in said
    [kit] = pending(core, "keep-in-touch")
    assert kit.due_at == datetime(2026, 12, 27, 10, 0, tzinfo=UTC)
    await core.say(f"checkin skip {kit.number}")  # skipped: the next point of the rhythm
    [kit] = pending(core, "keep-in-touch")
    assert kit.due_at == datetime(2027, 2, 25, 10, 0, tzinfo=UTC)


async def test_snoozing_a_sent_catch_up_keeps_one_nudge(core: CoreHarness) -> None:
    """Found by the stateful test: "remind me again in a week" on a sent keep-in-touch
    nudge used to leave it pending beside the next cadence point (two nudges)."""
    await core.say("checkin settings quiet:off")
    await core.say('interview log "Ann Lee" when:"1 hour ago"')
    [kit] = pending(core, "keep-in-touch")
    core.clock.current = kit.due_at
    await deliver(core)
    [upcoming] = pending(core, "keep-in-touch")
    assert upcoming.id != kit.id
    await core.say(f"checkin snooze {kit.number} 1w")
    [only] = pending(core, "keep-in-touch")
    assert only.id == kit.id
    assert only.due_at == core.clock.now() + timedelta(weeks=1)
    core.clock.current = only.due_at
    await deliver(core)  # sent again: it hands over to the rhythm once more
    [after] = pending(core, "keep-in-touch")
    assert after.id != kit.id
    assert after.due_at > core.clock.now()


async def test_snoozing_a_prep_after_the_conversation_changes_nothing(core: CoreHarness) -> None:
    await core.say('interview plan "Lin Wu" when:"in 90 minutes"')
    [prep] = pending(core, "prep")
    await deliver(core)
    held = await core.say("interview done 1")
    assert "held" in held, held
    said = await core.say(f"checkin snooze {prep.number} 1d")
    assert "no longer applies: the conversation already happened" in said
    assert pending(core, "prep") == []


async def test_a_prep_cannot_be_snoozed_past_the_conversation_it_prepares_for(
    core: CoreHarness,
) -> None:
    """Found walking: a prep for Thursday 10:00 snoozed "2 days" on Wednesday came back on
    Friday, after the talk. It is refused and left as it was; a shorter snooze works."""
    await core.say('interview plan "Lin Wu" when:"in 26 hours"')
    first = min(pending(core, "prep"), key=lambda r: r.due_at)
    due = first.due_at
    refused = await core.say(f"checkin snooze {first.number} 2 days")
    assert "once your conversation has started" in refused
    assert f"checkin snooze {first.number} 1h" in refused
    assert min(pending(core, "prep"), key=lambda r: r.due_at).due_at == due
    said = await core.say(f"checkin snooze {first.number} 1h")
    assert "Snoozed" in said
    # One already due after the start (snoozed there before this rule): no shorter snooze
    # would help, so the way out offered is done.
    [again] = [r for r in pending(core, "prep") if r.number == first.number]
    again.due_at = core.clock.now() + timedelta(days=3)
    stuck = await core.say(f"checkin snooze {first.number} 1h")
    assert f"checkin done {first.number}" in stuck
    assert "won't be sent" in stuck


# -- 6. rendered at send time from current rows -----------------------------------------


async def test_a_renamed_contact_is_named_as_it_is_now(core: CoreHarness) -> None:
    await core.say("checkin settings quiet:off")
    await core.say('outreach sent "Dana Whitfield"')
    await core.say('checkin add "Dana Whitfield" "in 2 days"')
    contact(core, "Dana Whitfield").name = "Dana Okafor"
    core.clock.advance(timedelta(days=8))
    await deliver(core)
    texts = [m.reply.plain_text() for m in core.notifier.sent]
    assert len(texts) == 2
    assert all("Dana Okafor" in t and "Whitfield" not in t for t in texts)


async def test_nobody_erased_is_named_and_matches_are_read_once_per_batch(
    core: CoreHarness,
) -> None:
    store = core.uow.store
    due = core.clock.now() + timedelta(days=7)
    for partner in ("bev", "cy", "dee"):
        match = store.insert("matches", Match("console", "w1", 1, partner, "alice", status="sent"))
        store.insert(
            "reminders",
            Reminder("console", "w1", "alice", "match-follow-up", due, match_id=match.id),
        )
    await core.say("inroads forget-me confirm:yes", BEV)
    reads = 0
    real_get_many = FakeMatches.get_many

    async def counted(self: FakeMatches, ids: list[int]) -> list[Match]:
        nonlocal reads
        reads += 1
        return list(await real_get_many(self, ids))

    FakeMatches.get_many = counted  # type: ignore[method-assign,assignment]
    try:
        await core.say("checkin settings quiet:off")
        core.clock.advance(timedelta(days=8))
        await deliver(core)
    finally:
        FakeMatches.get_many = real_get_many  # type: ignore[method-assign]
    assert reads == 1
    texts = [m.reply.plain_text() for m in core.notifier.sent]
    assert len(texts) == 2
    assert all("bev" not in t and FORGOTTEN_ID not in t for t in texts)
    dropped = [r for r in rows(core, "reminders") if r.status == "cancelled"]
    assert [r.match_id for r in dropped] == [1]
    assert ALICE.user_id == "alice"


async def test_a_snoozed_delivery_has_a_key_of_its_own(core: CoreHarness) -> None:
    """Retries of one delivery share a key (Discord's nonce drops the repeat); a sent
    check-in snoozed and due again is a new delivery, which the old key would swallow."""
    await core.say("checkin settings quiet:off")
    await core.say('checkin add "Ann Lee" "in 1 hour" "send the deck"')
    [row] = pending(core, "custom")
    core.clock.current = row.due_at
    await deliver(core)
    await core.say(f"checkin snooze {row.number} 2h")
    core.clock.advance(timedelta(hours=2))
    await deliver(core)
    first, second = [m.idempotency_key for m in core.notifier.sent]
    assert first == f"reminder-{row.id}"
    assert second.startswith(f"reminder-{row.id}-")
