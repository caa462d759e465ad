"""Bolt listeners for App Home and the app's own lifecycle (uninstalls, revoked tokens).

Split from `adapters.slack.listeners` so that module stays about the requests a person
makes (commands, buttons, forms). None of these writes anything a person was promised,
so they run from memory after the ack (:class:`~adapters.slack.background.AfterAck`),
not through the inbox: a lost App Home refresh is redrawn on the next visit, and Slack
sends lifecycle events again until they are acked.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from adapters.inbound import Inbound
from adapters.slack.background import AfterAck
from adapters.slack.home import BROWSE, build_home
from adapters.slack.notifier import SLACK_PLATFORM
from adapters.slack.people import TimezoneLearner
from adapters.slack.surfaces import HomeSurface
from bot.dispatcher import Dispatcher
from bot.domain import Actor

log = logging.getLogger(__name__)

#: Called with (team_id, reason) when a workspace uninstalls the app or revokes its token.
WorkspaceGone = Callable[[str, str], Awaitable[None]]


class LifecycleListeners:
    """Mixed into :class:`~adapters.slack.listeners.SlackHandlers`, which holds these."""

    dispatcher: Dispatcher
    learner: TimezoneLearner
    on_workspace_gone: WorkspaceGone | None
    after_ack: AfterAck
    inbound: Inbound

    async def on_home(
        self,
        event: dict[str, Any],
        body: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        if event.get("tab", "home") != "home":
            return
        actor = Actor(SLACK_PLATFORM, str(body.get("team_id", "")), str(event["user"]))
        self.after_ack.start(self._home(client, actor), name="slack-home", context=context)

    async def _home(self, client: AsyncWebClient, actor: Actor) -> None:
        """Through the shared pipeline: bounded as commands are, the zone learned first,
        a failure logged with ids only."""
        surface = HomeSurface(client, actor, self.learner)

        async def publish() -> None:
            await self._publish_home(client, actor)

        await self.inbound.work(actor, publish, surface, where="publishing App Home")

    async def _publish_home(
        self, client: AsyncWebClient, actor: Actor, browse: str = BROWSE
    ) -> None:
        view = await build_home(self.dispatcher, actor, browse)
        await client.views_publish(user_id=actor.user_id, view=view)

    async def on_uninstalled(self, body: dict[str, Any], context: AsyncBoltContext) -> None:
        team = str(body.get("team_id", ""))
        gone = self._gone(team, "app_uninstalled")
        self.after_ack.start(gone, name="slack-uninstalled", context=context)

    async def on_tokens_revoked(
        self, event: dict[str, Any], body: dict[str, Any], context: AsyncBoltContext
    ) -> None:
        if (event.get("tokens") or {}).get("bot"):
            team = str(body.get("team_id", ""))
            gone = self._gone(team, "tokens_revoked")
            self.after_ack.start(gone, name="slack-revoked", context=context)

    async def _gone(self, team_id: str, reason: str) -> None:
        if self.on_workspace_gone is None or not team_id:
            return
        try:
            await self.on_workspace_gone(team_id, reason)
        except Exception:
            log.exception("handling %s for team %s failed", reason, team_id)
