"""A new member's `/inroads help` starts with the first-run guide (real discord.py)."""

from __future__ import annotations

from bot.domain import Actor
from tests.discord.conftest import ALICE_ID, BOB_ID, GUILD, DiscordHarness, embed_text
from tests.discord.fake_api import Call


def _answers_for(harness: DiscordHarness, token: str) -> list[Call]:
    return [
        c
        for c in harness.fake.calls
        if token in c.path and c.method in ("post", "patch") and embed_text(c)
    ]


async def test_new_member_help_opens_with_the_guide_then_the_commands(
    discord_bot: DiscordHarness,
) -> None:
    token = discord_bot.feed(discord_bot.slash(("inroads", "help"), {}, user=ALICE_ID))
    await discord_bot.fake.wait_for(
        lambda c: token in c.path and "Inroads — commands" in embed_text(c)
    )
    guide, help_ = (embed_text(c) for c in _answers_for(discord_bot, token))
    assert guide.startswith("Welcome to Inroads")
    assert "outreach profile name:" in guide
    assert "checkin settings timezone:" in guide
    assert "questions goal:" in guide
    assert "Right now it's UTC" in guide
    assert "Inroads — commands" in help_


async def test_member_with_a_profile_gets_only_the_help(discord_bot: DiscordHarness) -> None:
    bob = Actor("discord", GUILD, BOB_ID, "Bob")
    await discord_bot.dispatcher.run_text(bob, 'outreach profile name:"Bob Stone"')
    token = discord_bot.feed(discord_bot.slash(("inroads", "help"), {}, user=BOB_ID))
    await discord_bot.fake.wait_for(
        lambda c: token in c.path and "Inroads — commands" in embed_text(c)
    )
    answers = [embed_text(c) for c in _answers_for(discord_bot, token)]
    assert len(answers) == 1
    assert "Welcome to Inroads" not in answers[0]
