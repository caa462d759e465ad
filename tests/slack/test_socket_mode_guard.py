"""Socket Mode payloads pass the same shape check as HTTP ones and reach the same inbox.

The component runs in Socket Mode against the fake Slack's websocket. Odd payloads are
handed to its handler exactly as slack_sdk's Socket Mode client hands an envelope
(`handler.handle(client, SocketModeRequest)`), and one goes over the real websocket.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from adapters.runtime import build_app
from adapters.slack.connector import build_slack
from tests.dbstate import reflect, row_counts
from tests.slack.conftest import SlackHarness, eventually, make_settings
from tests.slack.fake_slack import TEAM_ID, FakeSlack

REFUSED = "refused a Slack Socket Mode"


class RecordingClient:
    """Stands in for the Socket Mode client where the handler sends its ack."""

    def __init__(self) -> None:
        self.logger = logging.getLogger("tests.socket_mode")
        self.acks: list[SocketModeResponse] = []

    async def send_socket_mode_response(self, response: SocketModeResponse) -> None:
        self.acks.append(response)


@pytest.fixture
async def socket_slack(tmp_path: Path, fake: FakeSlack) -> AsyncIterator[SlackHarness]:
    settings = make_settings(
        tmp_path, fake, slack_signing_secret=None, slack_app_token="xapp-1-test"
    )
    app = await build_app(settings)
    component = build_slack(app.parts)
    await component.start()
    try:
        await fake.wait_for("apps.connections.open")
        yield SlackHarness(fake, app, component, None)  # type: ignore[arg-type]
    finally:
        await component.stop()
        await app.close()


def odd_envelopes(slack: SlackHarness) -> dict[str, SocketModeRequest]:
    """name -> an envelope whose payload Slack never sends."""
    button = slack.button_payload("interview list")
    command = dict(parse_qsl(slack.command_body("/interview", "list")))
    view = {"type": "view_submission", "team": {"id": TEAM_ID}, "user": {"id": "U1"}}
    payloads: dict[str, tuple[str, dict[str, Any]]] = {
        "actions: []": ("interactive", {**button, "actions": []}),
        "actions: [null]": ("interactive", {**button, "actions": [None]}),
        "user is a list": ("interactive", {**button, "user": ["U0ALICE"]}),
        "no user": ("interactive", {k: v for k, v in button.items() if k != "user"}),
        "view state is a list": (
            "interactive",
            {**view, "view": {"type": "modal", "callback_id": "inroads_form", "state": []}},
        ),
        "command without user_id": (
            "slash_commands",
            {k: v for k, v in command.items() if k != "user_id"},
        ),
        "command without team_id": (
            "slash_commands",
            {k: v for k, v in command.items() if k != "team_id"},
        ),
        "event without a type": (
            "events_api",
            {"type": "event_callback", "team_id": TEAM_ID, "event": {"user": 1}},
        ),
    }
    return {
        name: SocketModeRequest(type=kind, envelope_id=f"odd-{n}", payload=payload)
        for n, (name, (kind, payload)) in enumerate(payloads.items())
    }


def refusals(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if REFUSED in r.getMessage()]


async def test_odd_payloads_are_refused_before_bolt_and_change_nothing(
    socket_slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    slack = socket_slack
    handler = slack.component._socket
    assert handler is not None
    tables_ = await reflect(slack.app.engine)
    before = await row_counts(slack.app.engine, tables_)
    calls_before = len(slack.fake.calls)
    client = RecordingClient()
    envelopes = odd_envelopes(slack)
    for request in envelopes.values():
        await handler.handle(client, request)  # type: ignore[arg-type]
    assert client.acks == []  # unacknowledged, as bolt leaves what it cannot handle
    assert len(refusals(caplog)) == len(envelopes)
    assert "a click without actions" in refusals(caplog)[0]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert await row_counts(slack.app.engine, tables_) == before
    assert await slack.component.inbox.store.waiting("slack") == (0, None)
    assert len(slack.fake.calls) == calls_before
    assert slack.fake.responses == []


async def test_a_well_shaped_click_is_acked_and_answered_through_the_inbox(
    socket_slack: SlackHarness,
) -> None:
    slack = socket_slack
    handler = slack.component._socket
    assert handler is not None
    await slack.app.dispatcher.run_text(slack.actor(), 'interview log "Jane Doe"')
    client = RecordingClient()
    click = slack.button_payload("interview list")
    await handler.handle(client, SocketModeRequest("interactive", "env-click", click))  # type: ignore[arg-type]
    assert [a.envelope_id for a in client.acks] == ["env-click"]
    updated = await slack.fake.wait_for("chat.update")
    assert "Jane Doe" in str(updated.params)
    metrics = (await slack.app.metrics.render()).decode()
    assert "inroads_command_answer_seconds_count 1.0" in metrics  # it went by the inbox


async def test_an_odd_payload_over_the_websocket_is_refused_and_the_next_answered(
    socket_slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    slack = socket_slack
    odd = slack.button_payload("interview list")
    await slack.fake.socket_envelopes.put(
        {"envelope_id": "env-odd", "type": "interactive", "payload": {**odd, "actions": []}}
    )

    async def refused() -> bool:
        return bool(refusals(caplog))

    await eventually(refused)
    payload = dict(parse_qsl(slack.command_body("/interview", 'log "Jane Doe"')))
    await slack.fake.socket_envelopes.put(
        {
            "envelope_id": "env-good",
            "type": "slash_commands",
            "accepts_response_payload": True,
            "payload": payload,
        }
    )
    reply = await slack.fake.wait_for_response()
    assert "Logged interview #1" in reply["text"]
    acked = [a.get("envelope_id") for a in slack.fake.socket_acks]
    assert "env-good" in acked
    assert "env-odd" not in acked
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
