"""Forms on a conversation request through real discord.py (issue 18 §2): the draft's
Edit button, clicked in the DM that carries it, answers with a modal (type 9) whose box
already holds the draft; submitting it changes the draft. "Suggest times" opens a small
form whose answer goes to the seeker as the helper's times."""

from __future__ import annotations

from typing import Any

from adapters.discord.notifier import DiscordNotifier
from bot.directory.request_model import TIMES, ConversationRequest
from bot.directory.requests_view import helper_dm
from bot.domain import Actor
from bot.reply import Reply
from tests.discord.conftest import ALICE_ID, BOB_ID, GUILD, DiscordHarness, embed_text

ALICE = Actor("discord", GUILD, ALICE_ID, "Alice")
BOB = Actor("discord", GUILD, BOB_ID, "Bob")
CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"


def _inputs(modal: dict[str, Any]) -> list[dict[str, Any]]:
    return [c.get("component") or c["components"][0] for c in modal["components"]]


async def _in_a_dm(bot: DiscordHarness, to: Actor, reply: Reply, label: str) -> dict[str, Any]:
    """`reply` sent to `to` as a DM; the click on its `label` button, as they'd make it."""
    ref = await DiscordNotifier(bot.client).send_dm(to, reply, idempotency_key=label)
    message = bot.fake.messages[ref.split("/")[1]]
    buttons = [c for row in message["components"] for c in row["components"]]
    button = next(b for b in buttons if b["label"] == label)
    return bot.click(message, button["custom_id"], user=to.user_id, guild=None)


async def _draft(bot: DiscordHarness) -> Reply:
    run = bot.dispatcher.run_text
    await run(BOB, 'people join role:"UX researcher" industry:software budget:2')
    await run(ALICE, 'outreach profile name:"Alice Ng" about:"a teacher moving into UX"')
    bot.fake.members[GUILD] = {ALICE_ID, BOB_ID}
    return await run(ALICE, f'people ask <@{BOB_ID}> reason:"your move into research"')


async def _request(bot: DiscordHarness) -> ConversationRequest:
    async with bot.uow() as uow:
        [row] = await uow.requests.list_for(ALICE)
    return row


async def test_edit_opens_a_modal_holding_the_draft_and_submitting_edits_it(
    discord_bot: DiscordHarness,
) -> None:
    draft = await _draft(discord_bot)
    token = discord_bot.feed(await _in_a_dm(discord_bot, ALICE, draft, "Edit"))
    opened = await discord_bot.answer(token)
    assert opened.route == CALLBACK
    assert opened.body["type"] == 9
    modal = opened.body["data"]
    assert modal["title"] == "Edit your request"
    [box] = _inputs(modal)
    assert box["value"] == draft.text  # the draft, ready to change a word of
    assert box["style"] == 2
    assert box["max_length"] == 4000

    label = "Your request, as they'll read it"
    new = "Hi Bob, I'm Alice, a teacher moving into UX. Could I ask you about research?"
    submit = discord_bot.submit(modal, {label: new}, user=ALICE_ID, guild=None)
    answer = await discord_bot.answer(discord_bot.feed(submit))
    assert "ready to check" in embed_text(answer)
    request = await _request(discord_bot)
    assert (request.message, request.status) == (new, "draft")


async def test_suggest_times_opens_a_small_form_and_offers_the_times(
    discord_bot: DiscordHarness,
) -> None:
    await _draft(discord_bot)
    rid = (await _request(discord_bot)).id
    assert not (await discord_bot.dispatcher.run_text(ALICE, f"people send {rid}")).is_error
    dm = await _helper_dm(discord_bot, rid)
    token = discord_bot.feed(await _in_a_dm(discord_bot, BOB, dm, "Suggest times"))
    opened = await discord_bot.answer(token)
    assert opened.body["type"] == 9
    modal = opened.body["data"]
    [box] = _inputs(modal)
    assert box["placeholder"] == "Tue 3pm or Thu 10am, your time zone"
    submit = discord_bot.submit(
        modal, {"Which times suit you?": "Tue 3pm or Thu 10am"}, user=BOB_ID, guild=None
    )
    answer = await discord_bot.answer(discord_bot.feed(submit))
    assert "pick one of your times" in embed_text(answer)
    request = await _request(discord_bot)
    assert (request.status, request.times) == (TIMES, "Tue 3pm or Thu 10am")


async def _helper_dm(bot: DiscordHarness, rid: int | None) -> Reply:
    """The request as Bob receives it (its four answer buttons)."""
    async with bot.uow() as uow:
        request = await uow.requests.get("discord", GUILD, rid or 0)
    assert request is not None
    return helper_dm(request, None)


async def test_the_slash_command_without_text_opens_the_same_form_in_a_server(
    discord_bot: DiscordHarness,
) -> None:
    draft = await _draft(discord_bot)
    rid = (await _request(discord_bot)).id
    opened = await discord_bot.run(("people", "edit"), {"request": rid})
    assert opened.body["type"] == 9
    [box] = _inputs(opened.body["data"])
    assert box["value"] == draft.text
    refused = await discord_bot.run(("people", "edit"), {"request": rid}, user=BOB_ID)
    assert refused.body.get("type") != 9  # not Bob's draft: no form, the usual refusal
    assert "no request" in embed_text(refused)
    assert "Alice" not in embed_text(refused)
