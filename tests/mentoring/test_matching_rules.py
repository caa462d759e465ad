"""The matching rules members asked for (issue 18 §6), on the in-memory core.

Do-not-match lists, a team the solver never pairs within, the availability poll, one
nudge to a silent pair's seeker, and inactive members asked before being matched again.
Every DM goes through the outbox (`core.deliver()`), as in production.
"""

from __future__ import annotations

from datetime import timedelta

from bot import mentions
from bot.mentoring.rounds import run_due_rounds
from tests.conftest import ALICE, BOB, CoreHarness
from tests.fakes import SentMessage
from tests.mentoring.test_commands import CAROL, DAN, ERIN, match_of, rows, setup_group


def profile(core: CoreHarness, user: str):  # type: ignore[no-untyped-def]
    return next(p for p in rows(core, "profiles") if p.user_id == user)


def dms(core: CoreHarness, title: str) -> list[SentMessage]:
    return [m for m in core.notifier.sent if m.reply.title == title]


def pairs(core: CoreHarness) -> set[tuple[str, str]]:
    latest = max(r.id for r in rows(core, "match_rounds"))
    return {
        (m.mentor_id, m.seeker_id)
        for m in rows(core, "matches")
        if m.round_id == latest and m.status == "sent"
    }


# --- do-not-match lists -------------------------------------------------------------


async def test_a_do_not_match_list_is_private_and_binding(core: CoreHarness) -> None:
    await setup_group(core)
    added = await core.say("mentor avoid @bob", DAN)
    assert "won't be matched with" in added
    assert "not told" in added
    assert "already on" in await core.say("mentor avoid @bob", DAN)
    assert "yourself" in await core.say("mentor avoid @dan", DAN)
    assert "Name one member" in await core.say("mentor avoid bob", DAN)
    mine = await core.say("mentor profile", DAN)
    assert f"Never matched with (only you see this): {mentions.member('bob')}" in mine
    # Nobody else sees it: not Bob, not the admin, not in the round's messages.
    for viewer in (BOB, ALICE):
        assert "Never matched" not in await core.say("mentor profile @dan", viewer)
    await core.say("mentor round run", ALICE)
    await core.deliver()
    assert ("bob", "dan") not in pairs(core)  # Bob was Dan's only fit
    everything = " ".join(m.reply.plain_text() for m in core.notifier.sent)
    assert "do-not-match" not in everything
    assert "avoid" not in everything

    assert "off your do-not-match list" in await core.say("mentor avoid remove @bob", DAN)
    assert "wasn't on" in await core.say("mentor avoid remove @bob", DAN)
    assert "is empty" in await core.say("mentor avoid", DAN)
    assert profile(core, "dan").avoid_ids == []


async def test_the_avoided_members_own_list_forbids_the_pair_too(core: CoreHarness) -> None:
    await setup_group(core)
    await core.say("mentor avoid @dan", BOB)  # the mentor's list, not the seeker's
    preview = await core.say("mentor round preview", ALICE)
    assert f"{mentions.member('bob')} ↔ {mentions.member('dan')}" not in preview


async def test_forget_me_takes_a_member_off_every_list(core: CoreHarness) -> None:
    await setup_group(core)
    await core.say("mentor avoid @bob", DAN)
    await core.say("inroads forget-me confirm:yes", BOB)
    assert profile(core, "dan").avoid_ids == []


# --- teams ------------------------------------------------------------------------


async def test_teammates_are_never_paired(core: CoreHarness) -> None:
    await setup_group(core)
    await core.say('mentor join team:"Payments Platform"', BOB)
    await core.say('mentor seek team:"payments  platform"', DAN)  # case and spaces aside
    mine = await core.say("mentor profile", DAN)
    assert "Team (never paired with teammates): payments platform" in mine
    assert "Team" not in await core.say("mentor profile @dan", BOB)  # private
    await core.say("mentor round run", ALICE)
    assert ("bob", "dan") not in pairs(core)
    await core.say("mentor seek team:none", DAN)
    assert profile(core, "dan").team == ""


# --- the availability poll ---------------------------------------------------------


async def start_automatic_rounds(core: CoreHarness) -> None:
    await setup_group(core)
    await core.say("mentor config auto:on cooldown:0d", ALICE)
    await core.say("mentor round run", ALICE)  # the cadence counts from this round
    await core.deliver()
    core.notifier.sent.clear()


async def test_the_poll_goes_out_once_and_a_skip_lasts_one_round(core: CoreHarness) -> None:
    await start_automatic_rounds(core)
    await core.say("checkin settings timezone:Asia/Tokyo", CAROL)  # asleep at poll time
    core.clock.advance(timedelta(days=12, hours=1))  # 47 hours before the next round
    services = core.dispatcher.services
    assert await run_due_rounds(services, core.clock.now()) == 0  # a poll, no round yet
    assert await run_due_rounds(services, core.clock.now()) == 0  # ...and only one poll
    await core.deliver()
    polled = dms(core, "Mentoring round coming up")
    assert sorted(r.user_id for m in polled for r in m.recipients) == ["bob", "dan", "erin"]
    poll = polled[0].reply
    assert "If you don't answer, you're in" in poll.text
    assert [a.command for a in poll.actions] == [
        "mentor availability in",
        "mentor availability skip",
    ]
    core.clock.advance(timedelta(hours=12))  # Carol's morning: her poll leaves the outbox
    await core.deliver()
    assert len(dms(core, "Mentoring round coming up")) == 4

    skipped = await core.say("mentor availability skip", DAN)
    assert "sit out the round planned around" in skipped
    assert profile(core, "dan").skip_next_round
    assert "skipping" in await core.say("mentor profile", DAN)
    assert "Say `in`" in await core.say("mentor availability maybe", DAN)
    core.clock.advance(timedelta(days=2))
    assert await run_due_rounds(services, core.clock.now()) == 1
    assert "dan" not in {seeker for _, seeker in pairs(core)}
    assert ("carol", "erin") in pairs(core)
    assert not profile(core, "dan").skip_next_round  # back in for the round after
    await core.deliver()
    assert not [m for m in dms(core, "No mentor match this round") if "dan" in str(m)]


