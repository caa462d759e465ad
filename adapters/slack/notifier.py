"""The Slack Notifier: messages the bot starts on its own (reminders, match intros).

Registered on `app.notifier` for platform "slack". Tokens are per workspace (one bot
token, or the OAuth installation of that team), looked up through a `TokenSource`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.client import RateLimitCounter, make_client
from adapters.slack.messaging import as_delivery_error, open_dm, post_reply, send_to_user
from bot.domain import Actor
from bot.ports import DeliveryError
from bot.reply import Reply

SLACK_PLATFORM = "slack"

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
        return await send_to_user(client, recipient.user_id, reply)

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
            return await post_reply(client, channel, reply)
        except (SlackApiError, SlackRequestError, aiohttp.ClientError, TimeoutError) as exc:
            raise as_delivery_error(exc) from None
