"""An unanswered introduction request through the real Slack app: the sweep's reminder
reaches the member as a DM with Accept and Decline again; at five days the seeker's DM
says it closed and carries a button per other member who can introduce there. Clicking
one (as the seeker) starts nothing by itself: it opens a small form asking why, and the
request goes to that member only when the form is sent.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.directory.requests_sweep import sweep_requests
from bot.reminders.dispatch import ReminderDispatcher
from bot.reply import read_payload
from tests.slack.conftest import USER, SlackHarness
from tests.slack.test_request_forms import submission

MEMBER, OTHER = "U0BOB", "U0CAROL"
REASON = 'reason:"I am moving into supply planning and would love to hear how demand works"'


def _buttons(call: Any) -> dict[str, str]:
    return {
        e["text"]["text"]: e["value"]
        for b in call.blocks
        if b["type"] == "actions"
        for e in b["elements"]
    }


async def _sweep_and_deliver(slack: SlackHarness, after: timedelta) -> None:
    slack.clock.advance(after)
    await sweep_requests(slack.app.services, slack.clock.now())
    await ReminderDispatcher(slack.app.services).run_once()


async def test_reminder_then_expiry_news_with_buttons_for_others(slack: SlackHarness) -> None:
    run = slack.app.dispatcher.run_text
    for member in (MEMBER, OTHER):
        await run(slack.actor(member), 'people join role:"supply planner" industry:grocery')
        await run(slack.actor(member), "people intros add company:Acme")
    sent = await run(slack.actor(), f"people intro-request <@{MEMBER}> company:Acme {REASON}")
    assert not sent.is_error
    await ReminderDispatcher(slack.app.services).run_once()
    ask = await slack.fake.wait_for("chat.postMessage")

    await _sweep_and_deliver(slack, timedelta(days=3, hours=1))
    nudge = await slack.fake.wait_for("chat.postMessage", count=2)
    assert nudge.params["channel"] == ask.params["channel"]  # the member's DM again
    assert "Still open: an introduction at Acme" in str(nudge.blocks)
    assert list(_buttons(nudge)) == ["Accept", "Decline"]
    assert _buttons(nudge) == _buttons(ask)

    await _sweep_and_deliver(slack, timedelta(days=2))
    news = await slack.fake.wait_for("chat.postMessage", count=3)
    assert news.params["channel"] != ask.params["channel"]  # the seeker's own DM
    said = str(news.blocks)
    assert "closed after five days without an answer" in said
    assert f"<@{MEMBER}>" in said
    assert f"<@{OTHER}>" in said
    (label,) = _buttons(news)
    assert label == "Ask 1 for an intro"
    command = read_payload(_buttons(news)[label])[1]
    assert command == f"people intro-request @{OTHER} company:Acme"

    container = {"type": "message", "message_ts": "1700000000.000099", "channel_id": "D0ALICE"}
    await slack.interactive(slack.button_payload(_buttons(news)[label], container=container))
    view = (await slack.fake.wait_for("views.open")).view
    assert [b["block_id"] for b in view["blocks"]] == ["f_reason"]
    assert slack.fake.of("chat.update") == []  # the news stays as it was
    async with slack.app.services.uow() as uow:
        mine = await uow.intros.requests_by(slack.actor(USER))
    assert [(r.member_id, r.status) for r in mine] == [(MEMBER, "expired")]

    why = "how their demand planners forecast a new product line, and what surprised them"
    answer = await slack.interactive(submission(view, {"f_reason": why}, USER))
    assert answer.status == 200, answer.body
    async with slack.app.services.uow() as uow:
        mine = await uow.intros.requests_by(slack.actor(USER))
    assert [(r.member_id, r.status) for r in mine] == [(OTHER, "open"), (MEMBER, "expired")]
    assert mine[0].reason == why
