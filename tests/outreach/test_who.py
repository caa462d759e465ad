"""`outreach who`: kinds of people for the goal, where to find them, your own contacts."""

from __future__ import annotations

from bot.domain import Actor
from tests.conftest import ALICE, BOB, CoreHarness

CAROL = Actor("console", "w1", "carol", "Carol")


async def test_a_career_changer_gets_field_titles_and_their_own_contacts(
    core: CoreHarness,
) -> None:
    await core.say('contact add "Maya Chen" company:Figma role:"UX Researcher"')
    await core.say('contact add "Tom Park" company:Acme role:"Product Manager"')
    text = await core.say('outreach who field:"UX research" goal:changing-careers')
    assert "Who to approach in UX research" in text
    assert "Maya Chen (UX Researcher, Figma)" in text
    assert "Tom Park" not in text  # a product manager is not in UX research
    assert "moved into UX research from another career" in text
    assert "“ux researcher”" in text
    assert "Buyers" not in text


async def test_a_business_owner_is_sent_to_buyers_and_suppliers(core: CoreHarness) -> None:
    await core.say("questions goal:business-research")
    await core.say('outreach profile school:"State University"')
    text = await core.say('outreach who "grocery retail"')
    assert "Buyers in" in text
    assert "Suppliers to" in text
    assert "one step along the chain" in text
    assert "supplier days" in text
    assert "alumni directory" not in text


async def test_alumni_appear_only_with_a_school(core: CoreHarness) -> None:
    text = await core.say('outreach who field:"data analyst" goal:breaking-in')
    assert "Alumni of" not in text
    await core.say('outreach profile school:"State University"')
    text = await core.say('outreach who field:"data analyst" goal:breaking-in')
    assert "Alumni of State University working in data analytics" in text
    assert "State University alumni directory" in text


async def test_unknown_field_and_bad_input_change_nothing(core: CoreHarness) -> None:
    text = await core.say('outreach who "underwater basket weaving"')
    assert "I don't know “underwater basket weaving” as a field yet" in text
    reply = await core.dispatcher.run_text(ALICE, "outreach who")
    assert reply.is_error
    assert "Which field" in reply.plain_text()
    reply = await core.dispatcher.run_text(ALICE, 'outreach who "UX research" goal:fame')
    assert reply.is_error
    assert "isn't one I know" in reply.plain_text()


def test_every_field_says_where_its_people_gather() -> None:
    """`outreach who` names the kinds of places for that field, never a generic
    "a professional association for <field>"; search phrases read like titles."""
    from bot.outreach.who import _titles
    from bot.questions.fields import load_fields

    for field in load_fields().values():
        assert len(field.gather) > 40, field.key
        assert not field.gather.endswith("."), field.key
    hotel = load_fields()["hospitality"]
    assert "general manager hotel" not in _titles(hotel)


async def test_who_shows_the_fields_own_gathering_places(core: CoreHarness) -> None:
    text = await core.say('outreach who field:"ux research"')
    assert "UXPA" in text
    assert "professional association for" not in text


async def test_a_misspelt_field_gets_a_did_you_mean_button(core: CoreHarness) -> None:
    reply = await core.dispatcher.run_text(ALICE, "outreach who field:bakry goal:business-research")
    assert "Did you mean “bakery”?" in reply.text
    [button] = reply.actions
    assert button.command == "outreach who field:bakery goal:business-research"
    followed = await core.dispatcher.run_text(ALICE, button.command)
    assert followed.title == "Who to approach in hospitality"
    nothing_near = await core.dispatcher.run_text(ALICE, "outreach who field:beekeeping")
    assert "Did you mean" not in nothing_near.text
    assert not nothing_near.actions


async def test_who_names_members_open_to_a_chat_in_that_field(core: CoreHarness) -> None:
    """Once the directory exists, the warmest start: members who listed themselves as
    open to a chat and work in the field; never someone unlisted, never yourself."""
    await core.say('people join role:"Data Analyst" company:Brightline budget:2', BOB)
    await core.say('people join role:"Data Analyst" company:Acme budget:2')  # Alice herself
    await core.say('mentor join role:mentor industries:"data analytics"', CAROL)  # not listed
    reply = await core.dispatcher.run_text(ALICE, 'outreach who field:"data analyst"')
    [open_here] = [s for s in reply.sections if s.heading == "Open to a chat in this community"]
    assert any("Brightline" in line for line in open_here.lines)
    assert not any("Acme" in line for line in open_here.lines)
    assert len(open_here.lines) == 2  # Bob, and where to see more
    assert 'people find industry:"data analytics"' in open_here.lines[-1]
    nobody = await core.dispatcher.run_text(ALICE, "outreach who field:cybersecurity")
    assert not [s for s in nobody.sections if s.heading.startswith("Open to a chat")]


async def test_the_professions_people_name_find_their_field(core: CoreHarness) -> None:
    """A career changer's own word, "nursing", once got "I don't know this field"."""
    for word in ("nursing", "medicine", "midwifery"):
        text = await core.say(f"outreach who field:{word}")
        assert "Who to approach in clinical care" in text, (word, text)
