from __future__ import annotations

from bot.domain import Interview
from tests.conftest import ALICE, BOB, CoreHarness


async def test_log_then_list(core: CoreHarness) -> None:
    text = await core.say(
        'interview log "Jane Doe" company:Acme role:PM when:"yesterday 3pm" medium:coffee notes:"Ask about data"'
    )
    assert "Logged interview #" in text
    assert "With: Jane Doe (PM, Acme)" in text
    assert "I added Jane Doe to your contacts (#1)." in text
    assert "Sat 21 Nov 2026 15:00" in text
    listing = await core.say("interview list")
    assert "Jane Doe (PM, Acme) · held" in listing


async def test_same_contact_is_reused_case_insensitively(core: CoreHarness) -> None:
    await core.say('interview log "Jane Doe" company:Acme')
    text = await core.say('interview log "jane doe" company:acme')
    assert "I added" not in text
    assert len(core.uow.store.table("contacts")) == 1


async def test_mention_contacts_dedupe_by_member_id(core: CoreHarness) -> None:
    await core.say("interview log <@U1|jane>")
    await core.say("interview log <@U1>")
    assert len(core.uow.store.table("contacts")) == 1


async def test_bad_input_writes_nothing(core: CoreHarness) -> None:
    cases = {
        "interview log": "name is missing",
        'interview log Jane when:"next week"': "is in the future",
        'interview log Jane when:"blorp flarg"': "couldn't read",
        'interview log Jane when:"1900-01-01"': "looks like a typo",
        "interview log Jane medium:carrier-pigeon": "isn't a medium",
    }
    for command, expected in cases.items():
        text = await core.say(command)
        assert expected in text, command
        assert "Try:" in text or "Examples" in text or "Use" in text
    assert core.uow.store.count() == 0


async def test_users_never_see_each_other(core: CoreHarness) -> None:
    await core.say('interview log "Jane Doe" notes:"secret"', ALICE)
    assert "empty" in await core.say("interview list", BOB)
    interviews: list[Interview] = core.uow.store.table("interviews")
    assert [i.user_id for i in interviews] == ["alice"]


async def test_list_filters(core: CoreHarness) -> None:
    await core.say("interview log Jane company:Acme")
    await core.say("interview log Raj company:Globex")
    assert "Raj" not in await core.say("interview list company:acme")
    assert "Jane" not in await core.say("interview list contact:Raj")
    assert "No interviews match" in await core.say("interview list status:thanked")
    assert "can't find a contact" in await core.say("interview list contact:Nobody")
