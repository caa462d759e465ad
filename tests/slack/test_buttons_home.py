"""Reminder DMs with buttons, clicks updating messages in place, and the App Home tab."""

from __future__ import annotations

import pytest

from bot.domain import UserSettings
from bot.general import stats
from bot.reply import Action, Attachment, Reply
from tests.slack.conftest import USER, SlackHarness

REMINDER = Reply(
    title="Time to send a thank-you",
    text="You talked with Jane Doe yesterday.",
    actions=(
        Action("Done", "interview list", "primary"),
        Action("Log it", "interview log"),
    ),
)


async def test_reminder_dm_then_click_updates_it_in_place(slack: SlackHarness) -> None:
    ref = await slack.app.notifier.send_dm(slack.actor(), REMINDER, idempotency_key="r1")
    opened = await slack.fake.wait_for("conversations.open")
    posted = await slack.fake.wait_for("chat.postMessage")
    assert slack.fake.calls.index(opened) < slack.fake.calls.index(posted)
    assert opened.params["users"] == USER
    assert posted.params["channel"] == "D" + USER
    buttons = next(b for b in posted.blocks if b["type"] == "actions")["elements"]
    assert [b["value"] for b in buttons] == ["interview list", "interview log"]
    assert [b["action_id"] for b in buttons] == ["inroads_cmd_0", "inroads_cmd_1"]
    channel, ts = ref.split(":")

    await slack.interactive(
        slack.button_payload(
            "interview list",
            container={"type": "message", "message_ts": ts, "channel_id": channel},
        )
    )
    update = await slack.fake.wait_for("chat.update")
    assert update.params["channel"] == channel
    assert update.params["ts"] == ts
    assert "journal is empty" in update.params["text"]


async def test_click_on_ephemeral_replaces_original(slack: SlackHarness) -> None:
    await slack.interactive(
        slack.button_payload(
            "interview list",
            container={"type": "message", "is_ephemeral": True, "message_ts": "1.2"},
        )
    )
    got = await slack.fake.wait_for_response()
    assert got["replace_original"] is True
    assert "journal is empty" in got["text"]


async def test_button_for_a_form_opens_the_modal(slack: SlackHarness) -> None:
    await slack.interactive(slack.button_payload("interview log", action_id="inroads_cmd_1"))
    call = await slack.fake.wait_for("views.open")
    assert call.params["trigger_id"] == "1337.43.trigger"


async def test_button_runs_as_the_clicking_user(slack: SlackHarness) -> None:
    await slack.app.dispatcher.run_text(slack.actor("U0BOB"), 'interview log "Secret Person"')
    await slack.interactive(slack.button_payload("interview list"))  # Alice clicks
    update = await slack.fake.wait_for("chat.update")
    assert "Secret Person" not in update.params["text"]


async def test_app_home_opened_publishes_home_and_learns_timezone(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_chart(*_: object) -> bytes:
        raise AssertionError("Home cannot show a picture; it must not draw one")

    monkeypatch.setattr(stats, "funnel_png", no_chart)
    await slack.app.dispatcher.run_text(slack.actor(), 'interview log "Jane Doe" company:Acme')
    slack.fake.user_tz[USER] = "Europe/Paris"
    await slack.event({"type": "app_home_opened", "user": USER, "channel": "D1", "tab": "home"})
    published = await slack.fake.wait_for("views.publish")
    assert published.params["user_id"] == USER
    view = published.view
    assert view["type"] == "home"
    text = str(view["blocks"])
    assert "Recent interviews" in text
    assert "Jane Doe" in text
    assert "Your funnel" in text  # the numbers, without the chart
    assert "Held" in text
    values = [e["value"] for b in view["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert "interview log" in values
    assert slack.fake.of("users.info")[0].params["user"] == USER
    async with slack.app.services.uow() as uow:
        prefs = await uow.settings.get_or_default(slack.actor())
    assert (prefs.timezone, prefs.timezone_source) == ("Europe/Paris", "slack")


async def test_timezone_the_person_set_is_kept(slack: SlackHarness) -> None:
    async with slack.app.services.uow() as uow:
        await uow.settings.save(
            UserSettings("slack", "T0TEAM", USER, timezone="Asia/Tokyo", timezone_source="user")
        )
        await uow.commit()
    await slack.command("/interview", "list")
    await slack.fake.wait_for_response()
    assert slack.fake.of("users.info") == []
    async with slack.app.services.uow() as uow:
        prefs = await uow.settings.get_or_default(slack.actor())
    assert prefs.timezone == "Asia/Tokyo"


async def test_home_button_answers_in_dm_and_refreshes_home(slack: SlackHarness) -> None:
    await slack.interactive(
        slack.button_payload("interview list", container={"type": "view", "view_id": "V1"})
    )
    posted = await slack.fake.wait_for("chat.postMessage")
    assert "journal is empty" in posted.params["text"]
    await slack.fake.wait_for("views.publish")


async def test_attachments_are_uploaded_to_the_dm(slack: SlackHarness) -> None:
    reply = Reply(
        title="Your export",
        attachments=(Attachment("funnel.png", b"\x89PNG fake", "image/png", "Funnel"),),
    )
    await slack.app.notifier.send_dm(slack.actor(), reply, idempotency_key="x")
    done = await slack.fake.wait_for("files.completeUploadExternal")
    assert done.params["channel_id"] == "D" + USER
    assert list(slack.fake.uploads.values()) == [b"\x89PNG fake"]
    asked = slack.fake.of("files.getUploadURLExternal")[0]
    assert asked.params["filename"] == "funnel.png"
