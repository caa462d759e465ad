"""A local fake of the Slack Web API and Discord REST API that records every delivery.

It answers like the platforms on the calls the notifiers make (Slack `auth.test`,
`conversations.open`, `chat.postMessage` with message metadata, `conversations.history`
with `include_all_metadata`; Discord `/users/@me`, DM channel creation, channel
messages) and honours Discord's `nonce` + `enforce_nonce`: a repeated nonce from the
same bot within the window returns the first message instead of posting again, as
Discord does. Every call that posts takes `latency` seconds (0.4 s in `make soak`), and
completes even when the process that made it was killed meanwhile. Each delivered message is attributed to a reminder by its
``Check-in #<id>`` footer or its ``checkin done <id>`` button.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import random
import re
from collections import Counter
from typing import Any
from urllib.parse import unquote_plus

from aiohttp import web

from tests.fakeplatforms.both import DISCORD_API, SLACK_API, BothPlatforms
from tests.fakeplatforms.discord_rest import (
    NonceMemory,
    answer,
    application_payload,
    message_payload,
    user_payload,
)
from tests.fakeplatforms.slack_web import (
    SlackHistory,
    auth_test,
    dm_channel_id,
    read_params,
    slack_error,
)
from tests.loopback import serve_on_loopback

_REMINDER = re.compile(r"(?:Check-in #|checkin done |checkin%20done%20)(\d+)")


def _discord_json(payload: object, status: int = 200) -> web.Response:
    """discord.py wants exactly `application/json` (json_response adds a charset)."""
    return answer(payload, status, via=False)


class FakePlatform(BothPlatforms):
    def __init__(self, latency: tuple[float, float] = (0.03, 0.12), seed: int = 7) -> None:
        self.latency = latency
        self.random = random.Random(seed)
        self.deliveries: dict[str, Counter[int]] = {"slack": Counter(), "discord": Counter()}
        self.nonce_hits = 0
        self.nonce_hits_same_process = 0
        #: Which bot process (0, 1, …) is running; every delivery is stamped with it.
        self.generation = 0
        self.log: list[tuple[str, int, int]] = []  # (platform, reminder id, generation)
        self._slack_posted = SlackHistory()
        #: Slack DM channel -> messages posted there, oldest first (for conversations.history).
        self.slack_history: dict[str, list[dict[str, Any]]] = self._slack_posted.channels
        self.slack_history_lookups = 0
        self.in_flight = {"slack": 0, "discord": 0}
        self.unattributed = 0
        #: (platform, recipient user id, check-in number) -> reminder id. A message shows
        #: the person's own check-in number, so the soak says which row that is.
        self.resolve: dict[tuple[str, str, int], int] = {}
        self._nonces = NonceMemory()
        self._nonce_generation: dict[str, int] = {}  # nonce -> the process that used it
        self._ids = itertools.count(10**17)
        self.runner: web.AppRunner | None = None
        self.port = 0

    async def start(self) -> None:
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_route("*", f"{SLACK_API}/{{method}}", self.slack)  # history is a GET
        app.router.add_get(f"{DISCORD_API}/users/@me", self.discord_me)
        app.router.add_get(f"{DISCORD_API}/gateway/bot", self.discord_gateway)
        app.router.add_get(f"{DISCORD_API}/oauth2/applications/@me", self.discord_app)
        app.router.add_post(f"{DISCORD_API}/users/@me/channels", self.discord_dm)
        app.router.add_post(f"{DISCORD_API}/channels/{{channel}}/messages", self.discord_message)
        self.runner, self.port = await serve_on_loopback(app)

    async def stop(self) -> None:
        if self.runner:
            await self.runner.cleanup()

    async def _pause(self, platform: str) -> None:
        """The platform's processing time; the request completes even if the caller died."""
        self.in_flight[platform] += 1
        try:
            await asyncio.sleep(self.random.uniform(*self.latency))
        finally:
            self.in_flight[platform] -= 1

    def _attribute(self, platform: str, raw: str, user: str) -> None:
        found = {int(m) for m in _REMINDER.findall(raw)}
        reminder_id = self.resolve.get((platform, user, found.pop())) if len(found) == 1 else None
        if reminder_id is None:
            self.unattributed += 1
            return
        self.deliveries[platform][reminder_id] += 1
        self.log.append((platform, reminder_id, self.generation))

    def same_process_duplicates(self) -> int:
        """Repeats sent by one process, with no kill in between: never acceptable."""
        seen = Counter((p, i, g) for p, i, g in self.log)
        return sum(n - 1 for n in seen.values() if n > 1)

    # --- Slack -------------------------------------------------------------------------
    async def slack(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        raw = await request.text()
        params = await read_params(request)
        if method == "auth.test":
            return web.json_response({"ok": True, **auth_test("T1", "UBOT", "BBOT")})
        if method == "conversations.open":
            channel = {"id": dm_channel_id(params.get("users"))}
            return web.json_response({"ok": True, "channel": channel})
        if method == "chat.postMessage":
            await self._pause("slack")
            posted_in = str(params.get("channel") or "")
            self._attribute("slack", unquote_plus(raw), posted_in.removeprefix("D"))
            message: dict[str, Any] = {"type": "message"}
            metadata = params.get("metadata")
            if metadata:
                message["metadata"] = (
                    json.loads(metadata) if isinstance(metadata, str) else metadata
                )
            self._slack_posted.post(str(params.get("channel")), message)
            return web.json_response({"ok": True, "channel": params.get("channel"), **message})
        if method == "conversations.history":
            self.slack_history_lookups += 1
            return web.json_response({"ok": True, **self._slack_posted.page(params)})
        return slack_error("unknown_method")

    # --- Discord -----------------------------------------------------------------------
    def _user(self, user_id: str, bot: bool = False) -> dict[str, Any]:
        return user_payload(user_id, f"u{user_id}", bot=bot)

    async def discord_me(self, request: web.Request) -> web.Response:
        return _discord_json(self._user("4242", bot=True))

    async def discord_app(self, request: web.Request) -> web.Response:
        return _discord_json(application_payload("4242", self._user("1")))

    async def discord_gateway(self, request: web.Request) -> web.Response:
        return _discord_json({"url": "ws://127.0.0.1:1", "shards": 1})

    async def discord_dm(self, request: web.Request) -> web.Response:
        body = await request.json()
        recipient = str(body["recipient_id"])
        return _discord_json(
            {
                "id": str(int(recipient) + 1),
                "type": 1,
                "last_message_id": None,
                "recipients": [self._user(recipient)],
            }
        )

    async def discord_message(self, request: web.Request) -> web.Response:
        raw = await request.text()
        if request.content_type.startswith("multipart"):
            body: dict[str, Any] = {}
            match = re.search(r'"nonce":\s*"([^"]+)"', raw)
            if match:
                body["nonce"] = match.group(1)
            body["enforce_nonce"] = '"enforce_nonce": true' in raw
        else:
            body = json.loads(raw)
        await self._pause("discord")
        earlier = self._nonces.earlier(body)
        if earlier is not None:
            self.nonce_hits += 1
            used_by = self._nonce_generation.get(str(body["nonce"]))
            self.nonce_hits_same_process += used_by == self.generation
            return _discord_json(earlier)
        message = message_payload(
            str(next(self._ids)),
            request.match_info["channel"],
            self._user("4242", bot=True),
            body,
        )
        self._nonces.remember(body, message)
        if message.get("nonce") and body.get("enforce_nonce"):
            self._nonce_generation[str(body["nonce"])] = self.generation
        self._attribute("discord", raw, str(int(request.match_info["channel"]) - 1))
        return _discord_json(message)
