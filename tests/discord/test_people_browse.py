"""`/people browse` on Discord (real discord.py): a few members with Next / Previous buttons
that page in place, and only public fields."""

from __future__ import annotations

from bot.domain import Actor
from tests.discord.conftest import ALICE_ID, GUILD, DiscordHarness, embed_text

ALICE = Actor("discord", GUILD, ALICE_ID, "Alice")
EDIT = "/webhooks/{webhook_id}/{webhook_token}/messages/@original"


async def test_browse_pages_with_buttons_in_place(discord_bot: DiscordHarness) -> None:
    for n in range(5):
        member = Actor("discord", GUILD, f"10000000000000010{n}", f"M{n}")
        line = f'people join role:"data analyst" company:"Shop {n}" budget:3'
        await discord_bot.dispatcher.run_text(member, line)
    first = await discord_bot.run(("people", "browse"), {})
    shown = embed_text(first)
    assert "Page 1 of 2" in shown
    assert "Shop" in shown
    assert "Requests a month you accept" not in shown  # private to each member
    buttons = [c for row in first.body["components"] for c in row["components"]]
    after = next(b for b in buttons if b["label"] == "Next")
    message = discord_bot.fake.messages[next(reversed(discord_bot.fake.messages))]
    before = len(discord_bot.fake.calls)
    discord_bot.feed(discord_bot.click(message, after["custom_id"], user=ALICE_ID, guild=GUILD))
    edited = await discord_bot.fake.wait_route("patch", EDIT, after=before)
    assert "Page 2 of 2" in embed_text(edited)
    labels = [c["label"] for row in edited.body["components"] for c in row["components"]]
    assert "Previous" in labels
    assert "Next" not in labels
