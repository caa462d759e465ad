"""Issue 15 §4 and §5 on Discord, through real discord.py and the spec-checked fake API.

§4: `@everyone`, `@here`, `<@…>`, `<@&…>`, `<#…>` typed into a mentor bio, a learning goal,
a check-in or interview notes never render as a mention or ping in anything the bot
sends; every message restricts pings (allowed_mentions) to the members the bot means.
§5: a button on a message others see in a server is answered with an ephemeral
follow-up, and the message itself is never edited.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from adapters.discord.notifier import DiscordNotifier
from bot.reminders.dispatch import ReminderDispatcher
from bot.reply import read_payload
from tests.discord.conftest import ALICE_ID, BOB_ID, GUILD, DiscordHarness, embed_text
from tests.discord.fake_api import Call
from tests.mention_injections import DISCORD_TYPED, discord_live, injection, no_token_leaks

DAN_ID = "100000000000000014"
TYPED = injection(DISCORD_TYPED)
EPHEMERAL = 64


def _body(call: Call) -> dict[str, Any]:
    body = call.body if isinstance(call.body, dict) else {}
    return body.get("data") or {} if call.route.endswith("/callback") else body


def _shown(discord_bot: DiscordHarness) -> list[Call]:
    """Every message the bot sent or edited that shows something."""
    return [
        c
        for c in discord_bot.fake.calls
        if c.method in ("post", "patch") and (_body(c).get("embeds") or _body(c).get("content"))
    ]


async def _round_with_injections(discord_bot: DiscordHarness) -> DiscordNotifier:
    notifier = DiscordNotifier(discord_bot.client)
    discord_bot.services.notifier = notifier
    await discord_bot.run(("mentor", "config"), {"channel": "off"})
    await discord_bot.run(
        ("mentor", "join"),
        {"role": "mentor", "industries": "fintech", "capacity": 1, "bio": TYPED},
        user=BOB_ID,
    )
    await discord_bot.run(
        ("mentor", "seek"), {"industries": "fintech", "learning": TYPED}, user=DAN_ID
    )
    await discord_bot.run(("mentor", "round", "run"), {})
    # The introduction goes out through the outbox, as the scheduler's dispatcher sends it.
    assert (await ReminderDispatcher(discord_bot.services).run_once()).sent == 1
    return notifier


def _dm_to(discord_bot: DiscordHarness, user_id: str) -> dict[str, Any]:
    channel = f"5{user_id[1:]}"
    return next(m for m in discord_bot.fake.messages.values() if m["channel_id"] == channel)


async def test_typed_mentions_never_ping_and_the_bots_own_are_allowed(
    discord_bot: DiscordHarness,
) -> None:
    await _round_with_injections(discord_bot)
    await discord_bot.run(
        ("checkin", "add"), {"contact": "Jane Doe", "when": "tomorrow 10am", "what": TYPED}
    )
    discord_bot.services.clock.advance(timedelta(days=2))  # type: ignore[attr-defined]
    assert (await ReminderDispatcher(discord_bot.services).run_once()).sent >= 1
    echoed = await discord_bot.run(("interview", "log"), {"contact": "Jane Doe", "notes": TYPED})
    assert "ping" in embed_text(echoed)
    shown = await discord_bot.run(("mentor", "profile"), {"member": BOB_ID}, user=DAN_ID)
    assert "ping" in embed_text(shown)

    intro = _dm_to(discord_bot, BOB_ID)
    intro_text = "\n".join(
        [e.get("description") or "" for e in intro["embeds"]]
        + [f["value"] for e in intro["embeds"] for f in e.get("fields") or []]
    )
    assert f"<@{BOB_ID}>" in intro_text
    assert f"<@{DAN_ID}>" in intro_text

    calls = _shown(discord_bot)
    assert len(calls) >= 8
    texts = [embed_text(c) + "\n" + str(_body(c).get("content") or "") for c in calls]
    live = set().union(*(discord_live(t) for t in texts))
    # Only the bot's own: the pair in the intro and profile, the admin in the settings.
    assert live == {f"<@{BOB_ID}>", f"<@{DAN_ID}>", f"<@{ALICE_ID}>"}, live
    assert no_token_leaks(texts)
    assert {"@everyone", "<@100000000000000099>", "<@&200000000000000099>"} <= discord_live(TYPED)

    for call in calls:
        allowed = _body(call)["allowed_mentions"]
        assert allowed["parse"] == []  # never @everyone, @here or a role
        assert {str(u) for u in allowed.get("users") or ()} <= {BOB_ID, DAN_ID, ALICE_ID}
    intro_call = next(c for c in calls if c.body.get("nonce") and BOB_ID in embed_text(c))
    assert {str(u) for u in intro_call.body["allowed_mentions"]["users"]} == {BOB_ID, DAN_ID}


async def test_a_click_on_a_message_others_see_answers_privately(
    discord_bot: DiscordHarness,
) -> None:
    await _round_with_injections(discord_bot)
    message = _dm_to(discord_bot, BOB_ID)
    buttons = {b["label"]: b for row in message["components"] for b in row["components"]}
    met = buttons["We met"]
    assert read_payload(met["custom_id"].split(":", 2)[2])[1].startswith("mentor met")
    # The same message as others in a server would see it (posted publicly).
    before = len(discord_bot.fake.calls)
    token = discord_bot.feed(discord_bot.click(message, met["custom_id"], user=BOB_ID, guild=GUILD))
    answer = await discord_bot.answer(token)
    assert "Wonderful" in embed_text(answer)
    assert _body(answer).get("flags", 0) & EPHEMERAL
    mine = [c for c in discord_bot.fake.calls[before:] if token in c.path]
    deferred = next(c for c in mine if c.route.endswith("/callback"))
    assert deferred.body["type"] == 5  # "thinking", privately: a new message, not an edit
    assert deferred.body["data"]["flags"] & EPHEMERAL
    assert not [c for c in mine if c.method == "patch"]  # the shared message is untouched
    async with discord_bot.services.uow() as uow:
        matches = await uow.matches.list_workspace("discord", GUILD)
    assert [m.met for m in matches] == [True]

    # In the member's own DM the answer still replaces the buttons, as before.
    discord_bot.fake.members.setdefault(GUILD, set()).add(DAN_ID)  # still in the server
    token = discord_bot.feed(discord_bot.click(message, met["custom_id"], user=DAN_ID))
    edited = await discord_bot.answer(token)
    assert edited.method == "patch"
    assert "Wonderful" in embed_text(edited)
