"""Discord: a button whose command has a form opens it ("Add an action" in the reflection
DM), as on Slack; what the form sends runs in the button's community (real discord.py)."""

from __future__ import annotations

from adapters.discord.guard import LEFT_THE_SERVER
from adapters.discord.notifier import DiscordNotifier
from bot.domain import Actor
from bot.reply import Action, Reply
from tests.discord.conftest import ALICE_ID, GUILD, DiscordHarness, embed_text

ALICE = Actor("discord", GUILD, ALICE_ID, "Alice")
CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"


async def test_add_an_action_button_in_a_dm_opens_the_form_and_adds_the_item(
    discord_bot: DiscordHarness,
) -> None:
    notifier = DiscordNotifier(discord_bot.client)
    reflection = Reply(
        text="What did you learn?", actions=(Action("Add an action", "actions add"),)
    )
    ref = await notifier.send_dm(ALICE, reflection, idempotency_key="k")
    message = discord_bot.fake.messages[ref.split("/")[1]]
    button = message["components"][0]["components"][0]["custom_id"]  # carries the server
    discord_bot.fake.members[GUILD] = {ALICE_ID}
    token = discord_bot.feed(discord_bot.click(message, button, user=ALICE_ID, guild=None))
    opened = await discord_bot.answer(token)
    assert opened.route == CALLBACK
    assert opened.body["type"] == 9
    modal = opened.body["data"]
    assert modal["title"] == "Add an action item"
    labels = [
        (c.get("component") or c["components"][0]).get("label") or c.get("label")
        for c in modal["components"]
    ]
    text_label = next(label for label in labels if label and "do" in label.lower())
    submit = discord_bot.submit(
        modal, {text_label: "Send Jane my portfolio"}, user=ALICE_ID, guild=None
    )
    answer = await discord_bot.answer(discord_bot.feed(submit))
    assert "Send Jane my portfolio" in embed_text(answer)
    [item] = discord_bot.uow.store.rows["action_items"]
    assert (item.platform, item.workspace_id, item.user_id) == ALICE.key


async def test_a_dm_form_button_opens_nothing_for_someone_who_left_the_server(
    discord_bot: DiscordHarness,
) -> None:
    """The form was opened and only its submission refused: typing into it was in vain.
    Now the button asks Discord first and says at once that the server is left."""
    notifier = DiscordNotifier(discord_bot.client)
    reflection = Reply(
        text="What did you learn?", actions=(Action("Add an action", "actions add"),)
    )
    ref = await notifier.send_dm(ALICE, reflection, idempotency_key="k")
    message = discord_bot.fake.messages[ref.split("/")[1]]
    button = message["components"][0]["components"][0]["custom_id"]
    discord_bot.fake.members[GUILD] = set()  # Alice has left the server
    token = discord_bot.feed(discord_bot.click(message, button, user=ALICE_ID, guild=None))
    answer = await discord_bot.answer(token)
    assert answer.body.get("type") != 9  # no form
    assert LEFT_THE_SERVER.split(",")[0] in embed_text(answer)
    assert not discord_bot.uow.store.rows.get("action_items")
