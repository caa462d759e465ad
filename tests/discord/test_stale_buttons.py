"""A Discord click on a reminder DM whose check-in became another kind changes nothing.

The DM is sent by the real DiscordNotifier and clicked through discord.py against the
fake Discord API: the button's custom id is what Discord stores and hands back.
"""

from __future__ import annotations

from bot.domain import Actor, ReminderKind, ReminderStatus
from tests.discord.conftest import (
    ALICE_ID,
    GUILD,
    DiscordHarness,
    embed_text,
    send_thank_you_dm,
)

ALICE = Actor("discord", GUILD, ALICE_ID, "Alice")
EDIT_ORIGINAL = "/webhooks/{webhook_id}/{webhook_token}/messages/@original"


async def test_done_on_a_check_in_that_changed_kind(discord_bot: DiscordHarness) -> None:
    row, message, done = await send_thank_you_dm(discord_bot)
    number = row.number
    assert done["custom_id"].endswith(f":@reminder:n{number}:thank-you checkin done {number}")

    # The number now belongs to a keep-in-touch check-in (a journal from before ids
    # were never reused could do that).
    async with discord_bot.uow() as uow:
        now_row = await uow.reminders.get(ALICE, row.id or 0)
        assert now_row is not None
        now_row.kind = ReminderKind.KEEP_IN_TOUCH.value
        await uow.commit()

    discord_bot.fake.members[GUILD] = {ALICE_ID}  # still in the reminder's server
    before = len(discord_bot.fake.calls)
    discord_bot.feed(discord_bot.click(message, done["custom_id"], user=ALICE_ID, guild=None))
    edited = await discord_bot.fake.wait_route("patch", EDIT_ORIGINAL, after=before)
    text = embed_text(edited)
    assert "That reminder is now a keep-in-touch check-in" in text
    assert "Thank Jane today" in text  # the DM stays above the answer
    buttons = [c for r in edited.body["components"] for c in r["components"]]
    assert buttons
    assert all(b.get("disabled") for b in buttons)
    async with discord_bot.uow() as uow:
        after = await uow.reminders.get(ALICE, row.id or 0)
    assert after is not None
    assert after.status == ReminderStatus.PENDING.value
