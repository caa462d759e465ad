"""Slack Web API behaviour shared by every fake Slack (tests and benchmarks).

Each fake differs in what it checks and records; what Slack answers is the same, so it
is written once here: `auth.test`'s identity, the DM channel of `conversations.open`,
`chat.postMessage`'s unique ts, and `conversations.history` (newest first, metadata only
on request, cursor paging), which the restart-safe delivery check reads.
"""

from __future__ import annotations

import json
import time
from typing import Any

from aiohttp import web


def auth_test(team_id: str, user_id: str, bot_id: str, **extra: str) -> dict[str, Any]:
    """`auth.test`'s answer (without `ok`): who the token belongs to."""
    return {"team_id": team_id, "user_id": user_id, "bot_id": bot_id, **extra}


def dm_channel_id(users: object, *, upper: bool = False, limit: int | None = None) -> str:
    """A stable DM channel id per set of `users` ("D" + their ids), as the bot only needs
    the same person to get the same channel."""
    joined = str(users or "").replace(",", "")
    if upper:
        joined = joined.upper()
    return "D" + (joined[:limit] if limit is not None else joined)


async def read_params(request: web.Request) -> dict[str, Any]:
    """A Web API call's arguments: query string plus a form or JSON body, as Slack reads
    them (slack_sdk sends forms, some calls JSON)."""
    params: dict[str, Any] = dict(request.query)
    if request.method == "POST" and request.body_exists:  # read already by a caller, too
        raw = await request.text()
        if request.content_type == "application/json" or raw.startswith("{"):
            params.update(json.loads(raw))
        else:
            params.update(dict(await request.post()))
    return params


class SlackHistory:
    """The messages the bot posted, per channel, as `conversations.history` serves them."""

    def __init__(self) -> None:
        #: channel -> messages posted there, oldest first.
        self.channels: dict[str, list[dict[str, Any]]] = {}
        self._last_ts = 0.0

    def next_ts(self) -> str:
        """Slack's ts is the time of posting, unique within the channel."""
        self._last_ts = max(time.time(), self._last_ts + 1e-6)
        return f"{self._last_ts:.6f}"

    def post(self, channel: str, message: dict[str, Any]) -> dict[str, Any]:
        """Stamp `message` with a fresh ts and keep it in `channel`'s history."""
        message["ts"] = self.next_ts()
        self.channels.setdefault(channel, []).append(message)
        return message

    def page(self, params: dict[str, Any]) -> dict[str, Any]:
        """Newest first, from `oldest` on; message metadata only with
        `include_all_metadata` (Slack leaves it out otherwise); cursor paging."""
        oldest = float(params.get("oldest") or 0)
        limit = int(params.get("limit") or 100)
        start = int(params.get("cursor") or 0)
        wanted = str(params.get("include_all_metadata", "")).lower() in {"1", "true"}
        found = [
            m if wanted else {k: v for k, v in m.items() if k != "metadata"}
            for m in reversed(self.channels.get(str(params.get("channel")), []))
            if float(m["ts"]) >= oldest
        ]
        more = start + limit < len(found)
        return {
            "messages": found[start : start + limit],
            "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""},
        }


def slack_error(
    error: str, status: int = 200, headers: dict[str, str] | None = None
) -> web.Response:
    """A refused call as Slack answers it: `ok: false` and the error code, usually with a
    200; a rate limit is a 429 with `Retry-After` (see `ratelimited`)."""
    return web.json_response({"ok": False, "error": error}, status=status, headers=headers)


def ratelimited(seconds: float) -> web.Response:
    """Slack's 429: whole seconds in `Retry-After`, which slack_sdk waits out."""
    return slack_error("ratelimited", 429, {"Retry-After": str(int(seconds))})
