"""A goal said once, in any command, shapes the packs and drafts that follow.

A bakery owner who joined mentoring "to research the market" used to get an outreach
draft asking about someone's "first years after graduating": only `questions goal:`
kept the goal. Driven through the real dispatcher on the in-memory fakes."""

from __future__ import annotations

from tests.conftest import ALICE, CoreHarness

DRAFT = (
    'outreach draft "Grace Lin" company:"Harris Farm Markets" role:"category buyer" '
    'reason:"you ran the local producers program"'
)


async def goal(core: CoreHarness) -> str:
    async with core.uow() as uow:
        return (await uow.settings.get_or_default(ALICE)).goal


async def test_a_goal_given_when_seeking_a_mentor_shapes_the_draft(core: CoreHarness) -> None:
    before = await core.say(DRAFT)
    assert "after graduating" in before  # nothing said who she is: the default framing
    joined = await core.say(
        'mentor seek industries:grocery learning:"getting stocked" goal:research'
    )
    assert "Saved as your goal" in joined
    assert await goal(core) == "business-research"
    draft = await core.say(DRAFT)
    assert "after graduating" not in draft
    assert "how things look from your side" in draft or "It would be me listening" in draft
    again = await core.say("mentor seek goal:business-research")
    assert "Saved as your goal" not in again  # nothing new to save


async def test_a_mentoring_goal_in_other_words_is_kept_for_the_profile_only(
    core: CoreHarness,
) -> None:
    reply = await core.say('mentor seek industries:fintech goal:"find my feet"')
    assert "Saved as your goal" not in reply
    assert "find my feet" in await core.say("mentor profile")
    assert await goal(core) == ""


async def test_who_to_approach_remembers_the_goal_even_for_a_field_it_does_not_know(
    core: CoreHarness,
) -> None:
    unknown = await core.say("outreach who field:beekeeping goal:switch")
    assert "Saved as your goal" in unknown
    assert await goal(core) == "changing-careers"
    known = await core.say('outreach who field:"UX research" goal:switch')
    assert "Saved as your goal" not in known
    assert "moved into UX research from another career" in known
