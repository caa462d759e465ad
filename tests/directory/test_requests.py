"""Conversation requests with consent (issue 18 §2), through the core with fakes.

Every path a request can take, and every limit: drafted and checked before anything is
sent; delivered through the outbox with four kind choices; accepted (both introduced,
the seeker's journal and nudges), times offered and agreed, not this month, declined
(with a private note), reminded once and expired by the sweep; budgets, three open at
most, no duplicates, blocks, pauses and leaving.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.directory.request_model import ACCEPTED, DECLINED, EXPIRED, NOT_NOW, OPEN, TIMES
from bot.directory.requests_rules import NOT_OPEN
from bot.directory.requests_sweep import sweep_requests
from bot.domain import FORGOTTEN_ID, InterviewStatus, ReminderKind
from tests.conftest import CoreHarness
from tests.directory.requests_helpers import (
    ALICE,
    BOB,
    CAROL,
    DAVE,
    ERIN,
    HELPER_LISTING,
    REASON,
    ask_and_send,
    labels,
    latest,
    setup,
    to,
)


async def test_ask_only_drafts_and_send_delivers_a_dm_with_four_kind_choices(
    core: CoreHarness,
) -> None:
    await setup(core)
    draft = await core.dispatcher.run_text(ALICE, f'people ask @bob reason:"{REASON}"')
    assert labels(draft) == ["Send", "Edit", "Cancel"]
    assert "I'm Alice Ng" in draft.text
    assert "teaching into UX research" in draft.text
    assert "20-minute" in draft.text
    assert "not for a job" in draft.text
    await core.deliver()
    assert core.notifier.sent == []  # nothing leaves before Send
    request = latest(core, ALICE, BOB)
    assert request.status == "draft"
    sent = await core.say(f"people send {request.id}")
    assert "on its way" in sent
    await core.deliver()
    [dm] = to(core, BOB)
    assert labels(dm.reply) == ["Accept", "Suggest times", "Not this month", "Decline"]
    assert "I'm Alice Ng" in dm.reply.text
    assert "never your reason" in dm.reply.footer
    assert latest(core, ALICE, BOB).status == OPEN


async def test_a_draft_with_no_profile_speaks_for_who_the_reason_says_is_writing(
    core: CoreHarness,
) -> None:
    """No outreach profile yet: a career changer's own words pick a career changer's
    question and example, never a graduate's "first years after graduating"."""
    await core.say(HELPER_LISTING, BOB)
    said = await core.say(
        "people ask @bob reason:\"I'm a teacher moving into UX research and curious how "
        'you handled your first year"',
        CAROL,
    )
    assert "after graduating" not in said
    assert "student" not in said
    assert "skills from an earlier career" in said
    assert "teacher moving into UX research" in said  # the fix's example fits them


async def test_a_reason_that_says_who_you_are_needs_no_line_about_you(
    core: CoreHarness,
) -> None:
    """No profile, but the reason introduces its writer: no "[one line about who you
    are]" to fill in, no warning that it doesn't say who you are, and it can go."""
    await core.say(HELPER_LISTING, BOB)
    said = await core.say(
        "people ask @bob reason:\"I'm a geography student and would love to hear how you "
        'got into research"',
        CAROL,
    )
    assert "[" not in said.split("Before you send")[0]
    assert "doesn't say who you are" not in said
    rid = latest(core, CAROL, BOB).id
    assert "on its way" in await core.say(f"people send {rid}", CAROL)


async def test_a_draft_missing_who_you_are_says_so_without_talk_of_job_asks(
    core: CoreHarness,
) -> None:
    await core.say(HELPER_LISTING, BOB)
    await core.say('people ask @bob reason:"how you plan user studies"', CAROL)
    refused = await core.say(f"people send {latest(core, CAROL, BOB).id}", CAROL)
    assert "fill it in" in refused
    assert "job" not in refused
    assert "outreach profile" in refused


async def test_edit_replaces_the_text_before_sending_and_not_after(core: CoreHarness) -> None:
    await setup(core)
    await core.say(f'people ask @bob reason:"{REASON}"')
    rid = latest(core, ALICE, BOB).id
    shown = await core.say(f"people edit {rid}")
    assert "I'm Alice Ng" in shown
    assert "message:" in shown
    edited = await core.say(f'people edit {rid} message:"Hi Bob, 20 minutes on UX research?"')
    assert "Hi Bob, 20 minutes on UX research?" in edited
    await core.say(f"people send {rid}")
    await core.deliver()
    [dm] = to(core, BOB)
    assert "Hi Bob, 20 minutes on UX research?" in dm.reply.text
    refused = await core.say(f'people edit {rid} message:"changed my mind"')
    assert "can't be edited" in refused


