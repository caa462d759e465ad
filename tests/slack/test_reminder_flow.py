"""A real check-in, end to end: the core's reminder dispatcher sends it through the Slack
notifier (conversations.open, then chat.postMessage with buttons); clicking Done runs
`checkin done N` as the clicker and updates that DM in place."""

from __future__ import annotations

from datetime import timedelta

from bot.domain import ReminderStatus
from bot.reminders.dispatch import ReminderDispatcher
from bot.reply import read_payload
from tests.slack.conftest import USER, SlackHarness


async def _reminders(slack: SlackHarness) -> list[object]:
    async with slack.app.services.uow() as uow:
        return list(await uow.reminders.list(slack.actor()))


async def test_checkin_reminder_delivered_then_done_by_button(slack: SlackHarness) -> None:
    added = await slack.app.dispatcher.run_text(
        slack.actor(), 'checkin add "Jane Doe" "tomorrow 10am" "Send her the article"'
    )
    assert not added.is_error, added.plain_text()
    slack.clock.advance(timedelta(days=2))
    stats = await ReminderDispatcher(slack.app.services).run_once()
    assert stats.sent >= 1

    opened = await slack.fake.wait_for("conversations.open")
    posted = await slack.fake.wait_for("chat.postMessage")
    assert slack.fake.calls.index(opened) < slack.fake.calls.index(posted)
    assert opened.params["users"] == USER
    values = [e["value"] for b in posted.blocks if b["type"] == "actions" for e in b["elements"]]
    # Each value is the command, led by the check-in it expects (bot.reply.read_payload).
    done = next(v for v in values if read_payload(v)[1].startswith("checkin done"))
    assert done.startswith("@reminder:")
    assert any(read_payload(v)[1].startswith("checkin snooze") for v in values)

    await slack.interactive(
        slack.button_payload(
            done,
            container={
                "type": "message",
                "message_ts": "1700000000.000099",
                "channel_id": posted.params["channel"],
            },
        )
    )
    update = await slack.fake.wait_for("chat.update")
    assert update.params["ts"] == "1700000000.000099"
    assert update.blocks
    statuses = {r.status for r in await _reminders(slack)}  # type: ignore[attr-defined]
    assert ReminderStatus.DONE.value in statuses


async def test_undeliverable_reminder_is_marked_failed(slack: SlackHarness) -> None:
    await slack.app.dispatcher.run_text(
        slack.actor(), 'checkin add "Jane Doe" "tomorrow 10am" "Send her the article"'
    )
    slack.clock.advance(timedelta(days=2))
    slack.fake.fail("conversations.open", "cannot_dm_bot")
    stats = await ReminderDispatcher(slack.app.services).run_once()
    assert stats.failed == 1
    rows = await _reminders(slack)
    failed = [r for r in rows if r.status == ReminderStatus.FAILED.value]  # type: ignore[attr-defined]
    assert failed
    assert "cannot_dm_bot" in failed[0].last_error  # type: ignore[attr-defined]
