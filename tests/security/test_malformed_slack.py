"""Signed Slack requests of shapes Slack never sends get 400 or a kind answer, over a
real HTTP socket, and never a 500, a traceback or a change to the database. Unsigned
ones get 401 whatever their shape, so the refusal tells an outsider nothing."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from sqlalchemy import select

from adapters.http.server import HttpComponent
from storage import tables
from tests.dbstate import reflect, row_counts
from tests.slack.conftest import SECRET, SlackHarness, form_headers
from tests.slack.fake_slack import TEAM_ID
from tests.slack.test_modals import open_log_form, submission


@pytest.fixture
async def events_url(slack: SlackHarness) -> AsyncIterator[str]:
    http = HttpComponent(slack.app.settings, host="127.0.0.1", port=0)
    http.add_routes(slack.component.install_routes)
    await http.start()
    try:
        yield f"http://127.0.0.1:{http.bound_port}/slack/events"
    finally:
        await http.stop()


async def post(url: str, body: str, headers: dict[str, str]) -> tuple[int, str]:
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body.encode("utf-8", "surrogatepass"), headers=headers) as reply,
    ):
        return reply.status, await reply.text()


def payload_body(payload: Any) -> str:
    return urlencode({"payload": json.dumps(payload)})


def malformed(slack: SlackHarness) -> dict[str, tuple[str, str]]:
    """name -> (body, content type) of bodies Slack never sends."""
    form = "application/x-www-form-urlencoded"
    button = slack.button_payload("interview list")
    command = {"command": "/interview", "text": "list", "response_url": slack.fake.response_url()}
    return {
        "invalid JSON in payload": (urlencode({"payload": "{not json"}), form),
        "invalid JSON body": ('{"type": "event_callback", ', "application/json"),
        "not UTF-8": ("payload=%7B%7D\udcff", form),
        "payload is a list": (payload_body([1, 2]), form),
        "actions: []": (payload_body({**button, "actions": []}), form),
        "actions: [null]": (payload_body({**button, "actions": [None]}), form),
        "action value is a number": (
            payload_body({**button, "actions": [{**button["actions"][0], "value": 7}]}),
            form,
        ),
        "user is a list": (payload_body({**button, "user": ["U0ALICE"]}), form),
        "no user at all": (payload_body({k: v for k, v in button.items() if k != "user"}), form),
        "response_url is not a URL": (payload_body({**button, "response_url": 42}), form),
        "view without type": (
            payload_body(
                {"type": "view_submission", "team": {"id": TEAM_ID}, "user": {"id": "U1"}}
                | {"view": {"callback_id": "inroads_form", "state": {}}}
            ),
            form,
        ),
        "view state is a list": (
            payload_body(
                {"type": "view_submission", "team": {"id": TEAM_ID}, "user": {"id": "U1"}}
                | {"view": {"type": "modal", "callback_id": "inroads_form", "state": []}}
            ),
            form,
        ),
        "command without team_id": (urlencode({**command, "user_id": "U0ALICE"}), form),
        "command without user_id": (urlencode({**command, "team_id": TEAM_ID}), form),
        "event without a type": (
            json.dumps({"type": "event_callback", "team_id": TEAM_ID, "event": {"user": 1}}),
            "application/json",
        ),
    }


async def test_malformed_signed_requests_get_400_and_change_nothing(
    slack: SlackHarness, events_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    tables_ = await reflect(slack.app.engine)
    before = await row_counts(slack.app.engine, tables_)
    answers = {}
    for name, (body, content_type) in malformed(slack).items():
        headers = {"content-type": content_type, **sign_bytes(body)}
        answers[name] = await post(events_url, body, headers)
    await slack.component.handlers.after_ack.drain(within_seconds=5)
    assert {name: status for name, (status, _) in answers.items()} == dict.fromkeys(answers, 400)
    assert all("shape Slack sends" in text for _, text in answers.values())
    assert await row_counts(slack.app.engine, tables_) == before
    assert slack.fake.responses == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    refusals = [r.getMessage() for r in caplog.records if "refused a signed" in r.getMessage()]
    assert len(refusals) == len(answers)


def sign_bytes(body: str, secret: str = SECRET) -> dict[str, str]:
    """Slack's signature over the bytes `post` sends (a lone surrogate in `body` stands
    for bytes that are not UTF-8)."""
    stamp = str(int(time.time()))
    raw = f"v0:{stamp}:".encode() + body.encode("utf-8", "surrogatepass")
    digest = hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    return {"x-slack-request-timestamp": stamp, "x-slack-signature": f"v0={digest}"}


async def test_malformed_unsigned_requests_get_401_like_any_forgery(
    slack: SlackHarness, events_url: str
) -> None:
    for body, content_type in malformed(slack).values():
        headers = {"content-type": content_type, **sign_bytes(body, "not-the-secret")}
        assert (await post(events_url, body, headers))[0] == 401


async def test_lone_surrogates_are_replaced_and_the_command_runs(
    slack: SlackHarness, events_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Invalid Unicode cannot be stored (PostgreSQL refuses it); the person still gets
    their interview logged, with U+FFFD where the broken character was."""
    button = slack.button_payload('interview log "Ann \ud800Lee" notes:"met at \udfff noon"')
    body = payload_body(button)
    assert (await post(events_url, body, form_headers(body)))[0] == 200
    await slack.fake.wait_for("chat.update")
    async with slack.app.engine.connect() as connection:
        name = await connection.scalar(select(tables.contacts.c.name))
        notes = await connection.scalar(select(tables.interviews.c.notes))
    assert name == "Ann \ufffdLee"
    assert notes == "met at \ufffd noon"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_form_with_metadata_not_ours_is_answered_kindly(
    slack: SlackHarness, events_url: str
) -> None:
    view = await open_log_form(slack)
    values = {"f_contact": {"type": "plain_text_input", "value": "Jane Doe"}}
    for odd in ("not json", "[1, 2]", '"form"', "{"):
        payload = submission({**view, "private_metadata": odd}, values)
        body = payload_body(payload)
        status, _ = await post(events_url, body, form_headers(body))
        assert status == 200
    await slack.fake.wait_for("chat.postMessage", count=4)
    texts = [call.params.get("text", "") for call in slack.fake.of("chat.postMessage")]
    assert all("no longer available" in text for text in texts), texts
    async with slack.app.engine.connect() as connection:
        assert await connection.scalar(select(tables.interviews.c.id)) is None
