"""Stats that count right (issue 14 §5): referrals are people, stages are conversations.

The journeys run through the core on fakes and on both real databases; the counting rules
are also checked directly and, for "the funnel never widens", over random journals.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.domain import Contact, Interview, InterviewStatus, Outcome, OutcomeKind
from bot.general.funnel import compute_funnel, funnel_figure
from bot.general.referrals import count_referrals
from tests.conftest import ALICE, BOB, CoreHarness

OWNER = ("console", "w1", "alice")


async def stats(core: CoreHarness, actor=ALICE) -> dict[str, str]:  # type: ignore[no-untyped-def]
    reply = await core.dispatcher.run_text(actor, "inroads stats chart:off")
    return {f.label: f.value for f in reply.fields}


async def logged(core: CoreHarness, line: str) -> int:
    text = await core.say(line)
    found = re.search(r"interview #(\d+)", text)
    assert found is not None, text
    return int(found.group(1))


async def the_issues_journey(core: CoreHarness) -> None:
    """The report: two people referred in one conversation, then an outcome naming one."""
    dana = await logged(
        core,
        'interview log "Dana Whitfield" when:yesterday '
        'referrals:"Marco Rossi (Spotify), Aisha Khan (Deezer)"',
    )
    assert (await stats(core))["Referrals gained"] == "2"
    await core.say(f'interview outcome {dana} kind:referral note:"Intro to Marco Rossi"')
    # Named differently, or by first name only, it is still one of the same two people.
    await core.say(f'interview outcome {dana} kind:referral note:"AÏSHA KHAN said yes"')
    await core.say(f'interview outcome {dana} kind:referral note:"Marco replied!"')
    assert (await stats(core))["Referrals gained"] == "2"
    # Someone not in the journal is one more person, however often the same words recur.
    for _ in range(2):
        await core.say(f'interview outcome {dana} kind:referral note:"Her old manager at Ocado"')
    assert (await stats(core))["Referrals gained"] == "3"


async def two_offers_from_one_conversation(core: CoreHarness) -> None:
    first = await logged(core, 'interview log "Raj Patel" when:"3 days ago"')
    second = await logged(core, 'interview log "Lin Wu" when:"2 days ago"')
    await core.say('interview plan "Kim Ode" when:"tomorrow 10am"')
    for kind in ("offer", "offer", "job interview"):
        await core.say(f'interview outcome {first} kind:"{kind}"')
    await core.say(f'interview outcome {second} kind:"job lead"')
    numbers = await stats(core)
    assert numbers["Held"] == "2"
    assert numbers["Offers"] == "1"  # two offer records, one conversation
    assert numbers["Job interviews"] == "1"
    assert numbers["Job leads"] == "2"  # Raj's offer got past a lead; Lin's lead
    reply = await core.dispatcher.run_text(ALICE, "inroads stats chart:off")
    assert "count conversations that got at least that far" in reply.footer
    # Three conversations, none asked for through the bot: each still began with an ask.
    assert numbers["Outreach sent"] == "3"
    assert "a logged one too: each began with an ask" in reply.footer

    await core.say(f"interview delete {first} confirm:yes")
    after = await stats(core)
    assert (after["Held"], after["Job leads"], after["Offers"]) == ("1", "1", "0")


async def test_referrals_count_people_on_fakes(core: CoreHarness) -> None:
    await the_issues_journey(core)
    assert (await stats(core, BOB))["Referrals gained"] == "0"  # Alice's people are hers


async def test_referrals_count_people_on_a_real_database(sql_core: CoreHarness) -> None:
    await the_issues_journey(sql_core)


async def test_outcome_stages_count_conversations_once_on_fakes(core: CoreHarness) -> None:
    await two_offers_from_one_conversation(core)


async def test_outcome_stages_count_conversations_once_on_a_real_database(
    sql_core: CoreHarness,
) -> None:
    await two_offers_from_one_conversation(sql_core)


def contact(n: int, name: str, referred_by: int | None = None) -> Contact:
    return Contact(*OWNER, name, referred_by_id=referred_by, id=n)


def referral(n: int, note: str, source: int | None) -> Outcome:
    return Outcome(*OWNER, OutcomeKind.REFERRAL.value, contact_id=source, note=note, id=n)


def test_referral_rules() -> None:
    people = [
        contact(1, "Dana Whitfield"),
        contact(2, "Marco Rossi", referred_by=1),
        contact(3, "Zoë Kowalski"),
        contact(4, "Sam"),
        contact(5, "Sam"),
    ]
    # Linked contacts alone: one person each.
    assert count_referrals([], people) == 1
    # A note naming a contact who was never linked: that contact, once.
    assert (
        count_referrals([referral(1, "zoe kowalski", 1), referral(2, "Zoe Kowalski!", 4)], people)
        == 2
    )
    # A note from Dana naming Dana is not about a new person: it counts as a stranger.
    assert count_referrals([referral(3, "Dana Whitfield introduced me", 1)], people) == 2
    # A one-word name among several: one of them (never both, never a stranger too).
    assert count_referrals([referral(4, "Lunch with Sam", 1)], people) == 2
    # A first name counts as the contact only for the person who referred them.
    assert count_referrals([referral(5, "Marco", 1)], people) == 1
    assert count_referrals([referral(6, "Marco", 3)], people) == 2
    # Empty notes cannot be told apart, so each is someone.
    assert count_referrals([referral(7, "", 1), referral(8, "", 1)], people) == 3
    # Other kinds are not referrals.
    assert count_referrals([Outcome(*OWNER, OutcomeKind.OFFER.value, note="Marco")], people) == 1


_STATUSES = st.sampled_from([s.value for s in InterviewStatus])
_KINDS = st.sampled_from([k.value for k in OutcomeKind])


@settings(max_examples=200, deadline=None)
@given(
    statuses=st.lists(_STATUSES, max_size=12),
    thanked=st.lists(st.integers(0, 72), max_size=12),
    outcomes=st.lists(st.tuples(_KINDS, st.integers(1, 14)), max_size=25),
)
def test_the_funnel_never_widens(
    statuses: list[str], thanked: list[int], outcomes: list[tuple[str, int]]
) -> None:
    held_at = datetime(2026, 11, 1, 10, tzinfo=UTC)
    interviews = [
        Interview(
            *OWNER,
            contact_id=1,
            status=status,
            held_at=held_at,
            thanked_at=held_at + timedelta(hours=thanked[n]) if n < len(thanked) else None,
            id=n + 1,
        )
        for n, status in enumerate(statuses)
    ]
    records = [
        Outcome(*OWNER, kind, interview_id=conversation, id=n + 1)
        for n, (kind, conversation) in enumerate(outcomes)
    ]
    funnel = compute_funnel(interviews, records)
    assert funnel.sent >= funnel.accepted >= funnel.held >= funnel.thanked_within_24h
    assert funnel.held >= funnel.thanked >= funnel.thanked_within_24h
    assert funnel.held >= funnel.leads >= funnel.job_interviews >= funnel.offers


def test_the_chart_gives_each_panel_its_own_scale() -> None:
    funnel = compute_funnel(
        [Interview(*OWNER, contact_id=1, status="held", id=n) for n in range(1, 121)],
        [Outcome(*OWNER, OutcomeKind.OFFER.value, interview_id=1, id=1)],
    )
    conversations, results = funnel_figure(funnel).axes
    assert conversations.get_title(loc="left") == "Your conversations"
    assert results.get_title(loc="left") == "What they led to"
    # 120 conversations and a single offer: each panel is scaled to its own largest bar,
    # so the offer fills most of its panel instead of a sliver of a shared one.
    assert conversations.get_xlim()[1] > 100
    assert results.get_xlim()[1] < 2
    offer_bar = results.patches[-1]
    assert offer_bar.get_width() / results.get_xlim()[1] > 0.7
