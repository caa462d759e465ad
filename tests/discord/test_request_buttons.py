"""A conversation request through real discord.py: the request DM's four buttons, a
click on Accept by the helper from the DM, the introduction as a DM to each of the two,
and the "Ask for a conversation" member context menu opening the ask flow."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from adapters.discord.context_menus import ASK_FOR_A_CONVERSATION
from adapters.discord.notifier import DiscordNotifier
from bot.domain import Actor
from bot.reminders.dispatch import ReminderDispatcher
from tests.discord.conftest import ALICE_ID, BOB_ID, GUILD, DiscordHarness, embed_text
from tests.discord.fake_api import user_payload

ALICE = Actor("discord", GUILD, ALICE_ID, "Alice")
BOB = Actor("discord", GUILD, BOB_ID, "Bob")
MESSAGES = "/channels/{channel_id}/messages"
EDITED = "/webhooks/{webhook_id}/{webhook_token}/messages/@original"


async def _deliver(bot: DiscordHarness) -> None:
    services = replace(bot.services, notifier=DiscordNotifier(bot.client))
    await ReminderDispatcher(services).run_once()


async def _status(bot: DiscordHarness) -> str:
    async with bot.uow() as uow:
        rows = await uow.requests.list_for(ALICE)
    return rows[0].status


async def _setup(bot: DiscordHarness) -> None:
    run = bot.dispatcher.run_text
    await run(BOB, 'people join role:"UX researcher" industry:software budget:2')
    await run(ALICE, 'outreach profile name:"Alice Ng" about:"a teacher moving into UX"')
    bot.fake.members[GUILD] = {ALICE_ID, BOB_ID}


async def test_accept_from_the_dm_introduces_both(discord_bot: DiscordHarness) -> None:
    await _setup(discord_bot)
    draft = await discord_bot.dispatcher.run_text(ALICE, f"people ask <@{BOB_ID}>")
    send = next(a for a in draft.actions if a.label == "Send")
    assert not (await discord_bot.dispatcher.run_text(ALICE, send.command)).is_error

    before = len(discord_bot.fake.calls)
    await _deliver(discord_bot)
    await discord_bot.fake.wait_route("post", MESSAGES, after=before)
    message = list(discord_bot.fake.messages.values())[-1]
    buttons = [c for row in message["components"] for c in row["components"]]
    assert [b["label"] for b in buttons] == ["Accept", "Suggest times", "Not this month", "Decline"]
    assert "I'm Alice Ng" in str(message["embeds"])

    before = len(discord_bot.fake.calls)
    discord_bot.feed(discord_bot.click(message, buttons[0]["custom_id"], user=BOB_ID, guild=None))
    edited = await discord_bot.fake.wait_route("patch", EDITED, after=before)
    assert "Thank you for saying yes" in embed_text(edited)
    assert await _status(discord_bot) == "accepted"

    before = len(discord_bot.fake.calls)
    await _deliver(discord_bot)
    first = await discord_bot.fake.wait_route("post", MESSAGES, after=before)
    second = await discord_bot.fake.wait_route(
        "post", MESSAGES, after=discord_bot.fake.calls.index(first) + 1
    )
    assert first.path != second.path  # one DM each: Discord has no group DM for bots
    for call in (first, second):
        assert "introduced" in str(call.body["embeds"])


def _user_command(bot: DiscordHarness, target: str) -> dict[str, Any]:
    data = {
        "id": "2",
        "name": ASK_FOR_A_CONVERSATION,
        "type": 2,
        "target_id": target,
        "resolved": {"users": {target: user_payload(target, "bob")}},
    }
    return bot._base(2, ALICE_ID, GUILD, data)


async def test_the_member_menu_opens_the_ask_flow(discord_bot: DiscordHarness) -> None:
    await _setup(discord_bot)
    token = discord_bot.feed(_user_command(discord_bot, BOB_ID))
    answer = await discord_bot.answer(token)
    assert "ready to check" in embed_text(answer)
    async with discord_bot.uow() as uow:
        [draft] = await uow.requests.list_for(ALICE)
    assert (draft.helper_id, draft.status) == (BOB_ID, "draft")
