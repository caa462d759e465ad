"""Files dropped into the bot's DM are acknowledged work (issue 15): written to the inbox
before the event's ack, with the file's id and never its bytes, handed back at a stop and
previewed by the next process, which fetches the file again from Slack."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select

from adapters.runtime import build_app
from adapters.slack.connector import build_slack
from adapters.slack.fair import Limits
from bot.domain import Actor
from bot.reply import Reply
from storage import tables
from storage.inbox import NewEntry
from tests.slack.conftest import USER, SlackHarness, make_settings
from tests.slack.fake_slack import BOT_TOKEN, TEAM_ID
from tests.slack.test_contact_import import CONNECTIONS, contact_count, file_share

PREVIEW = "Import preview: 2 rows from your LinkedIn connections"


async def inbox_payloads(slack: SlackHarness) -> list[tuple[str, dict[str, str]]]:
    async with slack.app.engine.connect() as conn:
        rows = (await conn.execute(select(tables.inbox.c.kind, tables.inbox.c.payload))).all()
    return [(kind, json.loads(payload)) for kind, payload in rows]


async def test_an_upload_acked_before_a_stop_is_previewed_by_the_next_process(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The upload is in the inbox when the ack goes; this process stops while it is still
    looking the file up; the next one fetches the file again and sends the preview, once."""
    started = asyncio.Event()

    async def stuck(client: AsyncWebClient, actor: Actor, file_id: str, text: str) -> Reply:
        started.set()
        await asyncio.Event().wait()  # Slack never answers before the stop
        raise AssertionError("unreachable")

    monkeypatch.setattr(slack.component.uploads, "reply_for_file", stuck)
    await slack.component.start()
    shared = slack.fake.share_file("Connections.csv", CONNECTIONS)
    acked = await slack.event(file_share(shared, text="from my laptop"))
    assert acked.status == 200
    assert [kind for kind, _ in await inbox_payloads(slack)] == ["upload"]
    await asyncio.wait_for(started.wait(), 10)

    slack.component.stop_seconds = 1.0
    await slack.component.stop()
    # Handed back, holding what is needed to fetch the file again and nothing of it.
    ((kind, payload),) = await inbox_payloads(slack)
    assert kind == "upload"
    assert payload == {
        "team_id": TEAM_ID,
        "user_id": USER,
        "channel": "D" + USER,
        "file_id": shared["id"],
        "text": "from my laptop",
    }
    assert slack.fake.of("chat.postMessage") == []  # no answer, no apology
    assert slack.fake.downloads == []

    app = await build_app(make_settings(tmp_path, slack.fake), clock=slack.clock)
    second = build_slack(app.parts)
    await second.start()
    try:
        posted = await slack.fake.wait_for("chat.postMessage", within=30)
        assert posted.params["channel"] == "D" + USER
        assert PREVIEW in posted.params["text"]
        assert [c.params["file"] for c in slack.fake.of("files.info")] == [shared["id"]]
        assert slack.fake.downloads == [(shared["id"], f"Bearer {BOT_TOKEN}")]
    finally:
        second.stop_seconds = 5.0
        await second.stop()
    assert await second.inbox.store.waiting("slack") == (0, None)
    assert len(slack.fake.of("chat.postMessage")) == 1
    assert await contact_count(slack) == 0  # a preview writes no contact until confirmed
    await app.close()


async def test_a_crashed_process_upload_is_previewed_once_its_lease_runs_out(
    slack: SlackHarness,
) -> None:
    shared = slack.fake.share_file("Connections.csv", CONNECTIONS)
    payload = {"team_id": TEAM_ID, "user_id": USER, "channel": "D" + USER,
               "file_id": shared["id"], "text": ""}  # fmt: skip
    long_ago = datetime.now(UTC) - timedelta(minutes=5)
    row = NewEntry("slack", TEAM_ID, USER, "upload", payload, long_ago)
    store = slack.component.inbox.store
    await store.add([row], owner="crashed", lease_until=long_ago + timedelta(minutes=1))
    assert await slack.component.inbox.claim_leftovers() == 1
    posted = await slack.fake.wait_for("chat.postMessage")
    assert PREVIEW in posted.params["text"]
    async with asyncio.timeout(10):
        while (await store.waiting("slack"))[0]:  # noqa: ASYNC110 - the delete is batched
            await asyncio.sleep(0.02)
    assert slack.fake.downloads == [(shared["id"], f"Bearer {BOT_TOKEN}")]
    assert len(slack.fake.of("chat.postMessage")) == 1


async def test_a_file_gone_before_it_runs_is_answered_kindly(slack: SlackHarness) -> None:
    """Deleted between the ack and the run (or before a restart): Slack's `files.info`
    says so, the person is told to upload it again, and the row goes."""
    shared = slack.fake.share_file("Connections.csv", CONNECTIONS)
    slack.fake.shared.pop(shared["id"])
    await slack.event(file_share(shared))
    posted = await slack.fake.wait_for("chat.postMessage")
    assert "couldn't download that file" in posted.params["text"]
    assert slack.fake.downloads == []


async def test_a_busy_inbox_takes_no_upload_and_says_so_in_the_dm(slack: SlackHarness) -> None:
    slack.component.inbox.limits = Limits(per_user=0, per_workspace=10, total=10)
    shared = slack.fake.share_file("Connections.csv", CONNECTIONS)
    acked = await slack.event(file_share(shared))
    assert acked.status == 200
    posted = await slack.fake.wait_for("chat.postMessage")
    assert posted.params["channel"] == "D" + USER
    assert "nothing was imported" in posted.params["text"]
    assert "drop it here again in a minute" in posted.params["text"]
    assert await inbox_payloads(slack) == []
    assert slack.fake.of("files.info") == []
