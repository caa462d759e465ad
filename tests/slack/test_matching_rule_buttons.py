"""The matching rules' buttons (poll, nudge, still-in) clicked through the real bolt app.

Each DM is rendered by the core as the outbox would and sent by the real Slack
notifier; the click hands Slack's stored value back to the app, which runs the command
as the clicker. What each click changed is read from the database.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bot.domain import Profile
from bot.mentoring.nudges import nudge_reply, poll_reply, still_in_reply
from bot.reply import Reply
from tests.slack.conftest import SlackHarness

MENTOR, SEEKER = "U0MENTOR", "U0SEEKER"


async def click(slack: SlackHarness, reply: Reply, label: str, user: str) -> str:
    """Send `reply` as a DM, click its button `label` as `user`; the answer's text."""
    await slack.app.notifier.send_dm(slack.actor(user), reply, idempotency_key=label)
    posted = await slack.fake.wait_for("chat.postMessage", lambda c: label in str(c.params))
    button = next(
        e
        for b in posted.blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e["text"]["text"] == label
    )
    before = len(slack.fake.responses)
    container: dict[str, Any] = {"type": "message", "is_ephemeral": True, "message_ts": "1.2"}
    await slack.interactive(slack.button_payload(button["value"], user=user, container=container))
    answer = await slack.fake.wait_for_response(before + 1)
    return str(answer["text"])


async def profile_of(slack: SlackHarness, user: str) -> Profile:
    async with slack.app.services.uow() as uow:
        found = await uow.profiles.get(slack.actor(user))
    assert found is not None
    return found


async def test_poll_skip_and_in(slack: SlackHarness) -> None:
    run = slack.app.dispatcher.run_text
    await run(slack.actor(SEEKER), "mentor seek industries:fintech")
    poll = poll_reply(await profile_of(slack, SEEKER), datetime(2026, 12, 6, 12, tzinfo=UTC))
    assert "sit out" in await click(slack, poll, "Skip this round", SEEKER)
    assert (await profile_of(slack, SEEKER)).skip_next_round
    assert "You're in" in await click(slack, poll, "I'm in", SEEKER)
    assert not (await profile_of(slack, SEEKER)).skip_next_round


async def test_nudge_scheduled_button(slack: SlackHarness) -> None:
    run = slack.app.dispatcher.run_text
    admin = slack.actor()
    await run(admin, "mentor config cadence:14d")
    await run(slack.actor(MENTOR), "mentor join role:mentor industries:fintech capacity:1")
    await run(slack.actor(SEEKER), "mentor seek industries:fintech")
    await run(admin, "mentor round run")
    async with slack.app.services.uow() as uow:
        (match,) = await uow.matches.list_workspace("slack", admin.workspace_id)
    text = await click(slack, nudge_reply(match), "We've set a time", SEEKER)
    assert "enjoy the conversation" in text
    async with slack.app.services.uow() as uow:
        (match,) = await uow.matches.list_workspace("slack", admin.workspace_id)
    assert match.answered_at is not None
    assert match.met is None


async def test_still_in_yes_and_pause(slack: SlackHarness) -> None:
    run = slack.app.dispatcher.run_text
    await run(slack.actor(SEEKER), "mentor seek industries:fintech")
    async with slack.app.services.uow() as uow:
        me = await uow.profiles.get(slack.actor(SEEKER))
        assert me is not None
        me.still_asked_at = slack.clock.now()
        await uow.profiles.save(me)
        await uow.commit()
    asked = still_in_reply(await profile_of(slack, SEEKER))
    assert "Paused until" in await click(slack, asked, "Pause for now", SEEKER)
    assert (await profile_of(slack, SEEKER)).paused_until is not None
    assert "back in" in await click(slack, asked, "Yes, keep matching me", SEEKER)
    assert (await profile_of(slack, SEEKER)).still_asked_at is None
