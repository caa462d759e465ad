"""The `mentor` commands end to end on the in-memory core (fakes)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from bot import mentions
from bot.domain import FORGOTTEN_ID, Actor, ReminderKind
from bot.mentoring.rounds import run_due_rounds
from bot.ports import DeliveryError
from bot.reply import Reply
from tests.conftest import ALICE, BOB, CoreHarness

CAROL = Actor("console", "w1", "carol", "Carol")
DAN = Actor("console", "w1", "dan", "Dan")
ERIN = Actor("console", "w1", "erin", "Erin")
OTHER_WS = Actor("console", "w2", "zed", "Zed")


def rows(core: CoreHarness, table: str) -> list:  # type: ignore[type-arg]
    """Fresh rows: the fake store swaps in copies after every uncommitted unit of work
    (reply hooks open one after each command), so never hold rows across commands."""
    return list(core.uow.store.table(table))


def group(core: CoreHarness):  # type: ignore[no-untyped-def]
    (config,) = rows(core, "group_configs")
    return config


def match_of(core: CoreHarness, seeker: str, round_id: int | None = None):  # type: ignore[no-untyped-def]
    return max(
        (
            m
            for m in rows(core, "matches")
            if m.seeker_id == seeker and round_id in (None, m.round_id)
        ),
        key=lambda m: m.id,
    )


async def setup_group(core: CoreHarness) -> None:
    """Alice admin; Bob and Carol mentors; Dan and Erin seekers."""
    assert "first mentoring admin" in await core.say("mentor config cadence:14d", ALICE)
    await core.say(
        'mentor join role:mentor industries:"FinTech, health" topics:"career change" '
        "timezone:Europe/Paris languages:en capacity:1",
        BOB,
    )
    await core.say(
        'mentor join role:mentor industries:education roles:"product manager" '
        "timezone:America/New_York languages:en capacity:1",
        CAROL,
    )
    await core.say(
        'mentor seek industries:fintech topics:"career change" timezone:Europe/Berlin '
        'languages:"en, de" learning:"how to break into fintech" goal:switch',
        DAN,
    )
    await core.say(
        'mentor seek roles:"Product Manager" timezone:America/Chicago languages:en', ERIN
    )


async def test_join_normalises_lists_and_shows_the_profile(core: CoreHarness) -> None:
    out = await core.say(
        'mentor join role:both industries:" FinTech, health,fintech " topics:"ML;  Career" '
        'timezone:europe/paris languages:EN capacity:3 bio:"Ten years in payments"',
    )
    assert "Welcome" in out
    (profile,) = rows(core, "profiles")
    assert profile.industries == ["FinTech", "health"]  # as typed, once whatever the case
    assert profile.topics == ["ML", "Career"]
    assert profile.languages == ["en"]
    assert profile.timezone == "Europe/Paris"
    assert profile.capacity == 3
    mine = await core.say("mentor profile")
    assert "Capacity per round: 3" in mine
    assert "FinTech, health" in mine


async def test_bad_profile_input_is_refused_and_nothing_written(core: CoreHarness) -> None:
    for text, expected in (
        ("mentor join role:mentor capacity:0", "Capacity 0 won't work"),
        ("mentor join role:mentor capacity:-2", "Capacity -2 won't work"),
        ("mentor join role:mentor capacity:11", "1 to 10"),
        ("mentor join role:mentor capacity:lots", "whole number"),
        ("mentor join role:mentor timezone:Mars/Olympus", "don't know the time zone"),
        ("mentor join role:guru", "isn't a mentoring role"),
        ("mentor join topics:x", "mentor, a seeker or both"),
        ("mentor seek role:mentor", "takes no role"),
        ("mentor pause", "until when"),
        ("mentor profile Jane", "Name a member with @"),
        # A nearly spelt goal is a typo, not a goal of one's own words (it was kept).
        ("mentor seek industries:tech goal:swich", "Did you mean switch?"),
    ):
        out = await core.say(text)
        assert expected in out, (text, out)
    assert core.uow.store.count() == 0
    mended = await core.say("mentor seek industries:tech goal:swich")
    assert "Try: `mentor seek industries:tech goal:switch`" in mended
    own_words = await core.say('mentor seek industries:tech goal:"get promoted"')
    assert "Goal: get promoted" in own_words


async def test_other_members_see_only_public_fields(core: CoreHarness) -> None:
    await setup_group(core)
    await core.say('mentor pause until:"in 2 weeks"', DAN)
    mine = await core.say("mentor profile", DAN)
    assert "Goal: changing careers" in mine  # goal:switch, in the packs' own words
    assert "Paused until" in mine
    theirs = await core.say("mentor profile @dan", BOB)
    assert "fintech" in theirs
    assert "how to break into fintech" in theirs
    assert "switch" not in theirs
    assert "Paused" not in theirs
    assert "Capacity" not in theirs
    assert "hasn't joined" in await core.say("mentor profile @nobody", BOB)


async def test_config_admins_and_non_admins(core: CoreHarness) -> None:
    assert "Only this group's mentoring admins" in await core.say("mentor round preview", BOB)
    out = await core.say("mentor config max-tz:6 cooldown:30d auto:on", ALICE)
    assert "first mentoring admin" in out
    assert "6 h" in out
    assert "30 days" in out
    before = core.uow.store.count()
    refused = await core.say("mentor config cadence:7d", BOB)
    assert "Only this group's mentoring admins" in refused
    assert "Only this group's mentoring admins" in await core.say("mentor stats", BOB)
    assert "Only this group's mentoring admins" in await core.say("mentor round run", BOB)
    assert core.uow.store.count() == before
    assert group(core).cadence_days == 14
    assert group(core).auto_run
    await core.say('mentor config admins:"@bob" exclude:"@dan @bob"', ALICE)
    assert group(core).admin_ids == ["bob", "alice"]
    assert group(core).exclusions == [["bob", "dan"]]
    await core.say('mentor config unexclude:"@bob @dan"', BOB)
    assert group(core).exclusions == []
    for text, expected in (
        ("mentor config max-tz:13", "0 to 12"),
        ("mentor config cadence:0d", "between 1 and 365 days"),
        ('mentor config exclude:"@bob"', "exactly two"),
        ("mentor config admins:bob", "@mentions"),
        ("mentor config auto:maybe", "on or off"),
    ):
        assert expected in await core.say(text, ALICE), text


async def test_round_with_no_mentors_writes_nothing(core: CoreHarness) -> None:
    await core.say("mentor config", ALICE)
    await core.say("mentor seek topics:ml", DAN)
    before = core.uow.store.count()
    out = await core.say("mentor round preview", ALICE)
    assert "no available mentors" in out
    assert "no available mentors" in await core.say("mentor round run", ALICE)
    assert core.uow.store.count() == before
    assert core.notifier.sent == []


async def test_preview_drop_run_follow_up_and_stats(core: CoreHarness) -> None:
    await setup_group(core)
    preview = await core.say("mentor round preview", ALICE)
    assert "Round preview" in preview
    assert "Nothing has been sent" in preview
    matches = rows(core, "matches")
    assert {(m.mentor_id, m.seeker_id) for m in matches} == {("bob", "dan"), ("carol", "erin")}
    assert all(m.status == "proposed" for m in matches)
    assert rows(core, "match_rounds")[0].status == "preview"
    dan_match = match_of(core, "dan")
    assert "industry: fintech" in dan_match.reasons
    erin_match = match_of(core, "erin")
    assert "Dropped" in await core.say(f"mentor round drop {erin_match.number}", ALICE)
    assert "already dropped" in await core.say(f"mentor round drop {erin_match.number}", ALICE)
    assert core.notifier.sent == []

    out = await core.say("mentor round run", ALICE)
    assert "Introductions: 1" in out
    assert "Seekers unmatched: 1" in out
    assert core.notifier.sent == []  # the round's messages wait for the dispatcher
    assert "0 delivered, 2 waiting, 0 failed" in await core.say("mentor stats", ALICE)
    await core.deliver()
    (intro_row,) = [r for r in rows(core, "reminders") if r.kind == "match-intro"]
    assert (intro_row.user_id, intro_row.match_id) == ("dan", dan_match.id)
    intro = next(m for m in core.notifier.sent if m.idempotency_key == f"reminder-{intro_row.id}")
    assert {a.user_id for a in intro.recipients} == {"bob", "dan"}
    text = intro.reply.plain_text()
    assert "fintech" in text
    assert "Questions to start with" in text
    assert "24 hours" in text
    assert f"mentor met {dan_match.number} yes" in {a.command for a in intro.reply.actions}
    told = [m for m in core.notifier.sent if m.recipients[0].user_id == "erin"]
    assert len(told) == 1
    assert "held back" in told[0].reply.plain_text()
    assert match_of(core, "dan").status == "sent"
    assert match_of(core, "erin").status == "dropped"
    erin = next(p for p in rows(core, "profiles") if p.user_id == "erin")
    assert erin.unmatched_rounds == 1
    follow_ups = [r for r in rows(core, "reminders") if r.kind == ReminderKind.MATCH_FOLLOW_UP]
    assert {r.user_id for r in follow_ups} == {"bob", "dan"}
    assert all(r.match_id == dan_match.id for r in follow_ups)
    assert all(r.due_at == core.clock.now() + timedelta(days=7) for r in follow_ups)
    # A round's messages are not check-ins: Dan's list shows none of them.
    listed = await core.say("checkin list", DAN)
    assert "check-ins (1)" in listed
    assert "match-intro" not in listed
    assert "can't find" in await core.say(f"checkin skip {intro_row.id}", DAN)

    assert "no match" in (await core.say(f"mentor met {dan_match.number} yes", ERIN)).lower()
    yes = await core.dispatcher.run_text(DAN, f"mentor met {dan_match.number} yes")
    assert match_of(core, "dan").met is True
    assert yes.actions[0].command.startswith("interview log <@bob>")
    assert len(yes.actions[0].command) < 90
    logged = await core.say(yes.actions[0].command, DAN)
    assert "Logged interview" in logged
    statuses = {r.user_id: r.status for r in rows(core, "reminders") if r.kind == "match-follow-up"}
    assert statuses == {"dan": "done", "bob": "pending"}

    stats = await core.say("mentor stats", ALICE)
    assert "Mentors: 2" in stats
    assert "Seekers: 2" in stats
    assert "Introductions: 1" in stats
    assert "Meetings held: 1 of 1" in stats
    assert "Unmatched last round: 1" in stats
    assert "messages: 2 delivered, 0 waiting, 0 failed" in stats
    assert "switch" not in stats
    assert "break into" not in stats


async def test_cooldown_prevents_repeats_and_waiting_seekers_come_first(
    core: CoreHarness,
) -> None:
    await setup_group(core)
    await core.say("mentor round run", ALICE)
    pairs = {(m.mentor_id, m.seeker_id) for m in rows(core, "matches") if m.status == "sent"}
    core.clock.advance(timedelta(days=14))
    await core.say("mentor round preview", ALICE)
    latest = max(rows(core, "match_rounds"), key=lambda r: r.id)
    again = {(m.mentor_id, m.seeker_id) for m in rows(core, "matches") if m.round_id == latest.id}
    assert not (pairs & again)
    await core.say("mentor config cooldown:7d", ALICE)
    await core.say("mentor round preview", ALICE)
    latest = max(rows(core, "match_rounds"), key=lambda r: r.id)
    assert {
        (m.mentor_id, m.seeker_id) for m in rows(core, "matches") if m.round_id == latest.id
    } == pairs


async def test_paused_and_excluded_people_are_not_matched(core: CoreHarness) -> None:
    await setup_group(core)
    await core.say('mentor pause until:"in 3 weeks"', BOB)
    await core.say('mentor config exclude:"@carol @erin"', ALICE)
    assert "no available" not in await core.say("mentor round preview", ALICE)
    assert rows(core, "matches") == []
    core.clock.advance(timedelta(days=22))
    await core.say("mentor round preview", ALICE)
    assert {(m.mentor_id, m.seeker_id) for m in rows(core, "matches")} == {("bob", "dan")}


class FlakyNotifier:
    """Fails intros to one member, like a Discord user with DMs closed (50007)."""

    def __init__(self, inner: object, blocked: str) -> None:
        self.inner = inner
        self.blocked = blocked

    async def send_dm(self, recipient: Actor, reply: Reply, *, idempotency_key: str) -> str:
        return await self.inner.send_dm(recipient, reply, idempotency_key=idempotency_key)  # type: ignore[attr-defined,no-any-return]

    async def send_group(
        self, members: Sequence[Actor], reply: Reply, *, idempotency_key: str
    ) -> str:
        if any(m.user_id == self.blocked for m in members):
            raise DeliveryError("Cannot send messages to this user", permanent=True)
        return await self.inner.send_group(members, reply, idempotency_key=idempotency_key)  # type: ignore[attr-defined,no-any-return]

    async def post_to_channel(
        self, platform: str, workspace_id: str, channel: str, reply: Reply, *, idempotency_key: str
    ) -> str:
        return await self.inner.post_to_channel(  # type: ignore[attr-defined,no-any-return]
            platform, workspace_id, channel, reply, idempotency_key=idempotency_key
        )


async def test_a_failed_intro_is_marked_and_the_round_goes_on(core: CoreHarness) -> None:
    await setup_group(core)
    core.dispatcher.services.notifier = FlakyNotifier(core.notifier, "carol")
    out = await core.say("mentor round run", ALICE)
    assert "Introductions: 2" in out
    stats = await core.deliver()
    assert (stats.sent, stats.failed) == (1, 1)
    statuses = {m.seeker_id: m.status for m in rows(core, "matches")}
    assert statuses == {"dan": "sent", "erin": "failed"}
    assert rows(core, "match_rounds")[0].status == "sent"
    # No "did you meet?" for a pair that was never introduced.
    follow_ups = {
        r.user_id: r.status for r in rows(core, "reminders") if r.kind == "match-follow-up"
    }
    assert follow_ups == {
        "bob": "pending",
        "dan": "pending",
        "carol": "cancelled",
        "erin": "cancelled",
    }
    report = await core.say("mentor stats", ALICE)
    assert "messages: 1 delivered, 0 waiting, 1 failed" in report
    assert "Introductions: 1" in report
    erin = next(p for p in rows(core, "profiles") if p.user_id == "erin")
    assert erin.unmatched_rounds == 1  # priority next round
    # Erin is not told "we couldn't reach you" as if it were her check-in.
    assert "couldn't" not in await core.say("mentor profile", ERIN)


async def test_recurring_rounds_run_once_per_cadence(core: CoreHarness) -> None:
    await setup_group(core)
    services = core.dispatcher.services
    assert await run_due_rounds(services, core.clock.now()) == 0  # auto is off
    await core.say("mentor config auto:on cadence:14d", ALICE)
    assert await run_due_rounds(services, core.clock.now()) == 1
    assert await run_due_rounds(services, core.clock.now()) == 0  # already ran
    core.clock.advance(timedelta(days=13))
    assert await run_due_rounds(services, core.clock.now()) == 0
    core.clock.advance(timedelta(days=1))
    assert await run_due_rounds(services, core.clock.now()) == 1
    assert all(r.status == "sent" for r in rows(core, "match_rounds"))


async def test_forget_me_anonymises_matches(core: CoreHarness) -> None:
    await setup_group(core)
    await core.say("mentor round run", ALICE)
    async with core.uow() as uow:
        await uow.forget_user(DAN)
        await uow.commit()
    assert all(p.user_id != "dan" for p in rows(core, "profiles"))
    assert {m.seeker_id for m in rows(core, "matches")} == {FORGOTTEN_ID, "erin"}
    assert all(r.user_id != "dan" for r in rows(core, "reminders"))


async def test_groups_are_separate(core: CoreHarness) -> None:
    await setup_group(core)
    assert "Only this group's mentoring admins" in await core.say("mentor round preview", OTHER_WS)
    assert "hasn't joined" in await core.say("mentor profile @dan", OTHER_WS)


async def test_follow_up_reminders_render_with_met_buttons(core: CoreHarness) -> None:
    """The reminders dispatcher renders `match-follow-up` rows through the mentoring
    module: the DM asks "did you meet?" with yes/no buttons that run `mentor met`."""
    from bot.domain import UserSettings
    from bot.reminders.freshness import partner_of
    from bot.reminders.render import render_reminder

    await setup_group(core)
    await core.say("mentor round run", ALICE)
    reminder = next(
        r for r in rows(core, "reminders") if r.user_id == "dan" and r.kind == "match-follow-up"
    )
    assert reminder.text == ""  # nobody's name is frozen into the row
    reply = render_reminder(
        reminder,
        contact=None,
        interview=None,
        prefs=UserSettings("console", "w1", "dan"),
        other=partner_of(match_of(core, "dan"), reminder),
        match_number=match_of(core, "dan").number,
    )
    assert reply.title == "Did you meet?"
    assert mentions.member("bob") in reply.text
    commands = [a.command for a in reply.actions]
    number = match_of(core, "dan").number
    assert commands == [f"mentor met {number} yes", f"mentor met {number} no"]
    assert "Thanks for letting me know" in await core.say(commands[1], DAN)
    assert match_of(core, "dan").met is False


async def test_a_mentor_who_seeks_becomes_both(core: CoreHarness) -> None:
    await core.say("mentor join role:mentor topics:ml capacity:2", BOB)
    await core.say('mentor seek topics:"public speaking"', BOB)
    (profile,) = rows(core, "profiles")
    assert profile.role == "both"
    assert profile.capacity == 2
    assert profile.topics == ["public speaking"]
