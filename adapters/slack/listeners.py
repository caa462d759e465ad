"""Bolt listeners: translate Slack events into command text, render replies back.

Every listener acks first (Slack's 3-second limit), hands its work to
:class:`~adapters.slack.background.AfterAck` and returns, so bolt answers Slack at once
(see that module for why bolt's own background runner is not used). Failures in the work
are caught, logged with ids only, and answered with an apology, never left silent.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.background import AfterAck
from adapters.slack.home import build_home
from adapters.slack.inbox import Inbox
from adapters.slack.intake import (
    ACK_TEXTS,
    QUEUED_FIELDS,
    RESPONSE_URL_SECONDS,
    TRIGGER_SECONDS,
    actor_of,
    apologise,
    log_ids,
    shared_message,
)
from adapters.slack.messaging import answer, open_dm, send_to_user, upload_files
from adapters.slack.modals import (
    CALLBACK_ID,
    build_view,
    errors_for_reply,
    form_for,
    read_state,
    validate,
)
from adapters.slack.notifier import SLACK_PLATFORM
from adapters.slack.people import TimezoneLearner
from adapters.slack.render import (
    ACTION_ID_PATTERN,
    fallback_text,
    render_blocks,
    to_dicts,
    unescape,
)
from adapters.slack.replay import is_replay
from bot.dispatcher import INTERNAL_ERROR_TEXT, Dispatcher
from bot.domain import Actor
from bot.reply import Reply, error_reply, read_payload
from storage.inbox import InboxEntry, NewEntry, armed

log = logging.getLogger(__name__)

COMMAND_GROUPS = (
    "interview",
    "contact",
    "questions",
    "outreach",
    "checkin",
    "actions",
    "mentor",
    "people",
    "inroads",
)

#: Called with (team_id, reason) when a workspace uninstalls the app or revokes its token.
WorkspaceGone = Callable[[str, str], Awaitable[None]]


#: Work after ack that may run at once. Bolt starts every listener as its own task; with no
#: bound a burst of commands drains the database pool, and waits past the pool's timeout
#: fail commands that were already acked. Queued work waits here instead (a response_url
#: stays valid for 30 minutes). Kept below the engine's kept connections
#: (`storage.engine.POOL_SIZE`) so the reminder dispatcher and the replay ledger always
#: find one without opening a new connection.
MAX_CONCURRENT_WORK = 12

#: How long a form submission may run before its ack (Slack allows 3 s in all). Slower
#: work is acked first and answered by DM, as commands are.
FORM_ANSWER_SECONDS = 2.0


@dataclass
class SlackHandlers:
    dispatcher: Dispatcher
    learner: TimezoneLearner
    on_workspace_gone: WorkspaceGone | None = None
    max_concurrent_work: int = MAX_CONCURRENT_WORK
    after_ack: AfterAck = field(default_factory=AfterAck)
    #: Where acked slash commands wait (durable, fair, bounded); set by the component,
    #: used once it has started. Before that (tests that never start the component),
    #: commands run straight after the ack.
    inbox: Inbox | None = None
    _slots: asyncio.Semaphore = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._slots = asyncio.Semaphore(self.max_concurrent_work)

    def register(self, app: AsyncApp) -> None:
        for group in COMMAND_GROUPS:
            app.command(f"/{group}")(self.on_command)
        app.action(ACTION_ID_PATTERN)(self.on_button)
        app.view(CALLBACK_ID)(self.on_submit)
        app.event("app_home_opened")(self.on_home)
        app.event("app_uninstalled")(self.on_uninstalled)
        app.event("tokens_revoked")(self.on_tokens_revoked)

    # --- slash commands -------------------------------------------------------------

    async def on_command(
        self,
        ack: AsyncAck,
        command: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        if self.inbox is None or not self.inbox.started:
            await ack()
            work = self._command(command, client)
            self.after_ack.start(work, name="slack-command", context=context)
            return
        if await is_replay(context):  # another replica took it: nothing is written
            await ack()
            return
        kept = {key: str(command.get(key) or "") for key in QUEUED_FIELDS}
        offer = await self.inbox.offer(
            NewEntry(
                SLACK_PLATFORM,
                kept["team_id"],
                kept["user_id"],
                "command",
                kept,
                self.inbox.now(),
            )
        )
        text = ACK_TEXTS.get(offer)
        await (ack(text=text) if text else ack())

    async def run_queued(self, entry: InboxEntry, client: AsyncWebClient, age: float) -> None:
        """Run a command from the inbox, `age` seconds after Slack sent it."""
        await self._command(entry.payload, client, age=age)

    async def _command(
        self,
        command: dict[str, Any],
        client: AsyncWebClient,
        *,
        age: float = 0.0,
    ) -> None:
        actor = Actor(
            SLACK_PLATFORM,
            str(command.get("team_id") or ""),
            str(command.get("user_id") or ""),
            str(command.get("user_name") or ""),
        )
        group = str(command.get("command") or "").lstrip("/")
        text = unescape(str(command.get("text") or "")).strip()
        line = "help" if group == "inroads" and not text else f"{group} {text}".strip()
        # After 30 minutes the response_url is dead: answer in a DM instead.
        response_url = "" if age >= RESPONSE_URL_SECONDS else str(command.get("response_url") or "")
        trigger = command.get("trigger_id") if age < TRIGGER_SECONDS else None
        try:
            # A form first: its trigger_id expires three seconds after the command.
            if await self._maybe_open_form(client, line, trigger or None, actor):
                async with self._slots:
                    await self.learner.first_contact(client, actor)
                return
            async with self._slots:
                await self.learner.first_contact(client, actor)  # before "yesterday 3pm"
                # The command's writes and its inbox row's deletion commit together, so a
                # stop or crash before the answer never runs it twice.
                with armed():
                    reply = await self.dispatcher.run_text(actor, line)
            if not response_url:
                await send_to_user(client, actor.user_id, reply)
            else:
                response_type = "ephemeral" if reply.ephemeral else "in_channel"
                await answer(client, response_url, reply, response_type=response_type)
            await self._files_to_dm(client, actor, reply)
        except Exception:
            log.exception("Slack command %s failed", group, extra=log_ids(actor))
            if response_url:
                await apologise(client, response_url)
            else:
                with contextlib.suppress(Exception):
                    await send_to_user(client, actor.user_id, error_reply(INTERNAL_ERROR_TEXT))

    async def _maybe_open_form(
        self, client: AsyncWebClient, line: str, trigger_id: str | None, actor: Actor
    ) -> bool:
        found = form_for(self.dispatcher, " ".join(line.lower().split()))
        if found is None or not trigger_id:
            return False
        form, spec = found
        view = build_view(form, spec, {"team": actor.workspace_id})
        await client.views_open(trigger_id=trigger_id, view=view)
        return True

    async def _files_to_dm(self, client: AsyncWebClient, actor: Actor, reply: Reply) -> None:
        if reply.attachments:
            await upload_files(client, await open_dm(client, [actor.user_id]), reply)

    # --- buttons ----------------------------------------------------------------------

    async def on_button(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        await ack()
        work = self._button(body, action, client)
        self.after_ack.start(work, name="slack-button", context=context)

    async def _button(
        self, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient
    ) -> None:
        actor = actor_of(body)
        response_url = str(body.get("response_url") or "")
        target, command = read_payload(str(action.get("value") or ""))
        container = body.get("container") or {}
        try:
            if await self._maybe_open_form(client, command, body.get("trigger_id"), actor):
                return
            async with self._slots:
                reply = await self.dispatcher.run_text(actor, command, expects=target)
            if container.get("type") == "view":  # App Home: answer in DM, refresh Home
                await send_to_user(client, actor.user_id, reply)
                await self._publish_home(client, actor)
                return
            if shared_message(action, container):
                # Others see this message: the answer is the clicker's alone, and the
                # message stays as it is for everyone else.
                await answer(
                    client, response_url, reply, response_type="ephemeral", replace_original=False
                )
            elif container.get("is_ephemeral") or "channel_id" not in container:
                await answer(client, response_url, reply, replace_original=True)
            else:
                await client.chat_update(
                    channel=container["channel_id"],
                    ts=container["message_ts"],
                    text=fallback_text(reply),
                    blocks=to_dicts(render_blocks(reply)),
                )
            await self._files_to_dm(client, actor, reply)
        except Exception:
            log.exception("Slack button failed", extra=log_ids(actor))
            await apologise(client, response_url)

    # --- modals -----------------------------------------------------------------------

    async def on_submit(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        view: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        if await is_replay(context):  # this one runs the command before its ack
            await ack()
            return
        actor = actor_of(body)
        metadata = json.loads(view.get("private_metadata") or "{}")
        found = form_for(self.dispatcher, str(metadata.get("form", "")))
        if found is None:
            await ack()
            gone = error_reply("That form is no longer available.")
            self.after_ack.start(self._dm(client, actor, gone), name="slack-form")
            return
        form, spec = found
        values = read_state(view.get("state") or {}, form, spec)
        text, errors = validate(self.dispatcher, form, spec, values, actor)
        if errors:
            await ack(response_action="errors", errors=errors)
            return
        # Run the command before the ack when it is quick (it almost always is), so a
        # refusal only the handler can make shows on the form, which keeps what was
        # typed, instead of a DM after the form has closed.
        work = asyncio.create_task(self._run_limited(actor, text))
        done, _ = await asyncio.wait({work}, timeout=FORM_ANSWER_SECONDS)
        if done and work.exception() is None and work.result().is_error:
            await ack(
                response_action="errors",
                errors=errors_for_reply(form, spec, values, work.result()),
            )
            return
        await ack()
        self.after_ack.start(self._dm(client, actor, work), name="slack-form")

    async def _dm(
        self, client: AsyncWebClient, actor: Actor, reply: Reply | asyncio.Task[Reply]
    ) -> None:
        """Send the form's answer by DM (the form has closed), once it is ready."""
        try:
            if isinstance(reply, asyncio.Task):
                reply = await reply
            await send_to_user(client, actor.user_id, reply)
        except Exception:
            log.exception("Slack form submission failed", extra=log_ids(actor))

    async def _run_limited(self, actor: Actor, text: str) -> Reply:
        async with self._slots:
            return await self.dispatcher.run_text(actor, text)

    # --- App Home and lifecycle -------------------------------------------------------

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
        try:
            await self.learner.first_contact(client, actor)
            await self._publish_home(client, actor)
        except Exception:
            log.exception("publishing App Home failed", extra=log_ids(actor))

    async def _publish_home(self, client: AsyncWebClient, actor: Actor) -> None:
        view = await build_home(self.dispatcher, actor)
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
