"""The availability poll's Skip button, clicked in a Discord DM through discord.py.

The poll is sent by the real DiscordNotifier to the fake Discord API; the click feeds
the custom id Discord stored back through the client, which runs the command as the
member of the guild the DM is about.
"""

from __future__ import annotations

from datetime import UTC, datetime

from adapters.discord.notifier import DiscordNotifier
from bot.domain import Actor
from bot.mentoring.nudges import poll_reply
from tests.discord.conftest import ALICE_ID, GUILD, DiscordHarness, embed_text

ALICE = Actor("discord", GUILD, ALICE_ID, "Alice")
EDIT_ORIGINAL = "/webhooks/{webhook_id}/{webhook_token}/messages/@original"


async def test_skip_this_round_from_the_poll_dm(discord_bot: DiscordHarness) -> None:
    await discord_bot.dispatcher.run_text(ALICE, "mentor seek industries:fintech")
    async with discord_bot.uow() as uow:
        profile = await uow.profiles.get(ALICE)
    assert profile is not None
    poll = poll_reply(profile, datetime(2026, 12, 6, 12, tzinfo=UTC))
    ref = await DiscordNotifier(discord_bot.client).send_dm(ALICE, poll, idempotency_key="poll")
    message = discord_bot.fake.messages[ref.split("/")[1]]
    skip = next(
        c
        for row in message["components"]
        for c in row["components"]
        if c["label"] == "Skip this round"
    )
    assert skip["custom_id"].endswith("mentor availability skip")

    discord_bot.fake.members[GUILD] = {ALICE_ID}  # still in the poll's server
    before = len(discord_bot.fake.calls)
    discord_bot.feed(discord_bot.click(message, skip["custom_id"], user=ALICE_ID, guild=None))
    edited = await discord_bot.fake.wait_route("patch", EDIT_ORIGINAL, after=before)
    assert "sit out" in embed_text(edited)
    async with discord_bot.uow() as uow:
        after = await uow.profiles.get(ALICE)
    assert after is not None
    assert after.skip_next_round
