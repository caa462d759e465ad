"""Interview commands name a conversation by its person as well as by its number."""

from __future__ import annotations

from bot.domain import Interview
from tests.conftest import ALICE, CoreHarness


def by_number(core: CoreHarness) -> dict[int, Interview]:
    return {i.number: i for i in core.uow.store.table("interviews")}


async def two_priyas(core: CoreHarness) -> None:
    await core.say('interview plan "Priya Shah" when:"tomorrow 3pm"')
    await core.say('interview log "Priya Rao" when:"yesterday 2pm"')


async def test_done_by_first_name_marks_the_one_open_conversation(core: CoreHarness) -> None:
    await core.say('interview plan "Priya Shah" when:"tomorrow 3pm"')
    text = await core.say('interview done priya notes:"great chat"')
    assert "Interview #1 marked held" in text
    assert by_number(core)[1].status == "held"
    assert by_number(core)[1].notes == "great chat"


async def test_an_unquoted_full_name_is_one_name(core: CoreHarness) -> None:
    await two_priyas(core)
    await core.say("interview done 1")
    text = await core.say("interview thanked Priya Shah")
    assert "Thank-you to Priya Shah recorded (interview #1)" in text
    assert by_number(core)[2].status == "held"


async def test_two_people_one_fitting_conversation_uses_it(core: CoreHarness) -> None:
    """Both Priyas match, but only Priya Rao's conversation still needs a thank-you."""
    await two_priyas(core)
    text = await core.say("interview thanked priya")
    assert "Thank-you to Priya Rao recorded (interview #2)" in text
    assert by_number(core)[1].status == "scheduled"


async def test_several_fitting_conversations_ask_with_buttons(core: CoreHarness) -> None:
    await two_priyas(core)
    await core.say("interview done 1")
    reply = await core.dispatcher.run_text(ALICE, "interview outcome priya kind:referral")
    assert "could mean more than one conversation" in reply.plain_text()
    commands = sorted(a.command for a in reply.actions)
    assert commands == ["interview outcome 1 kind:referral", "interview outcome 2 kind:referral"]
    assert core.uow.store.table("outcomes") == []


async def test_a_name_with_nothing_to_act_on_says_what_there_is(core: CoreHarness) -> None:
    await core.say('interview log "Dana Whitfield" when:"yesterday 2pm"')
    text = await core.say("interview done dana")
    assert "You have no conversation with Dana Whitfield that is still planned or asked" in text
    assert "#1 Dana Whitfield, held" in text
    text = await core.say('interview show "Sam Carter"')
    assert "I can't find anyone called Sam Carter" in text


async def test_a_contact_without_conversations_is_told_how_to_start(core: CoreHarness) -> None:
    await core.say('contact add "Raj Patel"')
    text = await core.say("interview done raj")
    assert "You haven't planned or logged a conversation with Raj Patel yet" in text
    assert core.uow.store.table("interviews") == []


async def test_a_near_miss_asks_even_for_one_conversation(core: CoreHarness) -> None:
    await core.say('interview plan "Priya Shah" when:"tomorrow 3pm"')
    reply = await core.dispatcher.run_text(ALICE, "interview done Priyaa Shah")
    assert [a.command for a in reply.actions] == ["interview done 1"]
    assert by_number(core)[1].status == "scheduled"
