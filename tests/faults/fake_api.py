"""A scriptable fake Slack Web API + Discord REST API for fault tests.

Each delivery call (Slack `chat.postMessage`, Discord channel messages) takes the next
scripted answer: "ok", "500", "timeout" (answers only after 30 s), or "429:<seconds>".
Every call is recorded with its arrival time, so tests can check that Retry-After was
waited out and that retries really happened.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakeplatforms.both import DISCORD_API, SLACK_API, BothPlatforms
from tests.fakeplatforms.discord_rest import (
    answer,
    application_payload,
    message_payload,
    rate_limited,
)
from tests.fakeplatforms.slack_web import auth_test, ratelimited, slack_error
from tests.loopback import serve_on_loopback


@dataclass
class Call:
    platform: str
    at: float
    answer: str


@dataclass
class FakeApi(BothPlatforms):
    scripts: dict[str, deque[str]] = field(
        default_factory=lambda: {"slack": deque(), "discord": deque()}
    )
    calls: list[Call] = field(default_factory=list)
    port: int = 0
    _runner: web.AppRunner | None = None
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(10**17))
    _closing: asyncio.Event = field(default_factory=asyncio.Event)

    def script(self, platform: str, *answers: str) -> None:
        self.scripts[platform].extend(answers)

    def of(self, platform: str) -> list[Call]:
        return [c for c in self.calls if c.platform == platform]

    async def start(self) -> FakeApi:
        app = web.Application()
        app.router.add_post(f"{SLACK_API}/{{method}}", self._slack)
        app.router.add_get(f"{DISCORD_API}/users/@me", self._me)
        app.router.add_get(f"{DISCORD_API}/oauth2/applications/@me", self._application)
        app.router.add_post(f"{DISCORD_API}/users/@me/channels", self._dm)
        app.router.add_post(f"{DISCORD_API}/channels/{{channel}}/messages", self._message)
        self._runner, self.port = await serve_on_loopback(app)
        return self

    async def stop(self) -> None:
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _scripted(self, platform: str) -> web.Response | None:
        answer = self.scripts[platform].popleft() if self.scripts[platform] else "ok"
        self.calls.append(Call(platform, time.monotonic(), answer))
        if answer == "500":
            return web.Response(status=500, text="internal error")
        if answer == "timeout":  # hold the request until the caller gives up (or we stop)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._closing.wait(), 30)
            return web.Response(status=503, text="gave up")
        if answer.startswith("429:"):
            seconds = float(answer.split(":", 1)[1])
            if platform == "slack":
                return ratelimited(seconds)
            return rate_limited(seconds)
        return None

    async def _slack(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method == "auth.test":
            return web.json_response({"ok": True, **auth_test("T1", "UB", "B")})
        if method == "conversations.open":  # the first call of every Slack DM
            self.calls.append(Call("slack-open", time.monotonic(), "ok"))
            return web.json_response({"ok": True, "channel": {"id": "D1"}})
        if method == "chat.postMessage":
            failure = await self._scripted("slack")
            if failure is not None:
                return failure
            return web.json_response({"ok": True, "channel": "D1", "ts": f"{time.time():.6f}"})
        return slack_error("unknown_method")

    def _user(self, user_id: str) -> dict[str, Any]:
        return {"id": user_id, "username": "u", "discriminator": "0", "avatar": None}

    def _json(self, payload: object) -> web.Response:
        return answer(payload, via=False)

    async def _me(self, request: web.Request) -> web.Response:
        return self._json({**self._user("4242"), "bot": True})

    async def _application(self, request: web.Request) -> web.Response:
        return self._json(application_payload("4242", self._user("1")))

    async def _dm(self, request: web.Request) -> web.Response:
        recipient = str((await request.json())["recipient_id"])
        return self._json({"id": "777", "type": 1, "recipients": [self._user(recipient)]})

    async def _message(self, request: web.Request) -> web.Response:
        failure = await self._scripted("discord")
        if failure is not None:
            return failure
        author = {**self._user("4242"), "bot": True}
        return self._json(
            message_payload(str(next(self._ids)), request.match_info["channel"], author, {})
        )
