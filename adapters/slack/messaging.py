"""Post a rendered Reply to someone's DM, with its files, and map Slack's errors.

Shared by the Notifier (reminders, match intros) and by listeners that answer outside
the original surface (a modal submission, an App Home button).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.render import fallback_text, render_blocks
from bot.ports import DeliveryError
from bot.reply import Reply

log = logging.getLogger(__name__)

#: Slack errors that will not go away by retrying: the person cannot be messaged.
PERMANENT_ERRORS = frozenset(
    {
        "cannot_dm_bot",
        "user_not_found",
        "users_not_found",
        "account_inactive",
        "channel_not_found",
        "is_archived",
        "user_disabled",
        "not_in_channel",
        "invalid_auth",
        "token_revoked",
        "missing_scope",
    }
)


async def answer(client: AsyncWebClient, response_url: str, reply: Reply, **options: Any) -> None:
    """Answer a command or button at its `response_url`, over `client.session`: the
    process's shared HTTP session once the Slack component has started. (bolt's
    `respond` opens a new session, so a new connection, for every answer.)

    Posted with aiohttp itself: slack_sdk's webhook client built retry and response
    objects around each post, a sizeable share of an answer's CPU under load, for one
    thing kept here: a post that could not connect is tried once more.

    `options` are the response_url fields: `response_type`, `replace_original`. An
    `in_channel` answer is seen by everyone there, so its buttons are marked shared."""
    if not response_url:
        log.warning("no response_url to answer at; the reply is dropped")
        return
    shared = options.get("response_type") == "in_channel"
    body = {"text": fallback_text(reply), "blocks": render_blocks(reply, shared=shared)}
    data = json.dumps(body | {k: v for k, v in options.items() if v is not None}).encode()
    session = client.session
    if session is None or session.closed:  # before the component started (tests, tools)
        async with aiohttp.ClientSession() as own:
            status = await _post_answer(own, response_url, data, client.timeout)
    else:
        status = await _post_answer(session, response_url, data, client.timeout)
    if status != 200:
        log.warning("the response_url answered HTTP %s", status)


async def _post_answer(
    session: aiohttp.ClientSession, url: str, data: bytes, timeout_seconds: float
) -> int:
    timeout = aiohttp.ClientTimeout(total=timeout_seconds)
    for attempt in (1, 2):
        try:
            async with session.post(url, data=data, headers=_JSON, timeout=timeout) as response:
                await response.read()
                return response.status
        except aiohttp.ClientConnectionError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


_JSON = {"Content-Type": "application/json;charset=utf-8"}


def delivery_error(exc: SlackApiError) -> DeliveryError:
    """Translate a Slack API failure into the core's DeliveryError."""
    response = exc.response
    # A 5xx from a proxy or Slack's edge has a non-JSON body: `data` is then a string.
    data = response.data if isinstance(response.data, dict) else {}
    code = str(data.get("error", "") or f"http_{response.status_code}")
    if response.status_code == 429:
        header = response.headers.get("Retry-After") or response.headers.get("retry-after")
        retry_after = float(header) if header and str(header).isdigit() else 30.0
        return DeliveryError("rate_limited", permanent=False, retry_after=retry_after)
    return DeliveryError(code, permanent=code in PERMANENT_ERRORS)


async def open_dm(client: AsyncWebClient, user_ids: Sequence[str]) -> str:
    response = await client.conversations_open(users=",".join(user_ids))
    channel = response.get("channel") or {}
    return str(channel["id"])


async def post_reply(
    client: AsyncWebClient,
    channel: str,
    reply: Reply,
    *,
    shared: bool = False,
    metadata: dict[str, Any] | None = None,
) -> str:
    """Post blocks plus a text fallback; upload attachments into the same channel.
    `shared`: several people see the message (group DM, channel), so clicks on its
    buttons are answered privately (`adapters.slack.listeners`). `metadata`: Slack
    message metadata (`event_type`, `event_payload`), which the bot can find again in
    the conversation's history."""
    response = await client.chat_postMessage(
        channel=channel,
        text=fallback_text(reply),
        blocks=render_blocks(reply, shared=shared),
        metadata=metadata,
    )
    await upload_files(client, channel, reply)
    return f"{channel}:{response.get('ts', '')}"


async def upload_files(client: AsyncWebClient, channel: str, reply: Reply) -> None:
    if not reply.attachments:
        return
    await client.files_upload_v2(
        channel=channel,
        file_uploads=[
            {
                "content": attachment.content,
                "filename": attachment.filename,
                "title": attachment.title or attachment.filename,
            }
            for attachment in reply.attachments
        ],
    )


async def send_to_user(
    client: AsyncWebClient, user_id: str, reply: Reply, *, metadata: dict[str, Any] | None = None
) -> str:
    """DM one person; errors are logged (ids only) and re-raised as DeliveryError."""
    try:
        return await post_reply(client, await open_dm(client, [user_id]), reply, metadata=metadata)
    except (SlackApiError, SlackRequestError, aiohttp.ClientError, TimeoutError) as exc:
        error = as_delivery_error(exc)
        log.warning("Slack DM to %s failed: %s", user_id, error.reason)
        raise error from None


def as_delivery_error(exc: Exception) -> DeliveryError:
    """Slack's answer mapped by `delivery_error`; network trouble is transient."""
    if isinstance(exc, SlackApiError):
        return delivery_error(exc)
    return DeliveryError(f"network: {exc.__class__.__name__}", permanent=False)
