"""Discord REST API behaviour shared by every fake Discord (tests and benchmarks).

The objects Discord answers with (users, applications, messages), its error and 429
bodies, and `enforce_nonce` (a nonce the same bot used in the past few minutes returns
that message and posts none) are written once here, so the strict fake of the tests,
the scripted one of the fault tests and the soak benchmark's cannot disagree.
"""

from __future__ import annotations

import json
import time
from typing import Any

from aiohttp import web

JSON = "application/json"
#: How long Discord remembers an enforced nonce ("the past few minutes").
NONCE_WINDOW_SECONDS = 300.0
TIMESTAMP = "2026-11-22T05:00:00.000000+00:00"


def answer(data: Any, status: int = 200, via: bool = True) -> web.Response:
    """Discord's answers pass its proxy (`Via`); a 429 without it is Cloudflare's ban page.
    The content type is exactly `application/json`: discord.py reads `...; charset=utf-8`
    as text, so aiohttp's json_response will not do."""
    headers = {"Content-Type": JSON}
    if via:
        headers["Via"] = "1.1 google"
    return web.Response(body=json.dumps(data).encode(), status=status, headers=headers)


def discord_error(status: int, code: int, message: str, errors: Any = None) -> web.Response:
    """Discord's error JSON (`code`, `message`, and `errors` for a form that failed)."""
    body: dict[str, Any] = {"code": code, "message": message}
    if errors is not None:
        body["errors"] = errors
    return answer(body, status)


def rate_limited(seconds: float, *, bucket: str = "dm", scope: str = "user") -> web.Response:
    """An API 429 (through Discord's proxy, so not a Cloudflare ban) with every header
    discord.py reads to wait it out."""
    body = {"message": "You are being rate limited.", "retry_after": seconds, "global": False}
    response = answer(body, 429)
    response.headers.update(
        {
            "Retry-After": str(seconds),
            "X-RateLimit-Limit": "5",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset-After": str(seconds),
            "X-RateLimit-Bucket": bucket,
            "X-RateLimit-Scope": scope,
        }
    )
    return response


def user_payload(
    user_id: str, name: str = "someone", *, bot: bool = False, global_name: str | None = None
) -> dict[str, Any]:
    """A Discord user object."""
    return {
        "id": user_id,
        "username": name,
        "global_name": global_name,
        "discriminator": "0",
        "avatar": None,
        "bot": bot,
    }


def application_payload(app_id: str, owner: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """`GET /oauth2/applications/@me`: the bot's application, owned by `owner`."""
    return {
        "id": app_id,
        "name": "Inroads",
        "description": "",
        "icon": None,
        "bot_public": False,
        "bot_require_code_grant": False,
        "owner": owner,
        "verify_key": "00",
        "flags": 0,
        **fields,
    }


def message_payload(
    message_id: str, channel_id: str, author: dict[str, Any], body: dict[str, Any]
) -> dict[str, Any]:
    """The message object Discord answers a post with, built from the post's `body`."""
    message: dict[str, Any] = {
        "id": message_id,
        "channel_id": channel_id,
        "type": 0,
        "content": body.get("content") or "",
        "author": author,
        "attachments": [],
        "embeds": body.get("embeds") or [],
        "components": body.get("components") or [],
        "mentions": [],
        "mention_roles": [],
        "mention_everyone": False,
        "pinned": False,
        "tts": False,
        "timestamp": TIMESTAMP,
        "edited_timestamp": None,
        "flags": body.get("flags") or 0,
    }
    if "nonce" in body:
        message["nonce"] = body["nonce"]
    return message


class NonceMemory:
    """Discord's `enforce_nonce`: within the window, a nonce the bot already used returns
    the first message instead of posting again. Without `enforce_nonce` the nonce is only
    echoed back, and the message is posted again."""

    def __init__(self, window: float = NONCE_WINDOW_SECONDS) -> None:
        self.window = window
        self._seen: dict[str, tuple[float, dict[str, Any]]] = {}

    def earlier(self, body: dict[str, Any]) -> dict[str, Any] | None:
        """The message an enforced nonce of `body` already made, if still remembered."""
        nonce = body.get("nonce")
        if not nonce or not body.get("enforce_nonce"):
            return None
        seen = self._seen.get(str(nonce))
        if seen is None or time.monotonic() - seen[0] >= self.window:
            return None
        return seen[1]

    def remember(self, body: dict[str, Any], message: dict[str, Any]) -> None:
        """Keep `message` as the answer to `body`'s nonce, when it is enforced."""
        nonce = body.get("nonce")
        if nonce and body.get("enforce_nonce"):
            self._seen[str(nonce)] = (time.monotonic(), message)
