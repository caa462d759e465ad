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
import time
from collections import Counter
from typing import Any
from urllib.parse import parse_qsl, unquote_plus

from aiohttp import web

from tests.loopback import serve_on_loopback

_REMINDER = re.compile(r"(?:Check-in #|checkin done |checkin%20done%20)(\d+)")
NONCE_WINDOW_SECONDS = 300.0
JSON = "application/json"


def _discord_json(payload: object, status: int = 200) -> web.Response:
    # discord.py wants exactly this content type (json_response adds a charset).
    return web.Response(
        body=json.dumps(payload).encode(), status=status, headers={"Content-Type": JSON}
    )


class FakePlatform:
    def __init__(self, latency: tuple[float, float] = (0.03, 0.12), seed: int = 7) -> None:
        self.latency = latency
        self.random = random.Random(seed)
        self.deliveries: dict[str, Counter[int]] = {"slack": Counter(), "discord": Counter()}
        self.nonce_hits = 0
        self.nonce_hits_same_process = 0
        #: Which bot process (0, 1, …) is running; every delivery is stamped with it.
        self.generation = 0
        self.log: list[tuple[str, int, int]] = []  # (platform, reminder id, generation)
        #: Slack DM channel -> messages posted there, oldest first (for conversations.history).
        self.slack_history: dict[str, list[dict[str, Any]]] = {}
        self.slack_history_lookups = 0
        self._last_ts = 0.0
        self.in_flight = {"slack": 0, "discord": 0}
        self.unattributed = 0
        #: (platform, recipient user id, check-in number) -> reminder id. A message shows
        #: the person's own check-in number, so the soak says which row that is.
        self.resolve: dict[tuple[str, str, int], int] = {}
        self._nonces: dict[str, tuple[float, dict[str, Any], int]] = {}
        self._ids = itertools.count(10**17)
        self.runner: web.AppRunner | None = None
        self.port = 0

    async def start(self) -> None:
        app = web.Application(client_max_size=8 * 1024 * 1024)
        app.router.add_route("*", "/slack/api/{method}", self.slack)  # history is a GET
        app.router.add_get("/discord/api/v10/users/@me", self.discord_me)
        app.router.add_get("/discord/api/v10/gateway/bot", self.discord_gateway)
        app.router.add_get("/discord/api/v10/oauth2/applications/@me", self.discord_app)
        app.router.add_post("/discord/api/v10/users/@me/channels", self.discord_dm)
        app.router.add_post("/discord/api/v10/channels/{channel}/messages", self.discord_message)
        self.runner, self.port = await serve_on_loopback(app)

    async def stop(self) -> None:
        if self.runner:
            await self.runner.cleanup()

    @property
    def slack_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/slack/api/"

    @property
    def discord_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/discord/api/v10"

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
        params: dict[str, Any] = dict(request.query)
        if raw.startswith("{"):
            params.update(json.loads(raw))
        else:
            params.update(parse_qsl(raw))
        if method == "auth.test":
            return web.json_response(
                {"ok": True, "team_id": "T1", "user_id": "UBOT", "bot_id": "BBOT"}
            )
        if method == "conversations.open":
            users = str(params.get("users", ""))
            return web.json_response({"ok": True, "channel": {"id": "D" + users.replace(",", "")}})
        if method == "chat.postMessage":
            await self._pause("slack")
            channel = str(params.get("channel") or "")
            self._attribute("slack", unquote_plus(raw), channel.removeprefix("D"))
            self._last_ts = max(time.time(), self._last_ts + 1e-6)
            message: dict[str, Any] = {"type": "message", "ts": f"{self._last_ts:.6f}"}
            metadata = params.get("metadata")
            if metadata:
                message["metadata"] = (
                    json.loads(metadata) if isinstance(metadata, str) else metadata
                )
            self.slack_history.setdefault(str(params.get("channel")), []).append(message)
            return web.json_response({"ok": True, "channel": params.get("channel"), **message})
        if method == "conversations.history":
            self.slack_history_lookups += 1
            return web.json_response(self._slack_history(params))
        return web.json_response({"ok": False, "error": "unknown_method"})

    def _slack_history(self, params: dict[str, Any]) -> dict[str, Any]:
        """Newest first from `oldest`; metadata only with `include_all_metadata`."""
        oldest = float(params.get("oldest") or 0)
        limit = int(params.get("limit") or 100)
        start = int(params.get("cursor") or 0)
        with_metadata = str(params.get("include_all_metadata")) in {"1", "true", "True"}
        found = [
            m if with_metadata else {k: v for k, v in m.items() if k != "metadata"}
            for m in reversed(self.slack_history.get(str(params.get("channel")), []))
            if float(m["ts"]) >= oldest
        ]
        more = start + limit < len(found)
        return {
            "ok": True,
            "messages": found[start : start + limit],
            "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }

    # --- Discord -----------------------------------------------------------------------
    def _user(self, user_id: str, bot: bool = False) -> dict[str, Any]:
        return {
            "id": user_id,
            "username": f"u{user_id}",
            "discriminator": "0",
            "global_name": None,
            "avatar": None,
            "bot": bot,
        }

    async def discord_me(self, request: web.Request) -> web.Response:
        return _discord_json(self._user("4242", bot=True))

    async def discord_app(self, request: web.Request) -> web.Response:
        return _discord_json(
            {
                "id": "4242",
                "name": "Inroads",
                "description": "",
                "icon": None,
                "bot_public": False,
                "bot_require_code_grant": False,
                "owner": self._user("1"),
                "verify_key": "00",
                "flags": 0,
            }
        )

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
        nonce = body.get("nonce")
        now = time.monotonic()
        if nonce and body.get("enforce_nonce"):
            seen = self._nonces.get(str(nonce))
            if seen and now - seen[0] < NONCE_WINDOW_SECONDS:
                self.nonce_hits += 1
                self.nonce_hits_same_process += seen[2] == self.generation
                return _discord_json(seen[1])
        message = {
            "id": str(next(self._ids)),
            "channel_id": request.match_info["channel"],
            "author": self._user("4242", bot=True),
            "content": body.get("content", ""),
            "timestamp": "2026-11-22T05:00:00.000000+00:00",
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": body.get("embeds", []),
            "pinned": False,
            "type": 0,
            "nonce": nonce,
        }
        if nonce and body.get("enforce_nonce"):
            self._nonces[str(nonce)] = (now, message, self.generation)
        self._attribute("discord", raw, str(int(request.match_info["channel"]) - 1))
        return _discord_json(message)
