"""Warm introductions on the in-memory core: offers, who-knows, requests, answers, limits."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.directory.companies import company_key
from bot.domain import Actor
from bot.ports import DeliveryError
from bot.prefill import open_on_record
from tests.conftest import ALICE, BOB, CoreHarness

CAROL = Actor("console", "w1", "carol", "Carol")
DAN = Actor("console", "w1", "dan", "Dan")
ERIN = Actor("console", "w1", "erin", "Erin")
ELSEWHERE = Actor("console", "w2", "zoe", "Zoe")
REASON = 'reason:"I am moving into supply planning and would love to hear how demand is planned"'


async def _member(core: CoreHarness, who: Actor, companies: str) -> None:
    """`who` is listed and offers introductions at `companies`."""
    await core.say('people join role:"supply planner" industry:grocery', who)
    await core.say(f"people intros add company:{companies}", who)


def requests(core: CoreHarness) -> list:  # type: ignore[type-arg]
    return list(core.uow.store.table("intro_requests"))


def to(core: CoreHarness, who: Actor) -> list[str]:
    return [
        m.reply.plain_text() for m in core.notifier.sent if who.key in {r.key for r in m.recipients}
    ]


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Acme Inc.", "acme"),
        ("ACME", "acme"),
        ("acme ltd", "acme"),
        ("Société Générale", "societe generale"),
        ("The Company", "company"),
    ],
)
def test_company_names_fold_to_one_key(typed: str, key: str) -> None:
    assert company_key(typed) == key


async def test_offers_are_company_names_saved_listed_and_removed(core: CoreHarness) -> None:
    out = await core.say('people intros add company:"Acme Ltd, Globex, acme"')
    assert "Acme Ltd and Globex" in out
    assert "Nobody sees these until you're in the directory" in out
    assert "already offer" in await core.say("people intros add company:ACME")
    listed = await core.say("people intros list")
    assert "Acme Ltd" in listed
    assert "Globex" in listed
    assert "Removed" in await core.say("people intros remove company:acme")
    assert "weren't offering" in await core.say("people intros remove company:Initech")
    assert [o.company for o in core.uow.store.table("intro_offers")] == ["Globex"]


async def test_suggest_offers_journal_companies_without_publishing_or_naming(
    core: CoreHarness,
) -> None:
    await core.say('contact add "Priya Nair" company:"Acme Ltd"')
    await core.say('contact add "Tom Reed" company:ACME')
    await core.say('contact add "Ana Ruiz" company:Globex')
    out = await core.say("people intros suggest")
    assert "Acme Ltd (2 contacts in your journal)" in out
    assert "Globex (1 contact in your journal)" in out
    assert "Priya" not in out
    assert "Tom" not in out
    assert core.uow.store.table("intro_offers") == []
    reply = await core.dispatcher.run_text(ALICE, "people intros suggest")
    assert any(a.command == 'people intros add company:"Acme Ltd, Globex"' for a in reply.actions)


async def test_who_knows_is_fuzzy_counts_and_shows_only_visible_members(
    core: CoreHarness,
) -> None:
    await _member(core, BOB, '"Acme Ltd"')
    await _member(core, CAROL, "acme")
    await _member(core, DAN, "Acme")
    await core.say("people pause for:2w", DAN)
    await core.say("people intros add company:Acme", ERIN)  # never listed
    await _member(core, ELSEWHERE, "Acme")
    out = await core.say('people who-knows company:"ACME inc"')
    assert "2 members can introduce you to someone at Acme" in out
    assert "bob" in out
    assert "carol" in out
    assert "dan" not in out
    assert "erin" not in out
    assert "zoe" not in out
    assert "who you know" not in out.lower() or "never" in out.lower()


async def test_who_knows_suggests_a_near_name_and_never_lists_yourself(
    core: CoreHarness,
) -> None:
    await _member(core, BOB, "Globex")
    out = await core.say("people who-knows Globx")
    assert "Nobody in the directory has offered introductions at Globx" in out
    assert "Did you mean Globex?" in out
    assert "Nobody" in await core.say("people who-knows Globex", BOB)
    assert "Which company?" in await core.say("people who-knows")


async def test_request_goes_through_the_outbox_and_accept_gives_private_drafts(
    core: CoreHarness,
) -> None:
    await _member(core, BOB, '"Acme Ltd"')
    await core.say('contact add "Priya Nair" company:Acme role:"Head of planning"', BOB)
    out = await core.say(f"people intro-request @bob company:acme {REASON}")
    assert "Sent to" in out
    assert core.notifier.sent == []  # nothing leaves inside the command
    await core.deliver()
    (ask,) = to(core, BOB)
    assert "introduce people at Acme Ltd" in ask
    assert "supply planning" in ask
    (request,) = requests(core)
    reply = core.notifier.sent[0].reply
    assert [a.command for a in reply.actions] == [
        f"people intro-answer {request.id} accept",
        f"people intro-answer {request.id} decline",
    ]
    drafts = await core.say(f"people intro-answer {request.id} accept", BOB)
    assert "Hi Priya" in drafts
    assert "Would you be open to an introduction?" in drafts
    assert "introducing you two" in drafts
    assert "Priya Nair" in drafts
    assert "already answered" in await core.say(f"people intro-answer {request.id} accept", BOB)
    await core.deliver()
    (answer,) = to(core, ALICE)
    assert "happy to help" in answer
    assert "Priya" not in answer
    assert "Nair" not in answer


async def test_decline_is_told_kindly_and_offers_others(core: CoreHarness) -> None:
    await _member(core, BOB, "Acme")
    await core.say(f"people intro-request @bob company:Acme {REASON}")
    await core.deliver()
    (request,) = requests(core)
    assert "without a reason" in await core.say(f"people intro-answer {request.id} decline", BOB)
    await core.deliver()
    (answer,) = to(core, ALICE)
    assert "can't take on an introduction at Acme" in answer
    reply = next(m.reply for m in core.notifier.sent if m.recipients[0].key == ALICE.key)
    assert reply.actions[0].command == "people who-knows company:Acme"
    assert "Acme, asked of" in (mine := await core.say("people intros list"))
    assert "they couldn't help this time" in mine


async def test_only_the_member_asked_can_answer(core: CoreHarness) -> None:
    await _member(core, BOB, "Acme")
    await core.say(f"people intro-request @bob company:Acme {REASON}")
    (request,) = requests(core)
    for someone in (ALICE, CAROL, Actor("console", "w2", "bob", "Bob elsewhere")):
        out = await core.say(f"people intro-answer {request.id} accept", someone)
        assert "No introduction request" in out
    assert requests(core)[0].status == "open"


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("people intro-request bob company:Acme " + REASON, "Name the member"),
        ("people intro-request @bob " + REASON, "Which company"),
        ("people intro-request @bob company:Acme", "why you'd like this introduction"),
        ("people intro-request @bob company:Acme reason:" + '"' + "x" * 501 + '"', "500"),
        ("people intro-request @alice company:Acme " + REASON, "That's you"),
        ("people intro-request @carol company:Acme " + REASON, "isn't offering"),
        ("people intro-answer 1 maybe", "accept` or `decline"),
        (
            'people intro-request @bob company:Acme reason:"I want to sell my lesson plans"',
            "asking for a job or a sale",
        ),
        (
            'people intro-request @bob company:Acme reason:"could you refer me for a job there"',
            "asking for a job or a sale",
        ),
    ],
)
async def test_bad_requests_are_refused_and_change_nothing(
    core: CoreHarness, line: str, says: str
) -> None:
    await _member(core, BOB, "Acme")
    await _member(core, ALICE, "Acme")
    out = await core.say(line)
    assert says in out
    assert requests(core) == []
    assert core.uow.store.table("reminders") == []


async def test_limits_per_seeker_company_and_member(core: CoreHarness) -> None:
    for who, company in ((BOB, "Acme"), (CAROL, "Acme"), (DAN, "Globex"), (ERIN, "Initech")):
        await _member(core, who, company)
    await _member(core, CAROL, '"Umbrella, Hooli"')
    await core.say(f"people intro-request @bob company:Acme {REASON}")
    assert "waiting already" in await core.say(f"people intro-request @carol company:Acme {REASON}")
    await core.say(f"people intro-request @dan company:Globex {REASON}")
    await core.say(f"people intro-request @erin company:Initech {REASON}")
    out = await core.say(f"people intro-request @carol company:Umbrella {REASON}")
    assert "3 introduction requests waiting" in out
    first = requests(core)[0]
    await core.say(f"people intro-answer {first.id} decline", BOB)
    assert "already asked" in await core.say(f"people intro-request @bob company:Acme {REASON}")
    assert "Sent" in await core.say(f"people intro-request @carol company:Umbrella {REASON}")
    # A member with several requests waiting is not sent more.
    for seeker in (BOB, DAN, ERIN):
        await core.say(f"people intro-request @carol company:Hooli {REASON}", seeker)
    late = Actor("console", "w1", "fay", "Fay")
    assert "several introduction requests waiting" in await core.say(
        f"people intro-request @carol company:Hooli {REASON}", late
    )
    # Past five days an unanswered request stops counting, even before the sweep runs.
    core.clock.current += timedelta(days=15)
    assert "Sent" in await core.say(f"people intro-request @carol company:Hooli {REASON}", late)


async def test_a_request_answered_or_erased_before_delivery_is_not_sent(
    core: CoreHarness,
) -> None:
    await _member(core, BOB, "Acme")
    await core.say(f"people intro-request @bob company:Acme {REASON}")
    await core.say("inroads forget-me confirm:yes")
    await core.deliver()
    assert core.notifier.sent == []
    assert requests(core) == []


async def test_the_ask_waits_for_the_members_quiet_hours(core: CoreHarness) -> None:
    await _member(core, BOB, "Acme")
    core.clock.current = core.clock.current.replace(hour=23)
    await core.say(f"people intro-request @bob company:Acme {REASON}")
    await core.deliver()
    assert core.notifier.sent == []
    core.clock.current += timedelta(hours=10)
    await core.deliver()
    assert len(to(core, BOB)) == 1


async def test_leaving_the_directory_withdraws_offers(core: CoreHarness) -> None:
    await _member(core, BOB, "Acme")
    await core.say("people leave", BOB)
    assert core.uow.store.table("intro_offers") == []
    assert "Nobody" in await core.say("people who-knows Acme")


async def test_a_member_who_cannot_be_messaged_frees_the_seekers_slot(
    core: CoreHarness,
) -> None:
    await _member(core, BOB, "Acme")
    await core.say(f"people intro-request @bob company:Acme {REASON}")
    core.notifier.fail_with = DeliveryError("cannot_dm_bot", permanent=True)
    await core.deliver()
    core.notifier.fail_with = None
    (request,) = requests(core)
    assert request.status == "undelivered"
    await core.deliver()
    (told,) = to(core, ALICE)
    assert "couldn't get your request" in told
    assert "doesn't count against" in told


async def test_people_requests_points_both_sides_to_their_introductions(
    core: CoreHarness,
) -> None:
    """Someone who asked for an introduction looks in `people requests` first: it says
    where introductions are, rather than "no requests"."""
    assert "introduction" not in await core.say("people requests")
    await _member(core, BOB, '"Acme Ltd"')
    await core.say(f"people intro-request @bob company:acme {REASON}")
    for who in (ALICE, BOB):
        reply = await core.dispatcher.run_text(who, "people requests")
        assert "people intros list" in reply.plain_text(), who
        assert "people intros list" in [a.command for a in reply.actions]


async def test_a_member_who_blocked_the_seeker_is_neither_shown_nor_askable(
    core: CoreHarness,
) -> None:
    """Bob blocked Alice: to her he is simply not there (not counted, not listed, not a
    did-you-mean), and asking him reads exactly like asking someone who offers nothing,
    typed or by button, with or without a reason. Everyone else still sees him."""
    await _member(core, BOB, '"Acme, Globex"')
    await _member(core, CAROL, "Acme")
    await core.say("people block @alice", BOB)

    out = await core.say('people who-knows company:"Acme"')
    assert "1 member can introduce you to someone at Acme" in out
    assert "bob" not in out
    assert "carol" in out
    assert "2 members can introduce" in await core.say('people who-knows company:"Acme"', DAN)
    for typed in ("Globex", "Globx"):
        nobody = await core.say(f"people who-knows {typed}")
        assert "Nobody in the directory" in nobody
        assert "Globex?" not in nobody  # no did-you-mean pointing at the blocker

    refused = await core.say(f"people intro-request @bob company:Acme {REASON}")
    never_offered = await core.say(f"people intro-request @dan company:Acme {REASON}")
    assert refused.replace("bob", "dan") == never_offered  # word for word
    assert "isn't offering introductions at Acme right now" in refused
    assert "block" not in refused.lower()
    # Without a reason (the "Ask" button's line): the same refusal, and no form opens.
    line = "people intro-request @bob company:Acme"
    assert await core.say(line) == refused
    assert await open_on_record(core.dispatcher, ALICE, line) is None
    assert requests(core) == []
    assert core.uow.store.table("reminders") == []

    await core.say("people unblock @alice", BOB)
    assert "2 members can introduce" in await core.say('people who-knows company:"Acme"')
    assert "Sent to" in await core.say(f"people intro-request @bob company:Acme {REASON}")
