"""A DM button's membership re-check when Discord cannot answer (issue 15 §7).

A 5xx or a 429 from Discord on `GET /guilds/{guild}/members/{user}` must not act, must
not crash, must tell the member kindly to try again, and must be logged with ids only.
Through real discord.py against the fake Discord API, which answers as Discord does
(its proxy's `Via` header on real answers; without it a 429 is Cloudflare's ban page).
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from adapters.discord.guard import COULD_NOT_CHECK
from bot.domain import Actor, ReminderStatus
from tests.discord.conftest import ALICE_ID, GUILD, DiscordHarness, embed_text, send_thank_you_dm
from tests.discord.fake_api import Call

ALICE = Actor("discord", GUILD, ALICE_ID, "Alice")
EPHEMERAL = 1 << 6
#: What the failing answers carry; it must never reach a log line.
BODY_TEXT = "upstream said something long and private"

FAILURES: dict[str, tuple[int, dict[str, Any], bool]] = {
    # discord.py raises at once on a 503, and retries a 500 (with pauses of 1, 3, 5… s).
    "503": (503, {"message": BODY_TEXT, "code": 0}, True),
    "500 again and again": (500, {"message": BODY_TEXT, "code": 0}, True),
    # A short 429 is slept out and retried by discord.py; a long one raises RateLimited
    # (past the client's max_ratelimit_timeout), which is no HTTPException.
    "429 short": (429, {"message": BODY_TEXT, "retry_after": 0.2, "global": False}, True),
    "429 long": (429, {"message": BODY_TEXT, "retry_after": 600.0, "global": False}, True),
    "429 from Cloudflare": (429, {"message": BODY_TEXT}, False),
}


def _flags(call: Call) -> int:
    body = call.body.get("data", call.body) if call.route.endswith("/callback") else call.body
    return int(body.get("flags") or 0)


async def _status(discord_bot: DiscordHarness, reminder_id: int) -> str:
    async with discord_bot.uow() as uow:
        row = await uow.reminders.get(ALICE, reminder_id)
    assert row is not None
    return row.status


@pytest.mark.parametrize("failure", list(FAILURES.values()), ids=list(FAILURES))
async def test_a_membership_check_discord_cannot_answer_asks_to_try_again(
    discord_bot: DiscordHarness,
    caplog: pytest.LogCaptureFixture,
    failure: tuple[int, dict[str, Any], bool],
) -> None:
    caplog.set_level(logging.WARNING)
    row, message, done = await send_thank_you_dm(discord_bot)
    discord_bot.fake.members[GUILD] = {ALICE_ID}
    membership = discord_bot.client.inroads.membership
    membership.wait_seconds = 0.5  # no need to wait out discord.py's own retries here
    discord_bot.fake.member_failures = [failure] * 6  # every retry fails too

    token = discord_bot.feed(discord_bot.click(message, str(done["custom_id"]), user=ALICE_ID))
    answer = await discord_bot.answer(token)
    assert COULD_NOT_CHECK.split(",")[0] in embed_text(answer)
    assert "again in a moment" in embed_text(answer)
    assert answer.method == "post"  # a message of its own: the DM is left as it was
    assert _flags(answer) & EPHEMERAL
    assert await _status(discord_bot, row.id or 0) == ReminderStatus.PENDING.value  # no act

    warnings = [r for r in caplog.records if "could not check membership" in r.getMessage()]
    assert len(warnings) == 1  # one line for the click
    assert ALICE_ID in warnings[0].getMessage()
    assert GUILD in warnings[0].getMessage()
    assert not [r for r in caplog.records if BODY_TEXT in r.getMessage()]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]

    # Nothing crashed and nothing was remembered: once Discord answers, the click works.
    discord_bot.fake.member_failures = []
    token = discord_bot.feed(discord_bot.click(message, str(done["custom_id"]), user=ALICE_ID))
    edited = await discord_bot.answer(token)
    assert edited.method == "patch"
    assert "Thank Jane today" in embed_text(edited)
    assert await _status(discord_bot, row.id or 0) == ReminderStatus.DONE.value
