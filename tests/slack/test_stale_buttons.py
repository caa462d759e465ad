"""A Slack click on a button whose interview was deleted says so and changes nothing.

The message and the click go through the real bolt app and slack_sdk against the fake
Slack API: the button's value is what Slack stores and hands back on the click.
"""

from __future__ import annotations

import re

from bot.reply import TargetKind, read_payload
from tests.slack.conftest import SlackHarness


async def test_click_on_a_deleted_interviews_button(slack: SlackHarness) -> None:
    actor = slack.actor()
    logged = await slack.app.dispatcher.run_text(actor, 'interview log "Jane Doe" company:Acme')
    number = int(re.search(r"#(\d+)", logged.title).group(1))  # type: ignore[union-attr]
    ref = await slack.app.notifier.send_dm(actor, logged, idempotency_key="logged")
    posted = await slack.fake.wait_for("chat.postMessage")
    (thanked,) = next(b for b in posted.blocks if b["type"] == "actions")["elements"]
    assert thanked["value"] == f"@interview:n{number} interview thanked {number}"
    target, _command = read_payload(thanked["value"])
    assert target is not None
    assert target.kind is TargetKind.INTERVIEW

    await slack.app.dispatcher.run_text(actor, f"interview delete {number} confirm:yes")
    await slack.app.dispatcher.run_text(actor, 'interview log "Raj Patel"')  # takes no old id
    channel, ts = ref.split(":")
    await slack.interactive(
        slack.button_payload(
            thanked["value"],
            container={"type": "message", "message_ts": ts, "channel_id": channel},
        )
    )
    update = await slack.fake.wait_for("chat.update")
    assert update.params["ts"] == ts
    assert "That interview no longer exists" in update.params["text"]
    assert "Nothing changed" in update.params["text"]
    async with slack.app.services.uow() as uow:
        (raj,) = await uow.interviews.list(actor)
    assert raj.number == number + 1
    assert raj.thanked_at is None


async def test_a_button_from_before_per_person_numbers_is_refused(slack: SlackHarness) -> None:
    """A value Slack kept from before per-person numbers (`@interview:1 ...`, a global
    id then) is refused even though the person's own #1 exists now: it may be another."""
    actor = slack.actor()
    await slack.app.dispatcher.run_text(actor, 'interview log "Jane Doe" company:Acme')
    old = "@interview:1 interview thanked 1"
    await slack.interactive(
        slack.button_payload(
            old, container={"type": "message", "is_ephemeral": True, "message_ts": "1.2"}
        )
    )
    answer = await slack.fake.wait_for_response()
    assert "This button is from before each interview got your own number" in answer["text"]
    async with slack.app.services.uow() as uow:
        (jane,) = await uow.interviews.list(actor)
    assert jane.number == 1
    assert jane.thanked_at is None
