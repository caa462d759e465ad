"""The Slack Notifier: messages the bot starts on its own (reminders, match intros,
round announcements).

Registered on `app.notifier` for platform "slack". Tokens are per workspace (one bot
token, or the OAuth installation of that team), looked up through a `TokenSource`.
Channel posts go by id when the admin's setting carries one (`<#C0123|name>`, `C0123`),
since ids survive renames; a bare `#name` is handed to chat.postMessage, which accepts
channel names too. With the `chat:write.public` scope the bot can post in any public
channel without joining it; a private channel needs the app invited (`not_in_channel`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.client import RateLimitCounter, make_client
from adapters.slack.history import find_in_dm, metadata_for
from adapters.slack.messaging import as_delivery_error, open_dm, post_reply, send_to_user
from bot.channels import parse_channel
from bot.domain import Actor
from bot.ports import DeliveryError
from bot.reply import Reply

SLACK_PLATFORM = "slack"

log = logging.getLogger(__name__)

#: team_id -> bot token for that workspace, or None when the app is not installed there.
TokenSource = Callable[[str], Awaitable[str | None]]


class SlackNotifier:
    def __init__(
        self, api_url: str, tokens: TokenSource, *, on_rate_limited: RateLimitCounter | None = None
    ) -> None:
        self.api_url = api_url
        self.tokens = tokens
        self.on_rate_limited = on_rate_limited
        #: Set by SlackComponent.start: one connection pool for every DM.
        self.session: aiohttp.ClientSession | None = None

    async def _client_for(self, workspace_id: str) -> AsyncWebClient:
        token = await self.tokens(workspace_id)
        if not token:
            raise DeliveryError("app not installed in this workspace", permanent=True)
        return make_client(
            self.api_url, token, on_rate_limited=self.on_rate_limited, session=self.session
        )

    async def send_dm(self, recipient: Actor, reply: Reply, *, idempotency_key: str) -> str:
        client = await self._client_for(recipient.workspace_id)
        return await send_to_user(
            client, recipient.user_id, reply, metadata=metadata_for(idempotency_key)
        )

    async def find_delivered(
        self, recipient: Actor, *, idempotency_key: str, since: datetime
    ) -> str | None:
        """The DM `idempotency_key` produced since `since`, found by its message metadata
        in the DM's history (:mod:`adapters.slack.history`)."""
        client = await self._client_for(recipient.workspace_id)
        return await find_in_dm(client, [recipient.user_id], idempotency_key, since)

    async def find_delivered_group(
        self, members: Sequence[Actor], *, idempotency_key: str, since: datetime
    ) -> str | None:
        """The same, in the group DM of `members` (a match introduction)."""
        if not members:
            return None
        client = await self._client_for(members[0].workspace_id)
        return await find_in_dm(client, [m.user_id for m in members], idempotency_key, since)

    async def send_group(
        self, members: Sequence[Actor], reply: Reply, *, idempotency_key: str
    ) -> str:
        if not members:
            raise DeliveryError("a group message needs at least one member", permanent=True)
        workspaces = {m.workspace_id for m in members}
        if len(workspaces) != 1:
            raise DeliveryError("group members are in different workspaces", permanent=True)
        client = await self._client_for(members[0].workspace_id)
        try:
            channel = await open_dm(client, [m.user_id for m in members])
            return await post_reply(
                client, channel, reply, shared=True, metadata=metadata_for(idempotency_key)
            )
        except (SlackApiError, SlackRequestError, aiohttp.ClientError, TimeoutError) as exc:
            raise as_delivery_error(exc) from None

    async def post_to_channel(
        self, platform: str, workspace_id: str, channel: str, reply: Reply, *, idempotency_key: str
    ) -> str:
        target = slack_channel(channel)
        client = await self._client_for(workspace_id)
        try:
            return await post_reply(
                client, target, reply, shared=True, metadata=metadata_for(idempotency_key)
            )
        except (SlackApiError, SlackRequestError, aiohttp.ClientError, TimeoutError) as exc:
            error = as_delivery_error(exc)
            log.warning("Slack post to channel %s failed: %s", target, error.reason)
            raise error from None


def slack_channel(setting: str) -> str:
    """What chat.postMessage's `channel` takes: the id if the setting has one, else `#name`."""
    ref = parse_channel(setting)
    if ref is None or (ref.id and ref.id.isdigit()):  # a Discord snowflake is no Slack id
        raise DeliveryError("that is not a Slack channel", permanent=True)
    return ref.id or f"#{ref.name}"
