"""Round announcements through real discord.py against the spec-checked fake REST API."""

from __future__ import annotations

import pytest

from adapters.discord.notifier import DiscordNotifier, nonce_for
from bot.domain import Actor
from bot.ports import DeliveryError
from bot.reminders.dispatch import ReminderDispatcher
from bot.reply import Reply
from tests.discord.conftest import ALICE_ID, BOB_ID, GUILD, DiscordHarness, embed_text

DAN_ID = "100000000000000014"
MENTOR_CHANNEL = "400000000000000077"


def messages_to(discord_bot: DiscordHarness, channel_id: str) -> list[dict[str, object]]:
    path = f"/api/v10/channels/{channel_id}/messages"
    return [c.body for c in discord_bot.fake.calls if c.method == "post" and c.path == path]


async def one_pair(discord_bot: DiscordHarness, channel: str) -> DiscordNotifier:
    """Alice configures (and so becomes admin); Bob mentors, Dan seeks."""
    notifier = DiscordNotifier(discord_bot.client)
    discord_bot.services.notifier = notifier
    configured = await discord_bot.run(("mentor", "config"), {"channel": channel})
    assert "Settings saved" in embed_text(configured)
    run = discord_bot.dispatcher.run_text
    await run(
        Actor("discord", GUILD, BOB_ID),
        'mentor join role:mentor industries:fintech topics:"career change" capacity:1',
    )
    await run(Actor("discord", GUILD, DAN_ID), "mentor seek industries:fintech")
    return notifier


async def test_round_run_posts_to_the_channel_of_a_discord_mention(
    discord_bot: DiscordHarness,
) -> None:
    await one_pair(discord_bot, f"<#{MENTOR_CHANNEL}>")
    answer = await discord_bot.run(("mentor", "round", "run"), {})
    assert "on its way to" in embed_text(answer)
    assert messages_to(discord_bot, MENTOR_CHANNEL) == []  # not before the dispatcher runs
    assert (await ReminderDispatcher(discord_bot.services).run_once()).sent == 2
    post = await discord_bot.fake.wait_for(
        lambda c: c.method == "post" and c.path == f"/api/v10/channels/{MENTOR_CHANNEL}/messages"
    )
    text = embed_text(post)
    assert "One new mentoring pair was just introduced" in text
    for private in (ALICE_ID, BOB_ID, DAN_ID, "fintech", "career change", "<@"):
        assert private not in text
    assert len(messages_to(discord_bot, MENTOR_CHANNEL)) == 1
    # The introduction went to each member's DM, not to the channel.
    assert messages_to(discord_bot, f"5{BOB_ID[1:]}")
    assert messages_to(discord_bot, f"5{DAN_ID[1:]}")


async def test_a_channel_name_is_resolved_among_the_servers_text_channels(
    discord_bot: DiscordHarness,
) -> None:
    discord_bot.fake.add_channel(GUILD, "mentoring", kind=2)  # a voice channel: not this one
    text_id = discord_bot.fake.add_channel(GUILD, "mentoring")
    discord_bot.fake.add_channel(GUILD, "general")
    discord_bot.add_guild(GUILD, "Alumni", (ALICE_ID, BOB_ID, DAN_ID))  # cached, no channels
    await one_pair(discord_bot, "#Mentoring")
    answer = await discord_bot.run(("mentor", "round", "run"), {})
    assert "on its way to #Mentoring" in embed_text(answer)
    await ReminderDispatcher(discord_bot.services).run_once()
    post = await discord_bot.fake.wait_for(
        lambda c: c.method == "post" and c.path == f"/api/v10/channels/{text_id}/messages"
    )
    assert "new mentoring pair" in embed_text(post)
    listed = [c for c in discord_bot.fake.calls if c.route == "/guilds/{guild_id}/channels"]
    assert len(listed) == 1


async def test_a_repeated_announcement_lands_once(discord_bot: DiscordHarness) -> None:
    notifier = DiscordNotifier(discord_bot.client)
    reply = Reply(text="Round news")
    first = await notifier.post_to_channel(
        "discord", GUILD, MENTOR_CHANNEL, reply, idempotency_key="round-4-announce"
    )
    again = await notifier.post_to_channel(
        "discord", GUILD, f"<#{MENTOR_CHANNEL}>", reply, idempotency_key="round-4-announce"
    )
    assert first == again
    bodies = messages_to(discord_bot, MENTOR_CHANNEL)
    assert [b["nonce"] for b in bodies] == [nonce_for("round-4-announce")] * 2


async def test_refusals_are_permanent_and_readable(discord_bot: DiscordHarness) -> None:
    notifier = DiscordNotifier(discord_bot.client)
    discord_bot.fake.members[GUILD] = {ALICE_ID}
    reply = Reply(text="Round news")
    with pytest.raises(DeliveryError) as missing:
        await notifier.post_to_channel(
            "discord", GUILD, "#nowhere", reply, idempotency_key="round-5-announce"
        )
    assert missing.value.permanent
    assert "#nowhere" in missing.value.reason

    discord_bot.fake.message_failures.append(
        (403, {"code": 50013, "message": "Missing Permissions"}, True)
    )
    with pytest.raises(DeliveryError) as refused:
        await notifier.post_to_channel(
            "discord", GUILD, MENTOR_CHANNEL, reply, idempotency_key="round-6-announce"
        )
    assert refused.value.permanent
    assert refused.value.reason == "the bot isn't allowed to post in that channel"

    with pytest.raises(DeliveryError):  # a Slack channel id is no Discord channel
        await notifier.post_to_channel(
            "discord", GUILD, "<#C0123|mentoring>", reply, idempotency_key="round-7-announce"
        )
