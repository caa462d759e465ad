"""How one Slack command, click, form or App Home visit is answered: Slack's
`adapters.inbound.Surface`s.

Slack keeps only its own timing and transport here: the request was acked (and maybe
queued) before the command ran, so an answer goes to its response_url while that lives
(30 minutes), else to the person's DM; a form's refusal goes on the form while its ack
still waits. Whether it is private, public or in place, the bound and the apology are
the shared pipeline's.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.inbound import Visibility
from adapters.slack.intake import answer_privately, apologise
from adapters.slack.messaging import answer, open_dm, send_to_user, upload_files
from adapters.slack.people import TimezoneLearner
from adapters.slack.render import fallback_text, render_blocks
from adapters.slack.waiters import FormWaiters
from bot.domain import Actor
from bot.reply import Reply

PublishHome = Callable[[AsyncWebClient, Actor], Awaitable[None]]


class _SlackSurface:
    def __init__(self, client: AsyncWebClient, actor: Actor, response_url: str) -> None:
        self.client = client
        self.actor = actor
        self.response_url = response_url

    async def first_contact(self, actor: Actor) -> None:
        return None

    async def files_to_dm(self, reply: Reply) -> None:
        await upload_files(self.client, await open_dm(self.client, [self.actor.user_id]), reply)

    async def apologise(self, reply: Reply) -> None:
        """At the response_url, or, without one, by DM."""
        await apologise(self.client, self.response_url, self.actor.user_id)


class CommandSurface(_SlackSurface):
    """A slash command's answer: at its response_url (ephemeral, or in the channel when
    public), or by DM once the response_url is dead (a command resumed from the inbox)."""

    def __init__(
        self,
        client: AsyncWebClient,
        actor: Actor,
        response_url: str,
        learner: TimezoneLearner,
    ) -> None:
        super().__init__(client, actor, response_url)
        self.learner = learner

    async def first_contact(self, actor: Actor) -> None:
        # Learn their zone from the Slack profile before "yesterday 3pm" is read.
        await self.learner.first_contact(self.client, actor)

    async def answer(self, reply: Reply, visibility: Visibility) -> None:
        if not self.response_url:
            await send_to_user(self.client, self.actor.user_id, reply)
            return
        public = visibility is Visibility.PUBLIC
        response_type = "in_channel" if public else "ephemeral"
        await answer(self.client, self.response_url, reply, response_type=response_type)


class ClickSurface(_SlackSurface):
    """A button's answer. In place: the clicked message is replaced (an ephemeral one
    through its response_url, a posted one with chat.update); an App Home click is
    answered by DM and Home redrawn. Private: a reply only the clicker sees."""

    def __init__(
        self,
        client: AsyncWebClient,
        actor: Actor,
        response_url: str,
        container: dict[str, Any],
        publish_home: PublishHome,
    ) -> None:
        super().__init__(client, actor, response_url)
        self.container = container
        self.publish_home = publish_home

    async def answer(self, reply: Reply, visibility: Visibility) -> None:
        user_id, container = self.actor.user_id, self.container
        if visibility is not Visibility.IN_PLACE:
            await answer_privately(
                self.client,
                user_id,
                self.response_url,
                reply,
                response_type="ephemeral",
                replace_original=False,
            )
        elif container.get("type") == "view":
            await send_to_user(self.client, user_id, reply)
            await self.publish_home(self.client, self.actor)
        elif container.get("is_ephemeral") or "channel_id" not in container:
            await answer_privately(
                self.client, user_id, self.response_url, reply, replace_original=True
            )
        else:
            await self.client.chat_update(
                channel=container["channel_id"],
                ts=container["message_ts"],
                text=fallback_text(reply),
                blocks=render_blocks(reply),
            )


class FormSurface(_SlackSurface):
    """A submitted form's answer. A refusal goes on the form while its ack still waits
    for it (the form stays open with what was typed); anything else, and the apology,
    by DM once the form has closed. A DM carries its files, so none follow."""

    def __init__(
        self, client: AsyncWebClient, actor: Actor, waiters: FormWaiters, waiter: str
    ) -> None:
        super().__init__(client, actor, "")
        self.waiters = waiters
        self.waiter = waiter

    async def answer(self, reply: Reply, visibility: Visibility) -> None:
        if reply.is_error and self.waiters.deliver(self.waiter, reply):
            return  # shown on the form, which is still open
        self.waiters.deliver(self.waiter, None)  # the form closes; the answer follows
        await send_to_user(self.client, self.actor.user_id, reply)

    async def files_to_dm(self, reply: Reply) -> None:
        return None  # the DM that answered carried them

    async def apologise(self, reply: Reply) -> None:
        self.waiters.deliver(self.waiter, None)
        await send_to_user(self.client, self.actor.user_id, reply)


class HomeSurface(_SlackSurface):
    """An App Home visit: the person's zone is learned first, as for a command; Home is
    published by the work itself, and a failure says nothing (the next visit redraws)."""

    def __init__(self, client: AsyncWebClient, actor: Actor, learner: TimezoneLearner) -> None:
        super().__init__(client, actor, "")
        self.learner = learner

    async def first_contact(self, actor: Actor) -> None:
        await self.learner.first_contact(self.client, actor)

    async def answer(self, reply: Reply, visibility: Visibility) -> None:
        return None

    async def files_to_dm(self, reply: Reply) -> None:
        return None

    async def apologise(self, reply: Reply) -> None:
        return None