async def test_a_job_ask_is_held_back_and_a_draft_with_a_bracket_is_never_sent(
    core: CoreHarness,
) -> None:
    await setup(core)
    draft = await core.say('people ask @bob reason:"can you refer me for an opening at Acme"')
    assert "refer me" not in draft.split("Before you send")[0]
    rid = latest(core, ALICE, BOB).id
    refused = await core.say(f"people send {rid}")
    assert "never agreed to" in refused
    await core.say(f'people edit {rid} message:"Could you refer me to the hiring manager?"')
    assert "didn't offer" in await core.say(f"people send {rid}")
    await core.deliver()
    assert core.notifier.sent == []
    assert latest(core, ALICE, BOB).status == "draft"


async def test_accept_introduces_both_and_fills_the_seekers_journal(core: CoreHarness) -> None:
    await setup(core)
    request = await ask_and_send(core)
    await core.deliver()
    answer = await core.say(f"people answer {request.id} accept", BOB)
    assert "introducing you both" in answer
    await core.deliver()
    [intro] = to(core, BOB, ALICE)
    assert "meet" in intro.reply.text
    assert REASON in intro.reply.plain_text()
    assert "offer two or three times" in intro.reply.plain_text()  # no time settled yet
    assert latest(core, ALICE, BOB).status == ACCEPTED
    journal = await core.say("interview list")
    assert InterviewStatus.REQUESTED.value in journal
    [contact] = core.uow.store.table("contacts")
    assert contact.member_id == "bob"
    assert contact.user_id == "alice"
    assert "helped 1 member" in await core.say("people requests", BOB)
    # The seeker's follow-up nudge for a request follows, as for any requested interview.
    kinds = {r.kind for r in core.uow.store.table("reminders") if r.user_id == "alice"}
    assert ReminderKind.REQUEST_INTRO.value in kinds


async def test_suggested_times_reach_the_seeker_and_agreeing_schedules_with_nudges(
    core: CoreHarness,
) -> None:
    await setup(core)
    request = await ask_and_send(core)
    prompt = await core.say(f"people answer {request.id} suggest", BOB)
    assert "times:" in prompt
    assert latest(core, ALICE, BOB).status == OPEN
    await core.say(f'people answer {request.id} suggest times:"Tue 3pm or Thu 10am UTC"', BOB)
    assert latest(core, ALICE, BOB).status == TIMES
    await core.deliver()
    [news] = to(core, ALICE)
    assert "Tue 3pm or Thu 10am UTC" in news.reply.text
    agreed = await core.say(f'people agree {request.id} when:"in 3 days 10am"')
    assert "introducing you both" in agreed
    await core.deliver()
    [intro] = to(core, BOB, ALICE)
    said = intro.reply.plain_text()
    assert "Agreed time" in said
    agreed_line = said.split("Agreed time")[1].splitlines()[0]
    assert agreed_line.count("(") == 1  # the zone once, not "(Etc/UTC) (Etc/UTC)"
    # A time is settled: no tip to offer two or three times.
    assert "offer two or three times" not in said
    assert "say how you'll meet" in said
    [interview] = core.uow.store.table("interviews")
    assert interview.status == InterviewStatus.SCHEDULED.value
    # The seeker picked the time, yet the helper is in their journal by name (kept from
    # when Bob offered the times), not as "UX researcher at Acme".
    [contact] = core.uow.store.table("contacts")
    assert contact.name == BOB.display_name
    await core.say("inroads forget-me confirm:yes", BOB)
    [kept] = core.uow.store.table("conversation_requests")  # Alice's history, Bob forgotten
    assert (kept.helper_id, kept.helper_name) == (FORGOTTEN_ID, "")

    def kinds() -> set[str]:
        rows = core.uow.store.table("reminders")
        return {r.kind for r in rows if r.interview_id == interview.id}

    assert ReminderKind.PREP.value in kinds()  # prepare before it
    core.clock.advance(timedelta(days=3, hours=1))
    await core.say(f"interview done {interview.number}")
    assert {ReminderKind.THANK_YOU.value, ReminderKind.REFLECTION.value} <= kinds()


async def test_a_seekers_first_check_in_is_number_one_after_request_news(
    core: CoreHarness,
) -> None:
    """The request's messages to the seeker are no check-ins: they took #1 and #2, so the
    seeker's first prep nudge was listed as #3. They count down on their own now."""
    await setup(core)
    request = await ask_and_send(core)
    await core.say(f'people answer {request.id} suggest times:"Thu 10am"', BOB)
    await core.say(f'people agree {request.id} when:"in 3 days 10am"')
    listed = await core.say("checkin list")
    assert "#1 prep" in listed, listed
    mine = [r for r in core.uow.store.table("reminders") if r.user_id == ALICE.user_id]
    notices = [r.number for r in mine if r.kind.startswith("request-")]
    assert notices
    assert all(n < 0 for n in notices)
    checkins = sorted(r.number for r in mine if not r.kind.startswith("request-"))
    assert checkins == list(range(1, len(checkins) + 1))


