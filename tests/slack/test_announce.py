"""Round announcements through real bolt and the Slack Web API fake (spec-checked)."""

from __future__ import annotations

import json

import pytest

from adapters.slack.notifier import slack_channel
from bot.ports import DeliveryError
from bot.reminders.dispatch import ReminderDispatcher
from bot.reply import Reply
from tests.slack.conftest import SlackHarness

MENTOR, SEEKER = "U0BOB", "U0DAN"


async def one_pair(slack: SlackHarness, channel: str) -> None:
    """The person running commands (U0ALICE) is admin; one mentor and one seeker join."""
    await slack.command("/mentor", f"config channel:{channel}")
    configured = await slack.fake.wait_for_response()
    assert "Settings saved" in configured["text"], configured["text"]
    run = slack.app.dispatcher.run_text
    await run(
        slack.actor(MENTOR),
        'mentor join role:mentor industries:fintech topics:"career change" '
        "timezone:Europe/Paris capacity:1",
    )
    await run(slack.actor(SEEKER), "mentor seek industries:fintech timezone:Europe/Berlin")


async def test_round_run_announces_in_the_channel_id_of_a_slack_mention(
    slack: SlackHarness,
) -> None:
    # What Slack sends when the admin picks #mentoring in the slash command (escaped).
    await one_pair(slack, "&lt;#C0MENTOR|mentoring&gt;")
    await slack.command("/mentor", "round run")
    answer = await slack.fake.wait_for_response(2)
    assert "Announcement: on its way to <#C0MENTOR|mentoring>" in answer["text"]
    assert slack.fake.of("chat.postMessage") == []  # nothing before the dispatcher runs
    stats = await ReminderDispatcher(slack.app.services).run_once()
    assert stats.sent == 2  # the introduction and the announcement
    announced = await slack.fake.wait_for(
        "chat.postMessage", lambda c: c.params["channel"] == "C0MENTOR"
    )

    text = announced.params["text"] + json.dumps(announced.blocks)
    assert "One new mentoring pair was just introduced" in text
    assert "mentor seek" in text
    for private in (MENTOR, SEEKER, "U0ALICE", "fintech", "career change", "<@"):
        assert private not in text
    assert announced.blocks[0]["type"] == "header"
    # One announcement; the introduction went to the pair's own group DM.
    channels = [c.params["channel"] for c in slack.fake.of("chat.postMessage")]
    assert channels.count("C0MENTOR") == 1
    assert f"D{MENTOR}{SEEKER}" in channels


async def test_a_channel_name_is_passed_to_slack_as_is(slack: SlackHarness) -> None:
    await one_pair(slack, "#mentoring")
    await slack.command("/mentor", "round run")
    assert "on its way to #mentoring" in (await slack.fake.wait_for_response(2))["text"]
    await ReminderDispatcher(slack.app.services).run_once()
    announced = await slack.fake.wait_for(
        "chat.postMessage", lambda c: c.params["channel"] == "#mentoring"
    )
    assert "new mentoring pair" in announced.params["text"]


async def test_a_refused_post_is_a_delivery_error(slack: SlackHarness) -> None:
    slack.fake.fail("chat.postMessage", "not_in_channel")
    with pytest.raises(DeliveryError) as caught:
        await slack.app.notifier.post_to_channel(
            "slack", "T0TEAM", "<#C0PRIVATE|secret>", Reply(text="hi"), idempotency_key="k"
        )
    assert caught.value.reason == "not_in_channel"
    assert caught.value.permanent
    assert slack.fake.of("chat.postMessage")[0].params["channel"] == "C0PRIVATE"


@pytest.mark.parametrize(
    ("setting", "target"),
    [("<#C0123|mentoring>", "C0123"), ("<#G0123|>", "G0123"), ("C0123", "C0123")],
)
def test_slack_channel_prefers_the_id(setting: str, target: str) -> None:
    assert slack_channel(setting) == target
    assert slack_channel("#mentoring") == "#mentoring"


@pytest.mark.parametrize("setting", ["<#112233445566778899>", "mentoring", ""])
def test_slack_channel_refuses_what_slack_cannot_post_to(setting: str) -> None:
    with pytest.raises(DeliveryError) as caught:
        slack_channel(setting)
    assert caught.value.permanent
