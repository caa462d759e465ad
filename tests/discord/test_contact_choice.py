"""Discord: a name that fits two contacts answers with one button per contact, and a click
runs the person's own command about the one they picked (real discord.py, fake API)."""

from __future__ import annotations

from adapters.discord.render import custom_id
from bot.domain import Actor
from tests.discord.conftest import ALICE_ID, GUILD, DiscordHarness, embed_text

ALICE = Actor("discord", GUILD, ALICE_ID, "Alice")


async def test_which_dana_buttons_run_the_command_for_the_one_picked(
    discord_bot: DiscordHarness,
) -> None:
    run = discord_bot.dispatcher.run_text
    await run(ALICE, 'contact add "Dana Whitfield" company:Globex')
    await run(ALICE, 'contact add "Dana Scott" company:Acme')
    people = {c.name: c.number for c in discord_bot.uow.store.rows["contacts"]}
    asked = await discord_bot.run(("contact", "show"), {"contact": "Dana"})
    assert "Dana could be Dana Whitfield (Globex) or Dana Scott (Acme)" in embed_text(asked)
    buttons = [c for row in asked.body["components"] for c in row["components"]]
    assert [b["label"] for b in buttons] == [
        f"#{people['Dana Whitfield']} Dana Whitfield (Globex)",
        f"#{people['Dana Scott']} Dana Scott (Acme)",
    ]
    # The option arrived quoted ("Dana"); the button carries the line with the number.
    scott = custom_id(f"contact show #{people['Dana Scott']}")
    assert buttons[1]["custom_id"] == scott

    message = discord_bot.fake.messages[next(reversed(discord_bot.fake.messages))]
    before = len(discord_bot.fake.calls)
    discord_bot.feed(discord_bot.click(message, scott, user=ALICE_ID, guild=GUILD))
    edited = await discord_bot.fake.wait_route(
        "patch", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", after=before
    )
    shown = embed_text(edited)
    assert f"#{people['Dana Scott']} Dana Scott (Acme)" in shown
    assert f"contact chain #{people['Dana Scott']}" in shown  # `contact show`, for Scott
    assert f"contact chain #{people['Dana Whitfield']}" not in shown
    assert len(discord_bot.uow.store.rows["contacts"]) == 2  # asking added nobody
