"""Slack's retries of an Events API delivery are taken once (issue 15): a file shared in the
DM is queued and previewed once however many times Slack sends the event, on one replica
or two sharing a database; a delivery whose upload was refused leaves a retry free to
take it. Each retry here is what Slack sends: the same body (same `event_id`), signed
afresh, with `X-Slack-Retry-Num` and `X-Slack-Retry-Reason`."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from slack_bolt.response import BoltResponse
from slack_sdk.socket_mode.request import SocketModeRequest
from sqlalchemy import func, select

from adapters.runtime import App, build_app
from adapters.slack.connector import build_slack
from adapters.slack.fair import Limits
from adapters.slack.retries import MAX_KEY_LENGTH, event_key
from storage import tables
from tests.conftest import POSTGRES_URL, _drop_schema, _postgres_schema_engine
from tests.fakes import FixedClock
from tests.slack.conftest import SlackHarness, make_settings, sign
from tests.slack.fake_slack import TEAM_ID, FakeSlack
from tests.slack.test_contact_import import CONNECTIONS, file_share
from tests.slack.test_socket_mode_guard import RecordingClient, socket_slack  # noqa: F401 - a fixture
from tests.slack.test_upload_inbox import PREVIEW, inbox_payloads

COMMENT = "my private comment about these people"


def envelope(event: dict[str, Any], event_id: str = "Ev0RETRY1") -> str:
    return json.dumps(
        {
            "token": "legacy",
            "team_id": TEAM_ID,
            "api_app_id": "A0APP",
            "type": "event_callback",
            "event_id": event_id,
            "event_time": int(time.time()),
            "event": event,
        }
    )


#: The last timestamp each body was signed with, on any replica (see `deliver`).
_SIGNED_AT: dict[str, int] = {}


async def deliver(slack: SlackHarness, body: str, retry: int = 0) -> BoltResponse:
    """One delivery of `body`, signed for this delivery: each with a timestamp earlier
    than any delivery of the same body before it (to any replica), so its signature
    differs as each of Slack's does. (Now minus the retry number repeated one when the clock ticked between two
    retries, and the replay guard rightly refused the second.)"""
    now = int(time.time())
    ts = min(now, _SIGNED_AT.get(body, now + 1) - 1)
    _SIGNED_AT[body] = ts
    headers = {"content-type": "application/json", **sign(body, ts=ts)}
    if retry:
        headers |= {"x-slack-retry-num": str(retry), "x-slack-retry-reason": "http_timeout"}
    return await slack.dispatch(body, headers)


async def settled(*harnesses: SlackHarness) -> None:
    """Work after the acks has run, and every inbox row is answered."""
    for harness in harnesses:
        await harness.component.handlers.after_ack.drain(within_seconds=5)
    async with asyncio.timeout(10):
        while await inbox_payloads(harnesses[0]):  # noqa: ASYNC110 - deletes are batched
            await asyncio.sleep(0.02)


async def test_a_retried_upload_is_queued_and_previewed_once(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    shared = slack.fake.share_file("Connections.csv", CONNECTIONS)
    body = envelope(file_share(shared, text=COMMENT))
    assert (await deliver(slack, body)).status == 200
    retried = await deliver(slack, body, retry=1)
    assert (retried.status, retried.body) == (200, "")  # acked, so Slack stops retrying
    posted = await slack.fake.wait_for("chat.postMessage")
    assert PREVIEW in posted.params["text"]
    assert (await deliver(slack, body, retry=2)).status == 200  # and the next one too
    await settled(slack)
    assert len(slack.fake.of("chat.postMessage")) == 1
    assert len(slack.fake.of("files.info")) == 1
    assert slack.component.event_retries.dropped == 2
    dropped = [r for r in caplog.records if "dropped Slack's retry" in r.getMessage()]
    assert [r.levelno for r in dropped] == [logging.INFO, logging.INFO]
    assert "retry 1 (http_timeout) of a message event Ev0RETRY1" in dropped[0].getMessage()
    assert COMMENT not in caplog.text
    assert "Connections.csv" not in caplog.text


async def test_an_upload_refused_as_busy_is_taken_by_slacks_retry(slack: SlackHarness) -> None:
    """Nothing was taken the first time (the person was told so), so the retry is not a
    repeat: it is queued and previewed."""
    inbox = slack.component.inbox
    kept = inbox.limits
    inbox.limits = Limits(per_user=0, per_workspace=10, total=10)
    shared = slack.fake.share_file("Connections.csv", CONNECTIONS)
    body = envelope(file_share(shared), event_id="Ev0BUSY1")
    assert (await deliver(slack, body)).status == 200
    note = await slack.fake.wait_for("chat.postMessage")
    assert "nothing was imported" in note.params["text"]
    assert await inbox_payloads(slack) == []
    inbox.limits = kept
    assert (await deliver(slack, body, retry=1)).status == 200
    preview = await slack.fake.wait_for("chat.postMessage", count=2)
    assert PREVIEW in preview.params["text"]
    await settled(slack)
    assert slack.component.event_retries.dropped == 0
    assert len(slack.fake.of("files.info")) == 1


async def test_a_retried_dm_message_is_answered_once(slack: SlackHarness) -> None:
    """Not only uploads: every listener's work waits for the verdict."""
    typed = {"type": "message", "channel": "D0ALICE", "channel_type": "im", "user": "U0ALICE",
             "team": TEAM_ID, "text": COMMENT, "ts": "1700000200.000100"}  # fmt: skip
    body = envelope(typed, event_id="Ev0TEXT1")
    await deliver(slack, body)
    await deliver(slack, body, retry=1)
    await slack.component.handlers.after_ack.drain(within_seconds=5)
    assert len(slack.fake.of("chat.postMessage")) == 1
    assert slack.component.event_retries.dropped == 1


