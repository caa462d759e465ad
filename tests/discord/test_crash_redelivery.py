"""After a crash, the real Discord notifier sends an in-flight reminder again with the
same nonce and ``enforce_nonce``; Discord (the fake, as documented) returns the first
message, so the person sees it once. Past the window Discord keeps nonces for, the
resend is counted as unverified."""

from __future__ import annotations

from datetime import timedelta

from adapters.discord.notifier import NONCE_TRUSTED_SECONDS, DiscordNotifier, nonce_for
from bot.domain import Actor, GroupConfig, Match, MatchRound, Profile, UserSettings
from bot.mentoring.outbox import intro_row
from bot.reply import Reply
from tests.discord.conftest import ALICE_ID, BOB_ID, GUILD, DiscordHarness
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


async def test_a_crashed_intro_repeats_each_members_nonce_and_lands_once(
    discord_bot: DiscordHarness,
) -> None:
    """A match introduction is a DM to each member on Discord: after a crash the
    dispatcher sends the group again, each DM with its first nonce, and Discord keeps
    one message per member."""
    box = outbox(ALICE)
    bob = Actor("discord", GUILD, BOB_ID)
    now = box.clock.now()
    async with box.uow() as uow:
        config = await uow.groups.save(GroupConfig("discord", GUILD, admin_ids=[ALICE_ID]))
        match_round = await uow.matches.add_round(
            MatchRound("discord", GUILD, status="sent", sent_at=now)
        )
        match = await uow.matches.add(
            Match("discord", GUILD, match_round.id or 0, BOB_ID, ALICE_ID, status="sent")
        )
        for member, role in ((bob, "mentor"), (ALICE, "seeker")):
            await uow.profiles.save(Profile("discord", GUILD, member.user_id, role=role))
            # whatever the time of day now: no quiet hours
            await uow.settings.save(
                UserSettings(
                    "discord", GUILD, member.user_id, quiet_start="00:00", quiet_end="00:00"
                )
            )
        await uow.reminders.add(intro_row(config, match, now))
        await uow.commit()
    (rid,) = [r.id for r in box.uow.store.table("reminders")]
    assert rid is not None
    await box.die_mid_send(rid)
    notifier = DiscordNotifier(discord_bot.client)
    await notifier.send_group([bob, ALICE], Reply(text="Meet!"), idempotency_key=f"reminder-{rid}")
    messages_before = len(discord_bot.fake.messages)
    box.lease_runs_out()

    stats = await box.deliver(notifier)

    nonces = [body["nonce"] for body in posts(discord_bot)]
    assert sorted(nonces[2:]) == sorted(nonces[:2])  # the same two sends, again
    assert len(discord_bot.fake.messages) == messages_before  # one message per member
    assert (stats.rechecked, stats.already_delivered, stats.unverified_resends) == (1, 0, 0)
    assert (await box.row(rid)).status == "sent"
