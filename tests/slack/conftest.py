"""Fixtures for the Slack adapter: the real bolt app wired to the fake Web API.

`slack` builds the whole app (SQLite database, core, Slack component) from settings that
point `SLACK_API_URL` at the fake, and offers helpers that sign and dispatch Slack's
payloads exactly as Slack sends them.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from adapters.http.server import HttpComponent
from adapters.runtime import App, build_app
from adapters.settings import Settings
from adapters.slack.component import SlackComponent
from adapters.slack.connector import build_slack
from bot.domain import Actor
from tests.fakes import FixedClock
from tests.slack.fake_slack import TEAM_ID, FakeSlack

SECRET = "test-signing-secret"
USER = "U0ALICE"


def sign(body: str, secret: str = SECRET, ts: int | None = None) -> dict[str, str]:
    stamp = str(int(time.time()) if ts is None else ts)
    digest = hmac.new(secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {"x-slack-request-timestamp": stamp, "x-slack-signature": f"v0={digest}"}


def form_headers(body: str, **kwargs: Any) -> dict[str, str]:
    return {"content-type": "application/x-www-form-urlencoded", **sign(body, **kwargs)}


@dataclass
class SlackHarness:
    fake: FakeSlack
    app: App
    component: SlackComponent
    clock: FixedClock

    def actor(self, user: str = USER) -> Actor:
        return Actor("slack", TEAM_ID, user)

    async def dispatch(self, body: str, headers: dict[str, str]) -> BoltResponse:
        return await self.component.bolt.async_dispatch(
            AsyncBoltRequest(body=body, headers={**headers})  # bolt's type wants its own dict
        )

    def command_body(self, command: str, text: str = "", user: str = USER) -> str:
        return urlencode(
            {
                "token": "legacy",
                "team_id": TEAM_ID,
                "team_domain": "test",
                "channel_id": "C0GENERAL",
                "channel_name": "general",
                "user_id": user,
                "user_name": user.lower(),
                "command": command,
                "text": text,
                "api_app_id": "A0APP",
                "response_url": self.fake.response_url(),
                "trigger_id": "1337.42.trigger",
            }
        )

    async def command(self, command: str, text: str = "", user: str = USER) -> BoltResponse:
        body = self.command_body(command, text, user)
        return await self.dispatch(body, form_headers(body))

    async def interactive(self, payload: dict[str, Any]) -> BoltResponse:
        body = urlencode({"payload": json.dumps(payload)})
        return await self.dispatch(body, form_headers(body))

    async def event(self, event: dict[str, Any]) -> BoltResponse:
        body = json.dumps(
            {
                "token": "legacy",
                "team_id": TEAM_ID,
                "api_app_id": "A0APP",
                "type": "event_callback",
                "event_id": f"Ev{time.time_ns()}",  # unique, as Slack sends them
                "event_time": int(time.time()),
                "event": event,
            }
        )
        return await self.dispatch(body, {"content-type": "application/json", **sign(body)})

    def button_payload(
        self,
        value: str,
        *,
        user: str = USER,
        container: dict[str, Any] | None = None,
        action_id: str = "inroads_cmd_0",
    ) -> dict[str, Any]:
        return {
            "type": "block_actions",
            "team": {"id": TEAM_ID, "domain": "test"},
            "user": {"id": user, "username": user.lower(), "team_id": TEAM_ID},
            "api_app_id": "A0APP",
            "trigger_id": "1337.43.trigger",
            "response_url": self.fake.response_url(),
            "container": container
            or {"type": "message", "message_ts": "1700000000.000001", "channel_id": "D0ALICE"},
            "channel": {"id": "D0ALICE"},
            "actions": [
                {
                    "type": "button",
                    "action_id": action_id,
                    "block_id": "b1",
                    "value": value,
                    "text": {"type": "plain_text", "text": "Go"},
                    "action_ts": "1700000001.000001",
                }
            ],
        }


async def eventually(check: Callable[[], Awaitable[bool]], within: float = 10.0) -> None:
    """Wait for background work (after ack) to show in the database, with a deadline."""
    async with asyncio.timeout(within):
        while not await check():  # noqa: ASYNC110 - a database has no event to await
            await asyncio.sleep(0.01)


def make_settings(tmp_path: Path, fake: FakeSlack, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": f"sqlite+aiosqlite:///{tmp_path}/slack.sqlite3",
        "slack_bot_token": "xoxb-test-token",
        "slack_signing_secret": SECRET,
        "slack_api_url": fake.base_url,
        "http_host": "127.0.0.1",
        "http_port": 3000,
    }
    values.update(extra)
    return Settings(**values)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    server = await FakeSlack().start()
    try:
        yield server
    finally:
        await server.stop()
    assert server.violations == [], f"calls Slack would refuse: {server.violations}"


@pytest.fixture
async def slack(tmp_path: Path, fake: FakeSlack) -> AsyncIterator[SlackHarness]:
    clock = FixedClock()
    app = await build_app(make_settings(tmp_path, fake), clock=clock)
    http = HttpComponent(app.settings, host="127.0.0.1", port=0)
    component = build_slack(app.parts, http)
    await component.inbox.start()  # acked commands wait in the inbox for its workers
    try:
        yield SlackHarness(fake, app, component, clock)
    finally:
        # Work a test left running (an answer after its last assertion) ends before the
        # database closes, as it does when the real component stops.
        await component.handlers.after_ack.drain(within_seconds=5)
        await component.inbox.stop(within_seconds=5)
        await app.close()
