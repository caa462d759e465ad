"""A conversation request through the real Slack app: the request reaches the helper as
a DM with its four choices; clicking Accept runs as the helper, and the introduction
opens one group DM (conversations.open with both members, the `mpim` scope)."""

from __future__ import annotations

from bot.reminders.dispatch import ReminderDispatcher
from bot.reply import read_payload
from tests.slack.conftest import USER, SlackHarness, eventually

HELPER = "U0BOB"


async def _status(slack: SlackHarness) -> str:
    async with slack.app.services.uow() as uow:
        rows = await uow.requests.list_for(slack.actor())
    return rows[0].status if rows else ""


async def test_the_request_dm_carries_four_choices_and_accept_introduces_both(
    slack: SlackHarness,
) -> None:
    run = slack.app.dispatcher.run_text
    await run(slack.actor(HELPER), 'people join role:"UX researcher" industry:software budget:2')
    await run(slack.actor(), 'outreach profile name:"Alice Ng" about:"a teacher moving into UX"')
    draft = await run(slack.actor(), f'people ask <@{HELPER}> reason:"your move into research"')
    send = next(a for a in draft.actions if a.label == "Send")
    assert not (await run(slack.actor(), send.command)).is_error

    await ReminderDispatcher(slack.app.services).run_once()
    opened = await slack.fake.wait_for("conversations.open")
    assert opened.params["users"] == HELPER
    posted = await slack.fake.wait_for("chat.postMessage")
    buttons = {
        e["text"]["text"]: e["value"]
        for b in posted.blocks
        if b["type"] == "actions"
        for e in b["elements"]
    }
    assert list(buttons) == ["Accept", "Suggest times", "Not this month", "Decline"]
    assert "<@U0ALICE>" in str(posted.blocks)  # the seeker as a real mention, by the bot

    channel = posted.params["channel"]
    container = {"type": "message", "message_ts": "1700000000.000077", "channel_id": channel}
    await slack.interactive(
        slack.button_payload(buttons["Accept"], user=HELPER, container=container)
    )

    async def accepted() -> bool:
        return await _status(slack) == "accepted"

    await eventually(accepted)
    assert read_payload(buttons["Accept"])[1].endswith("accept")
    await ReminderDispatcher(slack.app.services).run_once()
    group = await slack.fake.wait_for("conversations.open", count=2)
    assert group.params["users"] == f"{HELPER},{USER}"
    intro = await slack.fake.wait_for("chat.postMessage", lambda c: c is not posted)
    assert "introduced" in str(intro.blocks)
