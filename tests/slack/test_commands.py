"""Slash commands through real bolt: ack first, then an ephemeral Block Kit reply."""

from __future__ import annotations

import pytest

from adapters.slack.listeners import COMMAND_GROUPS
from adapters.slack.render import fallback_text
from tests.slack.conftest import SlackHarness

#: A read-only command per group: whatever the core answers must reach the person.
HAPPY = {
    "interview": "list",
    "contact": "list",
    "questions": "for:Acme",
    "outreach": "draft Jane",
    "checkin": "list",
    "actions": "",
    "mentor": "profile",
    "people": "show",
    "inroads": "help",
}


async def test_interview_log_then_list(slack: SlackHarness) -> None:
    response = await slack.command(
        "/interview", 'log "Jane Doe" company:Acme medium:coffee notes:"R&amp;D &lt;team&gt;"'
    )
    assert response.status == 200
    assert response.body == ""  # acked at once; the answer follows via response_url
    first = await slack.fake.wait_for_response()
    assert first["response_type"] == "ephemeral"
    assert "Logged interview #1" in first["text"]
    assert first["blocks"][0]["type"] == "header"
    # Slack's escaping was undone before parsing, and redone for display.
    assert "R&amp;D &lt;team&gt;" in str(first["blocks"])

    await slack.command("/interview", "list")
    listing = await slack.fake.wait_for_response(2)
    assert "Jane Doe" in listing["text"]
    assert "Acme" in listing["text"]


async def test_mention_survives_unescaping(slack: SlackHarness) -> None:
    await slack.command("/interview", "log <@U0BOB|bob> company:Acme")
    reply = await slack.fake.wait_for_response()
    assert "Logged interview" in reply["text"]
    assert "bob" in reply["text"]


@pytest.mark.parametrize("group", COMMAND_GROUPS)
async def test_every_group_delivers_the_core_reply(slack: SlackHarness, group: str) -> None:
    line = f"{group} {HAPPY[group]}"
    expected = await slack.app.dispatcher.run_text(slack.actor(), line)
    await slack.command(f"/{group}", HAPPY[group])
    got = await slack.fake.wait_for_response()
    assert got["text"] == fallback_text(expected)
    assert got["response_type"] == "ephemeral"
    assert got["blocks"]


@pytest.mark.parametrize("group", COMMAND_GROUPS)
async def test_every_group_rejects_bad_input_kindly(slack: SlackHarness, group: str) -> None:
    await slack.command(f"/{group}", "zzz-not-a-subcommand")
    got = await slack.fake.wait_for_response()
    assert got["text"].startswith("❌")
    assert "Traceback" not in got["text"]
    assert got["response_type"] == "ephemeral"


async def test_bad_option_value_is_explained(slack: SlackHarness) -> None:
    await slack.command("/interview", 'log "Jane Doe" medium:teleport')
    got = await slack.fake.wait_for_response()
    assert "isn't a medium" in got["text"]
    listing = await slack.app.dispatcher.run_text(slack.actor(), "interview list")
    assert "empty" in listing.plain_text()  # nothing was written


async def test_bare_inroads_shows_help(slack: SlackHarness) -> None:
    await slack.command("/inroads", "")
    got = await slack.fake.wait_for_response()
    assert "interview log" in got["text"]


async def test_export_file_goes_to_the_dm(slack: SlackHarness) -> None:
    await slack.app.dispatcher.run_text(slack.actor(), 'interview log "Jane Doe" company:Acme')
    expected = await slack.app.dispatcher.run_text(slack.actor(), "inroads export")
    if not expected.attachments:
        pytest.skip("`inroads export` returns no file in this build")
    await slack.command("/inroads", "export")
    await slack.fake.wait_for_response()
    done = await slack.fake.wait_for("files.completeUploadExternal")
    assert done.params["channel_id"] == "DU0ALICE"
    assert len(slack.fake.uploads) == len(expected.attachments)
