"""Discord context menus through real discord.py: "Add to my contacts" on a user and
"Add to interview notes" on a message open their forms prefilled; submitting saves."""

from __future__ import annotations

from typing import Any

from discord import app_commands

from tests.discord.conftest import ALICE_ID, BOB_ID, CHANNEL, GUILD, DiscordHarness, embed_text
from tests.discord.fake_api import user_payload

CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"
MESSAGE_ID = "600000000000000001"


def menu(
    harness: DiscordHarness, name: str, kind: int, target: str, resolved: dict[str, Any]
) -> dict[str, Any]:
    data = {"id": "2", "name": name, "type": kind, "target_id": target, "resolved": resolved}
    return harness._base(2, ALICE_ID, GUILD, data)


def inputs(modal: dict[str, Any]) -> dict[str, str]:
    """Label -> prefilled value of each text input of a modal callback body."""
    found = {}
    for component in modal["components"]:
        text_input = component.get("component") or component["components"][0]
        label = component.get("label") or text_input.get("label")
        found[label] = text_input.get("value") or ""
    return found


async def test_both_menus_are_on_the_tree(discord_bot: DiscordHarness) -> None:
    kinds = {
        c.name: c.type
        for c in discord_bot.client.tree.get_commands()
        if isinstance(c, app_commands.ContextMenu)
    }
    assert kinds["Add to my contacts"].name == "user"
    assert kinds["Add to interview notes"].name == "message"


async def test_add_to_my_contacts_opens_a_prefilled_form_that_saves(
    discord_bot: DiscordHarness,
) -> None:
    bob = user_payload(BOB_ID, "bob")
    resolved = {
        "users": {BOB_ID: bob},
        "members": {BOB_ID: {"roles": [], "joined_at": "2026-01-01T00:00:00+00:00",
                             "deaf": False, "mute": False, "flags": 0, "permissions": "0"}},
    }  # fmt: skip
    token = discord_bot.feed(menu(discord_bot, "Add to my contacts", 2, BOB_ID, resolved))
    opened = await discord_bot.answer(token)
    assert opened.route == CALLBACK
    assert opened.body["type"] == 9
    modal = opened.body["data"]
    filled = inputs(modal)
    assert "Bob" in filled.values()
    assert "Discord" in filled.values()
    answer = await discord_bot.answer(
        discord_bot.feed(discord_bot.submit(modal, filled, user=ALICE_ID))
    )
    assert "Bob" in embed_text(answer)
    [contact] = discord_bot.uow.store.rows["contacts"]
    assert (contact.workspace_id, contact.user_id, contact.name) == (GUILD, ALICE_ID, "Bob")


async def test_add_to_interview_notes_prefills_the_message_and_its_author(
    discord_bot: DiscordHarness,
) -> None:
    message = {
        "id": MESSAGE_ID,
        "channel_id": CHANNEL,
        "author": user_payload(BOB_ID, "bob"),
        "content": "Great chat! Ask @everyone about the <pricing> review",
        "timestamp": "2026-11-20T10:00:00+00:00",
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": False,
        "type": 0,
    }
    payload = menu(
        discord_bot, "Add to interview notes", 3, MESSAGE_ID, {"messages": {MESSAGE_ID: message}}
    )
    opened = await discord_bot.answer(discord_bot.feed(payload))
    assert opened.body["type"] == 9
    modal = opened.body["data"]
    filled = inputs(modal)
    assert "Bob" in filled.values()
    notes = next(v for v in filled.values() if "pricing" in v)
    assert notes == "Great chat! Ask @everyone about the <pricing> review"
    answer = await discord_bot.answer(
        discord_bot.feed(discord_bot.submit(modal, filled, user=ALICE_ID))
    )
    assert "Logged" in embed_text(answer)
    [interview] = discord_bot.uow.store.rows["interviews"]
    assert "<pricing> review" in interview.notes