async def test_a_slip_in_the_answer_word_suggests_the_line_and_changes_nothing(
    core: CoreHarness,
) -> None:
    await setup(core)
    request = await ask_and_send(core)
    slip = await core.say(f"people answer {request.id} sugest", BOB)
    assert "Did you mean suggest?" in slip
    assert f"people answer {request.id} suggest" in slip
    assert "Did you mean" not in await core.say(f"people answer {request.id} maybe", BOB)
    assert latest(core, ALICE, BOB).status == OPEN


async def test_not_this_month_is_kind_charges_nothing_and_is_not_a_decline(
    core: CoreHarness,
) -> None:
    await setup(core, listing='people join role:"UX researcher" industry:software budget:1')
    request = await ask_and_send(core)
    await core.say(f"people answer {request.id} not-now", BOB)
    assert latest(core, ALICE, BOB).status == NOT_NOW
    await core.deliver()
    [news] = to(core, ALICE)
    assert "Not this month" in news.reply.title
    assert "not you" in news.reply.text
    # Budget 1 and nothing charged: Carol can still ask Bob this month.
    await core.say('outreach profile name:"Carol" about:"a designer"', CAROL)
    assert not (await core.dispatcher.run_text(CAROL, "people ask @bob")).is_error


async def test_decline_keeps_the_note_private_and_offers_others_only_as_buttons(
    core: CoreHarness,
) -> None:
    await setup(core, BOB, CAROL, DAVE)
    request = await ask_and_send(core)
    await core.say(f'people answer {request.id} decline note:"she seemed pushy"', BOB)
    assert latest(core, ALICE, BOB).status == DECLINED
    await core.deliver()
    [news] = to(core, ALICE)
    said = news.reply.plain_text() + " ".join(a.command for a in news.reply.actions)
    assert "pushy" not in said
    assert {a.command.split()[2] for a in news.reply.actions} == {"<@carol>", "<@dave>"}
    assert all(f"again:{request.id}" in a.command for a in news.reply.actions)
    # Nothing went to Carol or Dave: the cascade waits for Alice's click.
    assert not [r for r in core.uow.store.table("conversation_requests") if r.helper_id != "bob"]
    click = next(a for a in news.reply.actions if "carol" in a.command)
    redraft = await core.dispatcher.run_text(ALICE, click.command)
    assert labels(redraft) == ["Send", "Edit", "Cancel"]
    assert "teaching into UX research" in redraft.text  # the reason came along
    assert "pushy" in await core.say("people requests", BOB)  # the helper's own note


async def test_the_sweep_reminds_once_at_three_days_and_expires_at_five(
    core: CoreHarness,
) -> None:
    await setup(core, BOB, CAROL)
    request = await ask_and_send(core)
    await core.deliver()
    core.clock.advance(timedelta(days=2))
    assert await sweep_requests(core.dispatcher.services, core.clock.now()) == 0
    core.clock.advance(timedelta(days=1, hours=1))
    assert await sweep_requests(core.dispatcher.services, core.clock.now()) == 1
    assert await sweep_requests(core.dispatcher.services, core.clock.now()) == 0
    await core.deliver()
    nudges = to(core, BOB)
    assert len(nudges) == 2
    assert "reminder" in nudges[1].reply.text
    core.clock.advance(timedelta(days=2))
    assert await sweep_requests(core.dispatcher.services, core.clock.now()) == 1
    assert latest(core, ALICE, BOB).status == EXPIRED
    await core.deliver()
    [news] = to(core, ALICE)
    assert "expired" in news.reply.text
    assert "doesn't count against" in news.reply.text
    assert [a.command for a in news.reply.actions] == [f"people ask <@carol> again:{request.id}"]
    late = await core.say(f"people answer {request.id} accept", BOB)
    assert "expired" in late  # the old buttons now say what happened
    # Expiry charged nothing: Bob's budget of 2 is whole again.
    assert "no room" not in await core.say("people find software")


async def test_an_answered_request_is_never_reminded_and_its_pending_dm_is_dropped(
    core: CoreHarness,
) -> None:
    await setup(core)
    request = await ask_and_send(core)
    await core.say(f"people cancel {request.id}")
    await core.deliver()
    assert to(core, BOB) == []  # withdrawn before delivery: never sent
    core.clock.advance(timedelta(days=6))
    assert await sweep_requests(core.dispatcher.services, core.clock.now()) == 0


