"""Finding a DM the bot already posted, by the message metadata it carries.

Every DM the notifier sends (and every group DM and channel post) carries Slack
message metadata: event type ``inroads_reminder`` and the send's idempotency key in its
payload. After a crash, a reminder whose send was in flight is looked up in the DM's
recent history (only messages since its in-flight mark, less a minute for the
difference between our clock and Slack's) before it is sent again; a match
introduction, in the pair's group DM.

Reading a DM's history needs the ``im:history`` scope (``mpim:history`` for a group
DM). An install without it (or any other refusal) makes the lookup unverifiable: the
dispatcher then sends again and counts it, rather than risk losing the reminder. A 429,
a network failure or a 5xx is transient: the reminder is retried later, and checked
first again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.messaging import as_delivery_error, open_dm
from bot.ports import DeliveryError
from bot.ports.delivery import DeliveryUnverifiable

EVENT_TYPE = "inroads_reminder"
#: Slack's clock and ours may differ a little: look this much further back.
CLOCK_SLACK_SECONDS = 60.0
PAGE_SIZE = 200
#: A DM with more messages than this since the mark is not a reminder DM we know.
MAX_PAGES = 5


def metadata_for(idempotency_key: str) -> dict[str, Any]:
    return {"event_type": EVENT_TYPE, "event_payload": {"key": idempotency_key}}


def _carries(message: dict[str, Any], idempotency_key: str) -> bool:
    metadata = message.get("metadata")
    if not isinstance(metadata, dict) or metadata.get("event_type") != EVENT_TYPE:
        return False
    payload = metadata.get("event_payload")
    return isinstance(payload, dict) and payload.get("key") == idempotency_key


async def find_in_dm(
    client: AsyncWebClient, user_ids: Sequence[str], idempotency_key: str, since: datetime
) -> str | None:
    """`channel:ts` of the bot's message carrying `idempotency_key` in its DM with
    `user_ids` (one person, or the group DM of a match introduction), or None."""
    oldest = f"{since.timestamp() - CLOCK_SLACK_SECONDS:.6f}"
    try:
        channel = await open_dm(client, list(user_ids))
        cursor: str | None = None
        for _ in range(MAX_PAGES):
            page = await client.conversations_history(
                channel=channel,
                oldest=oldest,
                include_all_metadata=True,
                limit=PAGE_SIZE,
                cursor=cursor,
            )
            for message in page.get("messages") or []:
                if isinstance(message, dict) and _carries(message, idempotency_key):
                    return f"{channel}:{message.get('ts', '')}"
            cursor = (page.get("response_metadata") or {}).get("next_cursor") or None
            if not page.get("has_more") or not cursor:
                return None
    except (SlackApiError, SlackRequestError, aiohttp.ClientError, TimeoutError) as exc:
        error = as_delivery_error(exc)
        refused = isinstance(exc, SlackApiError) and exc.response.status_code < 500
        if not refused or error.retry_after is not None:
            # Rate limited, network trouble, Slack's own 5xx: ask again later.
            raise DeliveryError(
                error.reason, permanent=False, retry_after=error.retry_after
            ) from None
        raise DeliveryUnverifiable(
            f"Slack refused to show the DM's history ({error.reason})"
        ) from None
    raise DeliveryUnverifiable(f"the DM has over {MAX_PAGES * PAGE_SIZE} messages since then")
