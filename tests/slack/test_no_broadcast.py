"""Issue 15 §4 and §5 on Slack, through real bolt and the recording Web API fake.

§4: what a member typed (a mentor's bio, a seeker's learning goal, a check-in's text,
interview notes) never becomes a live mention or broadcast in anything the bot posts,
while the bot's own mention of the pair in an introduction still works.
§5: a click on a button in the pair's group DM is answered to the clicker alone and never
replaces the introduction; each button acts for whoever clicks it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.domain import Actor
from bot.reminders.dispatch import ReminderDispatcher
from bot.reply import read_payload
from tests.mention_injections import (
    SLACK_TYPED,
    injection,
    no_token_leaks,
    slack_live,
    slack_texts,
)
from tests.slack.conftest import USER, SlackHarness
from tests.slack.fake_slack import TEAM_ID, Call

MENTOR, SEEKER = "U0BOB", "U0DAN"
TYPED = injection(SLACK_TYPED)


async def _answered(slack: SlackHarness, count: int) -> dict[str, Any]:
    return await slack.fake.wait_for_response(count)


async def _round_with_injections(slack: SlackHarness) -> Call:
    """Alice (admin) runs a round for a mentor and a seeker whose profiles carry every
    injection string, typed through the slash command as Slack delivers it."""
    await slack.command("/mentor", "config channel:#mentoring")
    await slack.command(
        "/mentor",
        f'join role:mentor industries:fintech timezone:Europe/Paris capacity:1 bio:"{TYPED}"',
        user=MENTOR,
    )
    await slack.command(
        "/mentor", f'seek industries:fintech timezone:Europe/Berlin learning:"{TYPED}"', user=SEEKER
    )
    await _answered(slack, 3)
    await slack.command("/mentor", "round run")
    await _answered(slack, 4)
    # The round's messages go out through the outbox, as the scheduler's dispatcher sends
    # them. The channel post goes at once; the intro waits for the pair's quiet hours
    # (their Slack time zone, New York: 07:00 there) to end.
    first = await ReminderDispatcher(slack.app.services).run_once()
    assert (first.sent, first.deferred) == (1, 1)
    slack.clock.advance(timedelta(hours=1))
    assert (await ReminderDispatcher(slack.app.services).run_once()).sent == 1
    return await slack.fake.wait_for(
        "chat.postMessage", lambda c: c.params["channel"] == f"D{MENTOR}{SEEKER}"
    )


def _buttons(call: Call) -> dict[str, dict[str, Any]]:
    return {
        e["text"]["text"]: e for b in call.blocks if b["type"] == "actions" for e in b["elements"]
    }


def _click(
    slack: SlackHarness, button: dict[str, Any], user: str, channel: str, **container: Any
) -> dict[str, Any]:
    payload = slack.button_payload(
        button["value"],
        user=user,
        action_id=button["action_id"],
        container={
            "type": "message",
            "message_ts": "1700000000.000777",
            "channel_id": channel,
            **container,
        },
    )
    payload["channel"] = {"id": channel}
    return payload


async def test_typed_mentions_reach_nobody_and_the_intro_still_mentions_the_pair(
    slack: SlackHarness,
) -> None:
    intro = await _round_with_injections(slack)
    text = intro.params["text"]
    # The bot's own mentions: live in the notification text and the blocks.
    assert f"<@{MENTOR}>" in text
    assert f"<@{SEEKER}>" in text
    # What the members typed arrives as the characters they typed, inert.
    assert "&lt;!here&gt;" in text
    assert "&lt;!subteam^S0DESIGN|@" in text

    # A check-in whose text is the injection, delivered by the reminder dispatcher.
    await slack.command("/checkin", f'add "Jane Doe" "tomorrow 10am" "{TYPED}"')
    assert "set" in (await _answered(slack, 5))["text"]
    slack.clock.advance(timedelta(days=2, hours=11))  # noon in New York: no quiet hours
    assert (await ReminderDispatcher(slack.app.services).run_once()).sent >= 1
    await slack.fake.wait_for("chat.postMessage", lambda c: c.params["channel"] == f"D{USER}")
    # Notes echoed back, and the mentor's bio shown to the seeker.
    await slack.command("/interview", f'log "Jane Doe" company:Acme notes:"{TYPED}"')
    assert "ping" in (await _answered(slack, 6))["text"]
    await slack.command("/mentor", f"profile <@{MENTOR}|bob>", user=SEEKER)
    profile = await _answered(slack, 7)
    assert "ping" in profile["text"]
    assert f"<@{MENTOR}>" in profile["text"]

    texts = slack_texts(slack.fake.calls, slack.fake.responses)
    assert len(texts) >= 8
    live = set().union(*(slack_live(t) for t in texts))
    # Only the bot's own: the pair in the intro, the admin in the settings it shows.
    assert live == {f"<@{MENTOR}>", f"<@{SEEKER}>", f"<@{USER}>"}, live
    assert no_token_leaks(texts)
    # The checker is not blind: the typed strings themselves are live to it.
    assert {"<!here>", "<!channel>", "<@U0EVE>", "@everyone"} <= slack_live(TYPED)


async def test_a_click_in_the_group_dm_answers_the_clicker_alone(slack: SlackHarness) -> None:
    intro = await _round_with_injections(slack)
    buttons = _buttons(intro)
    assert buttons["We met"]["action_id"].startswith("inroads_shared_")
    channel = intro.params["channel"]
    before = len(slack.fake.responses)

    await slack.interactive(_click(slack, buttons["We met"], MENTOR, channel))
    answer = await _answered(slack, before + 1)
    assert answer["response_type"] == "ephemeral"
    assert answer["replace_original"] is False
    assert "Wonderful" in answer["text"]
    assert slack.fake.of("chat.update") == []  # the introduction stays for both
    async with slack.app.services.uow() as uow:
        matches = await uow.matches.list_workspace("slack", TEAM_ID)
    assert [m.met for m in matches] == [True]

    # The seeker's own click gets the seeker's own "Log the interview": with the mentor.
    await slack.interactive(_click(slack, buttons["We met"], SEEKER, channel))
    mine = await _answered(slack, before + 2)
    assert mine["response_type"] == "ephemeral"
    assert mine["replace_original"] is False
    log_button = next(e for b in mine["blocks"] if b["type"] == "actions" for e in b["elements"])
    assert read_payload(log_button["value"])[1].startswith(f"interview log <@{MENTOR}>")
    await slack.interactive(_click(slack, log_button, SEEKER, channel, is_ephemeral=True))
    logged = await _answered(slack, before + 3)
    assert "Logged interview" in logged["text"], logged["text"]
    seeker = Actor("slack", TEAM_ID, SEEKER)
    async with slack.app.services.uow() as uow:
        contacts = await uow.contacts.list(seeker)
    assert [c.member_id for c in contacts] == [MENTOR]
    assert slack.fake.of("chat.update") == []


async def test_a_left_over_button_naming_the_clicker_logs_nothing(slack: SlackHarness) -> None:
    """The bug as reported: the mentor's private answer had replaced the intro, and the
    seeker clicked its "Log the interview" (which names the seeker). Now refused."""
    button = {"value": f"interview log <@{SEEKER}> medium:video", "action_id": "inroads_shared_0"}
    await slack.interactive(_click(slack, button, SEEKER, f"D{MENTOR}{SEEKER}"))
    answer = await _answered(slack, 1)
    assert "That mention is you" in answer["text"]
    assert answer["response_type"] == "ephemeral"
    assert answer["replace_original"] is False
    async with slack.app.services.uow() as uow:
        assert await uow.contacts.list(Actor("slack", TEAM_ID, SEEKER)) == []
        assert await uow.interviews.list(Actor("slack", TEAM_ID, SEEKER)) == []


async def test_a_click_in_a_channel_drawn_before_shared_ids_is_still_private(
    slack: SlackHarness,
) -> None:
    """Messages posted before buttons said "shared" are judged by their conversation."""
    button = {"value": "interview list", "action_id": "inroads_cmd_0"}
    await slack.interactive(_click(slack, button, USER, "C0GENERAL"))
    answer = await _answered(slack, 1)
    assert answer["response_type"] == "ephemeral"
    assert answer["replace_original"] is False
    assert slack.fake.of("chat.update") == []