async def test_budgets_are_enforced_and_shown_in_find(core: CoreHarness) -> None:
    await setup(core, listing='people join role:"UX researcher" industry:software budget:1')
    request = await ask_and_send(core)
    # One waiting request holds Bob's only place: others can't pile on.
    await core.say('outreach profile name:"Carol" about:"a designer"', CAROL)
    assert "no room" in await core.say("people ask @bob", CAROL)
    await core.say(f"people answer {request.id} accept", BOB)
    found = await core.say("people find software", CAROL)
    assert "no room this month" in found
    assert "no room" in await core.say("people ask @bob", CAROL)
    core.clock.advance(timedelta(days=40))  # a new month
    assert "no room" not in await core.say("people find software", CAROL)


async def test_three_open_at_most_and_one_at_a_time_per_member(core: CoreHarness) -> None:
    await setup(core, BOB, CAROL, DAVE, ERIN)
    first = await ask_and_send(core, BOB)
    assert "still waiting" in await core.say("people ask @bob")
    await ask_and_send(core, CAROL)
    await ask_and_send(core, DAVE)
    assert "the most at once" in await core.say("people ask @erin")
    await core.say(f"people cancel {first.id}")
    assert not (await core.dispatcher.run_text(ALICE, "people ask @erin")).is_error


async def test_asking_twice_before_sending_keeps_one_draft(core: CoreHarness) -> None:
    await setup(core)
    await core.say("people ask @bob")
    await core.say(f'people ask @bob reason:"{REASON}"')
    rows = core.uow.store.table("conversation_requests")
    assert len(rows) == 1
    assert rows[0].reason == REASON


async def test_a_blocked_seeker_just_doesnt_see_them(core: CoreHarness) -> None:
    await setup(core, BOB, CAROL)
    await core.say("people block @alice", BOB)
    found = await core.say("people find software")
    assert "@bob" not in found
    assert "@carol" in found
    blocked = await core.say("people ask @bob")
    await core.say("people leave", DAVE)
    unlisted = await core.say("people ask @dave")
    # The same words as for someone not listed: nothing says "blocked".
    assert NOT_OPEN in blocked
    assert NOT_OPEN in unlisted
    assert "block" not in blocked.lower()
    await core.say("people unblock @alice", BOB)
    assert "@bob" in await core.say("people find software")


async def test_paused_members_cannot_be_asked_and_leaving_closes_requests_kindly(
    core: CoreHarness,
) -> None:
    await setup(core, BOB, CAROL)
    await core.say("people pause for:2w", CAROL)
    assert NOT_OPEN in await core.say("people ask @carol")
    request = await ask_and_send(core)
    await core.say("people leave", BOB)
    assert latest(core, ALICE, BOB).status == EXPIRED
    await core.deliver()
    news = to(core, ALICE)[-1]
    assert "stepped away" in news.reply.text
    assert "expired" in await core.say(f"people answer {request.id} accept", BOB)


async def test_asking_yourself_or_without_a_mention_is_refused_kindly(core: CoreHarness) -> None:
    await setup(core)
    assert "That's you" in await core.say("people ask @alice")
    assert "mentioning them" in await core.say('people ask Bob reason:"x"')
    assert "number" in await core.say("people send")
    assert "accept, suggest" in await core.say("people answer 3 maybe", BOB)
    assert core.uow.store.table("conversation_requests") == []


async def test_a_time_offered_in_the_helpers_zone_is_read_in_it(core: CoreHarness) -> None:
    """Bob in New York offered "Thu 10am"; Alice in London pressed it. It was read as
    10am London (5am for Bob). Now it is Bob's 10am, which is 3pm for Alice, and every
    message says which is whose."""
    await setup(core)
    await core.say("checkin settings timezone:Europe/London")
    await core.say("checkin settings timezone:America/New_York", BOB)
    request = await ask_and_send(core)
    await core.say(f'people answer {request.id} suggest times:"Tue 3pm or Thu 10am"', BOB)
    await core.deliver()
    [news] = to(core, ALICE)
    assert "(their time, America/New_York; I'll convert the one you pick)" in news.reply.text
    [thursday] = [a for a in news.reply.actions if a.label == "Thu 10am"]
    agreed = await core.say(thursday.command)
    assert "Thu 26 Nov 2026 15:00 (Europe/London) for" in agreed
    assert "Thu 26 Nov 2026 10:00 (America/New_York) for" in agreed
    [interview] = core.uow.store.table("interviews")
    assert interview.scheduled_at == datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
    core.clock.advance(timedelta(hours=2))  # 7am in New York: the intro waits for Bob
    await core.deliver()
    [intro] = to(core, BOB, ALICE)
    assert "15:00 (Europe/London) for" in intro.reply.plain_text()
    assert "10:00 (America/New_York) for" in intro.reply.plain_text()


async def test_times_in_the_seekers_own_zone_say_nothing_about_zones(core: CoreHarness) -> None:
    await setup(core)
    request = await ask_and_send(core)
    await core.say(f'people answer {request.id} suggest times:"Thu 10am"', BOB)
    await core.deliver()
    [news] = to(core, ALICE)
    assert "their time" not in news.reply.text