async def test_no_poll_without_automatic_rounds_or_when_turned_off(core: CoreHarness) -> None:
    await start_automatic_rounds(core)
    assert "Availability poll: 2 days before" in await core.say("mentor config", ALICE)
    out = await core.say("mentor config poll:off inactive:30d", ALICE)
    assert "Availability poll: off" in out
    assert "30 days without activity" in out
    assert "1 hour to 14 days" in await core.say("mentor config poll:30d", ALICE)
    core.clock.advance(timedelta(days=13))
    await run_due_rounds(core.dispatcher.services, core.clock.now())
    await core.deliver()
    assert dms(core, "Mentoring round coming up") == []


# --- the nudge to a silent pair ------------------------------------------------------


async def test_one_nudge_to_the_seeker_of_a_silent_pair(core: CoreHarness) -> None:
    await setup_group(core)
    await core.say("mentor round run", ALICE)
    await core.deliver()
    await core.say(f"mentor met {match_of(core, 'erin').number} scheduled", CAROL)
    core.clock.advance(timedelta(days=3))
    await core.deliver()
    core.clock.advance(timedelta(days=1))
    await core.deliver()
    (nudge,) = dms(core, "How's your mentoring match going?")  # Carol and Erin are talking
    assert [r.user_id for r in nudge.recipients] == ["dan"]  # the seeker, never both
    dan = match_of(core, "dan")
    assert mentions.member("bob") in nudge.reply.text
    assert [a.payload for a in nudge.reply.actions] == [
        f"@match:n{dan.number} mentor met {dan.number} scheduled",
        f"@match:n{dan.number} mentor met {dan.number} yes",
    ]
    assert "enjoy the conversation" in await core.say(nudge.reply.actions[0].command, DAN)
    assert match_of(core, "dan").answered_at is not None
    assert match_of(core, "dan").met is None  # set a time is not "met"


# --- inactive members ----------------------------------------------------------------


async def test_an_idle_member_is_asked_and_left_out_until_they_say_yes(core: CoreHarness) -> None:
    await setup_group(core)
    await core.say("mentor config cooldown:0d", ALICE)
    core.clock.advance(timedelta(days=61))
    for active in (ALICE, BOB, CAROL, ERIN):  # everyone but Dan did something lately
        await core.say("mentor profile", active)
    await core.say("mentor round run", ALICE)
    await core.deliver()
    assert "dan" not in {seeker for _, seeker in pairs(core)}
    (asked,) = dms(core, "Still up for mentoring matches?")
    assert [r.user_id for r in asked.recipients] == ["dan"]
    assert [a.command for a in asked.reply.actions] == ["mentor active yes", "mentor active pause"]
    # Asked once: the next round leaves him out without asking again.
    core.clock.advance(timedelta(days=1))
    await core.say("mentor round run", ALICE)
    await core.deliver()
    assert "dan" not in {seeker for _, seeker in pairs(core)}
    assert len(dms(core, "Still up for mentoring matches?")) == 1
    assert "back in" in await core.say("mentor active yes", DAN)
    await core.say("mentor round run", ALICE)
    assert ("bob", "dan") in pairs(core)


async def test_two_unanswered_introductions_count_as_inactive(core: CoreHarness) -> None:
    await setup_group(core)
    await core.say("mentor config cooldown:0d", ALICE)
    core.clock.advance(timedelta(hours=1))  # introduced after they last did anything
    for _ in range(2):
        await core.say("mentor round run", ALICE)
        core.clock.advance(timedelta(days=8))  # past the follow-up, nobody answers
    await core.say("mentor met " + str(match_of(core, "erin").number) + " yes", ERIN)
    await core.say("mentor round run", ALICE)
    matched = pairs(core)
    assert not {p for p in matched if {"bob", "dan"} & set(p)}  # both silent twice
    assert ("carol", "erin") in matched  # Erin answered: Carol's streak is broken too
    asked = {r.user_id for r in rows(core, "reminders") if r.kind == "match-still-in"}
    assert asked == {"bob", "dan"}
    assert profile(core, "dan").still_asked_at == core.clock.now()


async def test_pause_from_the_still_in_question(core: CoreHarness) -> None:
    await setup_group(core)
    profile(core, "dan")  # joined
    out = await core.say("mentor active pause", DAN)
    assert "Paused until" in out
    assert profile(core, "dan").paused_until is not None
    assert "yes to keep" in await core.say("mentor active maybe", DAN)
