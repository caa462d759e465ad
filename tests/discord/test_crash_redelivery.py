"""After a crash, the real Discord notifier sends an in-flight reminder again with the
same nonce and ``enforce_nonce``; Discord (the fake, as documented) returns the first
message, so the person sees it once. Past the window Discord keeps nonces for, the
resend is counted as unverified."""

from __future__ import annotations

from datetime import timedelta

from adapters.discord.notifier import NONCE_TRUSTED_SECONDS, DiscordNotifier, nonce_for
from bot.domain import Actor
from tests.discord.conftest import ALICE_ID, GUILD, DiscordHarness
from tests.reminders.crash_support import CHECK_IN, outbox

ALICE = Actor("discord", GUILD, ALICE_ID)
MESSAGES = "/channels/{channel_id}/messages"


def posts(bot: DiscordHarness) -> list[dict[str, object]]:
    return [c.body for c in bot.fake.calls if c.method == "post" and c.route == MESSAGES]


async def test_the_resend_carries_the_same_nonce_and_discord_keeps_one_message(
    discord_bot: DiscordHarness,
) -> None:
    box = outbox(ALICE)
    notifier = DiscordNotifier(discord_bot.client)
    rid = await box.add_due()
    await box.die_mid_send(rid)
    first = await notifier.send_dm(ALICE, CHECK_IN, idempotency_key=f"reminder-{rid}")
    messages_before = len(discord_bot.fake.messages)
    box.lease_runs_out()

    stats = await box.deliver(notifier)

    first_body, again = posts(discord_bot)
    assert again["nonce"] == first_body["nonce"] == nonce_for(f"reminder-{rid}")
    assert again["enforce_nonce"] is True
    assert len(discord_bot.fake.messages) == messages_before  # no second message
    assert (stats.rechecked, stats.already_delivered, stats.unverified_resends) == (1, 0, 0)
    row = await box.row(rid)
    assert (row.status, row.message_ref) == ("sent", first)


async def test_past_the_nonce_window_the_resend_is_counted(discord_bot: DiscordHarness) -> None:
    box = outbox(ALICE)
    rid = await box.add_due()
    await box.die_mid_send(rid)
    # The dead process marked it long ago: past the window Discord keeps nonces for.
    async with box.uow() as uow:
        row = await uow.reminders.get(ALICE, rid)
        assert row is not None
        row.sending_since = box.clock.now() - timedelta(seconds=NONCE_TRUSTED_SECONDS + 30)
        row.claimed_until = box.clock.now() - timedelta(seconds=1)
        await uow.commit()

    stats = await box.deliver(DiscordNotifier(discord_bot.client))

    assert (stats.rechecked, stats.unverified_resends, stats.sent) == (1, 1, 1)
    assert len(posts(discord_bot)) == 1