async def test_a_socket_mode_redelivery_is_dropped_too(
    socket_slack: SlackHarness,  # noqa: F811 - the fixture imported above
) -> None:
    """Socket Mode sends an unacked envelope again with `retry_attempt`; bolt turns it
    into the same header, and the same event id is recognised."""
    slack = socket_slack
    handler = slack.component._socket
    assert handler is not None
    shared = slack.fake.share_file("Connections.csv", CONNECTIONS)
    payload = json.loads(envelope(file_share(shared), event_id="Ev0SOCKET1"))
    client = RecordingClient()
    first = SocketModeRequest("events_api", "env-1", payload)
    again = SocketModeRequest("events_api", "env-2", payload, retry_attempt=1,
                              retry_reason="timeout")  # fmt: skip
    await handler.handle(client, first)  # type: ignore[arg-type]
    await handler.handle(client, again)  # type: ignore[arg-type]
    assert [a.envelope_id for a in client.acks] == ["env-1", "env-2"]
    posted = await slack.fake.wait_for("chat.postMessage")
    assert PREVIEW in posted.params["text"]
    await settled(slack)
    assert len(slack.fake.of("chat.postMessage")) == 1
    assert slack.component.event_retries.dropped == 1


async def test_old_event_ids_go_with_the_signatures_prune(slack: SlackHarness) -> None:
    ledger = slack.component.ledger
    long_ago = datetime.now(UTC) - timedelta(minutes=11)
    await ledger.first_time(["event:Ev0OLD", "v0=" + "ab" * 32], long_ago)
    await ledger.first_time(["event:Ev0NEW"], datetime.now(UTC))
    assert await slack.component.prune_ledger() == 2
    async with slack.app.engine.connect() as connection:
        left = await connection.execute(select(tables.slack_request_signatures.c.signature))
        assert left.scalars().all() == ["event:Ev0NEW"]


def test_event_keys_fit_the_ledger_and_only_events_have_one() -> None:
    assert event_key({"type": "event_callback", "event_id": "Ev0A"}) == "event:Ev0A"
    long = event_key({"type": "event_callback", "event_id": "E" * 200})
    assert long is not None
    assert len(long) <= MAX_KEY_LENGTH
    assert long != event_key({"type": "event_callback", "event_id": "E" * 199})
    odd = event_key({"type": "event_callback", "event_id": "Ev\x00\ud800"})
    assert odd is not None
    assert odd.isascii()
    assert odd.isprintable()
    assert event_key({"type": "block_actions", "event_id": "Ev0A"}) is None
    assert event_key({"type": "event_callback"}) is None


# --- two replicas on one database -----------------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def two_replicas(
    request: pytest.FixtureRequest, tmp_path: Path, fake: FakeSlack
) -> AsyncIterator[tuple[SlackHarness, SlackHarness]]:
    """Two apps with their inboxes started on one database, like two pods. Replay
    signatures stay in each one's memory (the default on SQLite): event ids are shared
    whatever that setting says."""
    extra: dict[str, Any] = {"slack_replay_store": "memory"}
    schema = None
    if request.param == "postgres":
        probe, schema = await _postgres_schema_engine()
        await probe.dispose()
        extra["database_url"] = POSTGRES_URL
    apps: list[App] = []
    harnesses: list[SlackHarness] = []
    try:
        for _ in range(2):
            clock = FixedClock()
            app = await build_app(
                make_settings(tmp_path, fake, **extra), clock=clock, schema=schema
            )
            apps.append(app)
            harness = SlackHarness(fake, app, build_slack(app.parts), clock)
            harnesses.append(harness)
            await harness.component.inbox.start()
        yield harnesses[0], harnesses[1]
    finally:
        for harness in harnesses:
            await harness.component.handlers.after_ack.drain(within_seconds=5)
            await harness.component.inbox.stop(within_seconds=5)
        for app in apps:
            await app.close()
        if schema:
            await _drop_schema(schema)


async def test_a_retry_reaching_another_replica_is_dropped(
    two_replicas: tuple[SlackHarness, SlackHarness],
) -> None:
    first, second = two_replicas
    shared = first.fake.share_file("Connections.csv", CONNECTIONS)
    body = envelope(file_share(shared), event_id="Ev0TWO1")
    assert (await deliver(first, body)).status == 200
    assert (await deliver(second, body, retry=1)).status == 200
    posted = await first.fake.wait_for("chat.postMessage")
    assert PREVIEW in posted.params["text"]
    await settled(first, second)
    assert len(first.fake.of("chat.postMessage")) == 1
    assert second.component.event_retries.dropped == 1
    assert first.component.event_retries.dropped == 0
    async with first.app.engine.connect() as connection:
        kept = await connection.scalar(
            select(func.count())
            .select_from(tables.slack_request_signatures)
            .where(tables.slack_request_signatures.c.signature == "event:Ev0TWO1")
        )
    assert kept == 1
