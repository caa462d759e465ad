"""`people join|show|pause|resume|leave` on the in-memory core: consent, privacy, refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain import Actor
from tests.conftest import ALICE, BOB, CoreHarness

CAROL = Actor("console", "w1", "carol", "Carol")
OTHER_WS = Actor("console", "w2", "alice", "Alice elsewhere")
JOIN = (
    'people join role:"category manager" industry:grocery company:Tesco school:Leeds '
    'year:2015 topics:"pricing, supplier talks" path:"changed careers from teaching" '
    "medium:video length:20m budget:3"
)


def profiles(core: CoreHarness) -> list:  # type: ignore[type-arg]
    return list(core.uow.store.table("profiles"))


def terms(core: CoreHarness) -> list:  # type: ignore[type-arg]
    return list(core.uow.store.table("directory_terms"))


async def test_join_lists_with_every_field_and_says_who_sees_it(core: CoreHarness) -> None:
    out = await core.say(JOIN)
    assert "You're in the directory" in out
    (row,) = profiles(core)
    assert row.listed_at is not None
    assert row.in_matching is False
    assert (row.company, row.school, row.class_year, row.ask_budget) == ("Tesco", "Leeds", 2015, 3)
    assert (row.chat_medium, row.chat_minutes) == ("video", 20)
    assert ("field", "grocery-retail") in {(t.kind, t.value) for t in terms(core)}
    shown = await core.say("people show")
    public, private = shown.split("Only you see")
    assert "Members of this workspace who search the directory see" in public
    assert "Company: Tesco" in public
    assert "School: Leeds (2015)" in public
    assert "Requests a month you accept: 3" in private
    assert "3" not in public.split("School")[1]


async def test_updates_change_only_what_was_given(core: CoreHarness) -> None:
    await core.say(JOIN)
    assert "Listing updated" in await core.say("people join budget:1 medium:phone")
    (row,) = profiles(core)
    assert (row.ask_budget, row.chat_medium, row.company) == (1, "phone", "Tesco")


@pytest.mark.parametrize(
    ("line", "says"),
    [
        ("people join budget:11", "0 to 10"),
        ("people join budget:two", "0 to 10"),
        ("people join medium:carrier-pigeon", "Pick one of"),
        ("people join year:1850", "class year"),
        ("people join year:2199", "class year"),
        ("people join length:5h", "minutes"),
        ("people join grocery", "options only"),
    ],
)
async def test_bad_values_are_refused_and_change_nothing(
    core: CoreHarness, line: str, says: str
) -> None:
    await core.say(JOIN)
    before = [(p.ask_budget, p.chat_medium, p.class_year, p.chat_minutes) for p in profiles(core)]
    out = await core.say(line)
    assert says in out
    assert "Try:" in out
    after = [(p.ask_budget, p.chat_medium, p.class_year, p.chat_minutes) for p in profiles(core)]
    assert before == after


async def test_a_refused_first_join_lists_nobody(core: CoreHarness) -> None:
    await core.say("people join industry:grocery budget:99")
    assert profiles(core) == []
    assert terms(core) == []
    assert "aren't in the directory" in await core.say("people show")


async def test_a_misspelt_industry_gets_a_did_you_mean(core: CoreHarness) -> None:
    out = await core.say("people join industry:grocry")
    assert "did you mean" in out.lower() or "if you meant" in out
    assert "grocery" in out


async def test_listing_never_enrols_in_matching_and_matching_never_lists(
    core: CoreHarness,
) -> None:
    await core.say("people join industry:grocery", ALICE)
    assert "haven't joined mentor matching" in await core.say("mentor profile", ALICE)
    await core.say('mentor join role:mentor industries:fintech topics:"career change"', BOB)
    assert "aren't in the directory" in await core.say("people show", BOB)
    found = await core.say("people find", CAROL)
    assert "alice" in found
    assert "bob" not in found
    by_user = {p.user_id: p for p in profiles(core)}
    assert by_user["alice"].in_matching is False
    assert by_user["bob"].listed_at is None


async def test_rounds_skip_members_only_in_the_directory(core: CoreHarness) -> None:
    await core.say("mentor config cadence:14d", ALICE)
    await core.say('mentor join role:mentor industries:fintech topics:"career change"', BOB)
    await core.say('people join industry:fintech topics:"career change"', CAROL)
    out = await core.say("mentor round preview", ALICE)
    assert "no available seekers" in out


async def test_leave_keeps_a_mentoring_profile_and_mentor_leave_keeps_a_listing(
    core: CoreHarness,
) -> None:
    await core.say('mentor join role:mentor industries:fintech topics:"career change"')
    await core.say(JOIN)
    (row,) = profiles(core)
    assert row.in_matching
    assert row.listed_at is not None
    assert "mentoring profile stays" in await core.say("people leave")
    (row,) = profiles(core)
    assert row.listed_at is None
    assert row.company == ""
    assert row.in_matching
    assert terms(core) == []
    await core.say(JOIN)
    await core.say("mentor leave")
    (row,) = profiles(core)
    assert row.listed_at is not None
    assert not row.in_matching
    assert row.company == "Tesco"
    assert "haven't joined mentor matching" in await core.say("mentor profile")
    await core.say("people leave")
    assert profiles(core) == []
    assert terms(core) == []


async def test_pause_hides_and_resume_shows_again(core: CoreHarness) -> None:
    await core.say(JOIN, BOB)
    assert "bob" in await core.say("people find industry:grocery")
    assert "until you resume" in await core.say("people pause", BOB)
    assert "Nobody" in await core.say("people find industry:grocery")
    assert "back in the directory" in await core.say("people resume", BOB)
    assert "bob" in await core.say("people find industry:grocery")
    await core.say("people pause for:2w", BOB)
    assert "Nobody" in await core.say("people find industry:grocery")
    core.clock.advance(timedelta(days=15))
    assert "bob" in await core.say("people find industry:grocery")
    assert "for:" in await core.say("people pause for:forever", BOB)
    assert "already past" in await core.say('people pause until:"yesterday"', BOB)


async def test_forget_me_erases_the_listing(core: CoreHarness) -> None:
    await core.say(JOIN)
    await core.say(JOIN, BOB)
    await core.say("inroads forget-me confirm:yes")
    assert {p.user_id for p in profiles(core)} == {"bob"}
    assert {t.user_id for t in terms(core)} == {"bob"}


async def test_other_workspaces_never_see_a_listing(core: CoreHarness) -> None:
    await core.say(JOIN)
    assert "Nobody" in await core.say("people find", OTHER_WS)
    assert "aren't in the directory" in await core.say("people show", OTHER_WS)
