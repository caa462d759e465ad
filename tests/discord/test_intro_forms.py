"""The "Ask n for an intro" button through real discord.py (issue 18 §3): clicked on the
who-knows answer (here delivered as a DM, as the expiry news' buttons are), it answers
with a modal (type 9) holding one long "reason" box; the member and the company ride in
the form unseen, and submitting it sends the request. A member who blocked the clicker
opens no form, and the click gets the refusal used for anyone who can't be asked."""

from __future__ import annotations

from typing import Any

from adapters.discord.notifier import DiscordNotifier
from bot.domain import Actor
from bot.reply import Reply
from tests.discord.conftest import ALICE_ID, BOB_ID, GUILD, DiscordHarness, embed_text

ALICE = Actor("discord", GUILD, ALICE_ID, "Alice")
BOB = Actor("discord", GUILD, BOB_ID, "Bob")
LABEL = "What do you hope to learn from someone there?"
WHY = "how their demand planners forecast a new product line, and what surprised them"


async def _who_knows(bot: DiscordHarness) -> Reply:
    """Bob offers Acme; what `people who-knows` answers Alice."""
    run = bot.dispatcher.run_text
    await run(BOB, 'people join role:"supply planner" industry:grocery')
    await run(BOB, "people intros add company:Acme")
    bot.fake.members[GUILD] = {ALICE_ID, BOB_ID}
    return await run(ALICE, 'people who-knows company:"Acme"')


async def _click_ask(bot: DiscordHarness, reply: Reply) -> str:
    """`reply` sent to Alice as a DM, and her click on "Ask 1 for an intro" (its token)."""
    ref = await DiscordNotifier(bot.client).send_dm(ALICE, reply, idempotency_key="who-knows")
    message = bot.fake.messages[ref.split("/")[1]]
    buttons = [c for row in message["components"] for c in row["components"]]
    button = next(b for b in buttons if b["label"] == "Ask 1 for an intro")
    return bot.feed(bot.click(message, button["custom_id"], user=ALICE_ID, guild=None))


def _inputs(modal: dict[str, Any]) -> list[dict[str, Any]]:
    return [c.get("component") or c["components"][0] for c in modal["components"]]


async def test_the_ask_button_opens_a_reason_form_and_submitting_it_sends(
    discord_bot: DiscordHarness,
) -> None:
    opened = await discord_bot.answer(await _click_ask(discord_bot, await _who_knows(discord_bot)))
    assert opened.body["type"] == 9
    modal = opened.body["data"]
    assert modal["title"] == "Ask for an introduction"
    [box] = _inputs(modal)  # only why: who and where are carried by the form
    assert box["style"] == 2
    assert box["required"] is True
    assert "what they wish they'd known" in box["placeholder"]
    assert not box.get("value")
    async with discord_bot.uow() as uow:
        assert await uow.intros.requests_by(ALICE) == []

    submit = discord_bot.submit(modal, {LABEL: WHY}, user=ALICE_ID, guild=None)
    answer = await discord_bot.answer(discord_bot.feed(submit))
    assert "Sent to" in embed_text(answer)
    async with discord_bot.uow() as uow:
        [request] = await uow.intros.requests_by(ALICE)
    assert (request.member_id, request.company, request.reason) == (BOB_ID, "Acme", WHY)


async def test_a_member_who_blocked_the_clicker_opens_no_form(
    discord_bot: DiscordHarness,
) -> None:
    reply = await _who_knows(discord_bot)
    await discord_bot.dispatcher.run_text(BOB, f"people block <@{ALICE_ID}>")
    answer = await discord_bot.answer(await _click_ask(discord_bot, reply))
    assert answer.body.get("type") != 9
    said = embed_text(answer)
    assert "isn't offering introductions at Acme right now" in said
    assert "block" not in said.lower()
    async with discord_bot.uow() as uow:
        assert await uow.intros.requests_by(ALICE) == []


async def test_the_slash_command_without_a_reason_opens_the_reason_form(
    discord_bot: DiscordHarness,
) -> None:
    """`/people intro-request member:@bob company:Acme` with no reason (the option is no
    longer required) opens the same form as the button; submitting it sends."""
    await _who_knows(discord_bot)
    opened = await discord_bot.run(
        ("people", "intro-request"), {"member": BOB_ID, "company": "Acme"}
    )
    assert opened.body["type"] == 9
    modal = opened.body["data"]
    [box] = _inputs(modal)
    assert box["required"] is True
    submit = discord_bot.submit(modal, {LABEL: WHY}, user=ALICE_ID, guild=GUILD)
    answer = await discord_bot.answer(discord_bot.feed(submit))
    assert "Sent to" in embed_text(answer)
