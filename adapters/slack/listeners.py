"""Bolt listeners: translate Slack events into command text, render replies back.

Slash commands, button clicks and form submissions are acknowledged work: each is written
to the inbox (`adapters.slack.inbox`, its own `kind`) before the ack, run fairly by its
workers, handed back at a stop and resumed by the next process, and answered once. What
must happen inside the ack stays there: a form's validation errors, and a refusal only
the handler can make, shown on the form (`adapters.slack.waiters`). Opening a form is
not written anywhere (its trigger_id lives three seconds) and runs straight after the
ack, with :class:`~adapters.slack.background.AfterAck` (see that module for why bolt's
own background runner is not used), as App Home does (`adapters.slack.lifecycle`).
Running a command or a click, and what is decided around it (the bound, first contact,
the crash apology logged with ids only, private or public, files to the DM), is the
shared pipeline's (`adapters.inbound`); this module keeps Slack's timing: the ack, the
inbox, forms and the response_url (`adapters.slack.surfaces`).
"""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass, field
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.async_context import AsyncBoltContext
from slack_sdk.web.async_client import AsyncWebClient

from adapters.inbound import MAX_CONCURRENT_WORK as INBOUND_MAX
from adapters.inbound import Inbound, Request
from adapters.slack.background import AfterAck
from adapters.slack.home import is_browse
from adapters.slack.inbox import Inbox, Offer
from adapters.slack.intake import (
    ACK_TEXTS,
    KIND_BUTTON,
    KIND_COMMAND,
    KIND_FORM,
    QUEUED_FIELDS,
    RESPONSE_URL_SECONDS,
    TRIGGER_SECONDS,
    actor_of,
    click_note,
    click_payload,
    form_payload,
    form_request,
    log_ids,
    queued_actor,
    shared_message,
)
from adapters.slack.lifecycle import LifecycleListeners, WorkspaceGone
from adapters.slack.messaging import send_to_user
from adapters.slack.modals import (
    CALLBACK_ID,
    Form,
    build_view,
    errors_for_reply,
    form_for,
    given_of,
    read_state,
    slack_form,
    typed_values,
    validate,
)
from adapters.slack.notifier import SLACK_PLATFORM
from adapters.slack.people import TimezoneLearner
from adapters.slack.render import (
    ACTION_ID_PATTERN,
    unescape,
)
from adapters.slack.replay import is_replay
from adapters.slack.shortcuts import ShortcutListeners
from adapters.slack.surfaces import ClickSurface, CommandSurface, FormSurface
from adapters.slack.waiters import FormWaiters
from bot.commands import AnySpec
from bot.dispatcher import Dispatcher
from bot.domain import Actor
from bot.prefill import open_on_record, record_form
from bot.reply import Reply, error_reply, read_payload
from bot.schema import GROUPS, groups_for
from storage.inbox import InboxEntry, NewEntry, armed

log = logging.getLogger(__name__)

#: The declared command groups (bot/schema.py), in the manifest's order. `register` listens
#: for the groups the dispatcher's specs need, so a new group reaches bolt on its own; the
#: manifest is checked against the same list (adapters/surface.py).
COMMAND_GROUPS = tuple(group.name for group in GROUPS)

#: Work after ack that may run at once. Bolt starts every listener as its own task; with no
#: bound a burst of commands drains the database pool, and waits past the pool's timeout
#: fail commands that were already acked. Queued work waits here instead (a response_url
#: stays valid for 30 minutes). Kept below the engine's kept connections
#: (`storage.engine.POOL_SIZE`) so the reminder dispatcher and the replay ledger always
#: find one without opening a new connection.
MAX_CONCURRENT_WORK = INBOUND_MAX

#: How long a form submission may wait for its command before its ack (Slack allows 3 s
#: in all, the inbox write included). Slower work is acked first and answered by DM.
FORM_ANSWER_SECONDS = 2.0


@dataclass
class SlackHandlers(LifecycleListeners):
    dispatcher: Dispatcher
    learner: TimezoneLearner
    on_workspace_gone: WorkspaceGone | None = None
    max_concurrent_work: int = MAX_CONCURRENT_WORK
    after_ack: AfterAck = field(default_factory=AfterAck)
    #: Where acked commands, clicks and forms wait (durable, fair, bounded); set by the
    #: component, used once it has started. Before that (tests that never start the
    #: component), they run straight after the ack.
    inbox: Inbox | None = None
    waiters: FormWaiters = field(default_factory=FormWaiters)
    inbound: Inbound = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # Commands and clicks run through the shared pipeline (adapters/inbound.py),
        # which owns the bound, the apology and visibility; Slack keeps its ack and
        # response_url (adapters/slack/surfaces.py).
        self.inbound = Inbound(
            self.dispatcher, max_concurrent=self.max_concurrent_work, guard=armed
        )

    def register(self, app: AsyncApp) -> None:
        for group in groups_for(spec.path for spec in self.dispatcher.specs):
            app.command(f"/{group.name}")(self.on_command)
        app.action(ACTION_ID_PATTERN)(self.on_button)
        app.view(CALLBACK_ID)(self.on_submit)
        ShortcutListeners(self.dispatcher).register(app)
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
                KIND_COMMAND,
                kept,
                self.inbox.now(),
            )
        )
        text = ACK_TEXTS.get(offer)
        await (ack(text=text) if text else ack())

    @property
    def _queueing(self) -> bool:
        return self.inbox is not None and self.inbox.started

    async def _offer(self, kind: str, actor: Actor, payload: dict[str, Any]) -> Offer:
        assert self.inbox is not None
        new = NewEntry(
            SLACK_PLATFORM, actor.workspace_id, actor.user_id, kind, payload, self.inbox.now()
        )
        return await self.inbox.offer(new)

    async def run_queued(self, entry: InboxEntry, client: AsyncWebClient, age: float) -> None:
        """Run a command, click or form from the inbox, `age` seconds after Slack sent it."""
        payload = entry.payload
        if entry.kind == KIND_BUTTON:
            await self._button(
                payload.get("body") or {}, payload.get("action") or {}, client, age=age
            )
        elif entry.kind == KIND_FORM:
            await self._form(payload, client)
        elif entry.kind == KIND_COMMAND:
            await self._command(payload, client, age=age)
        else:  # claims take only QUEUED_KINDS, so only a kind listed there but not run here
            log.error("the inbox kind %r is claimed but has no runner", entry.kind)

    async def _command(
        self,
        command: dict[str, Any],
        client: AsyncWebClient,
        *,
        age: float = 0.0,
    ) -> None:
        actor = queued_actor(command)
        group = str(command.get("command") or "").lstrip("/")
        text = unescape(str(command.get("text") or "")).strip()
        line = "help" if group == "inroads" and not text else f"{group} {text}".strip()
        # After 30 minutes the response_url is dead: answer in a DM instead.
        response_url = "" if age >= RESPONSE_URL_SECONDS else str(command.get("response_url") or "")
        trigger = command.get("trigger_id") if age < TRIGGER_SECONDS else None
        surface = CommandSurface(client, actor, response_url, self.learner)
        where = f"Slack command {group}"
        try:
            # A form first: its trigger_id expires three seconds after the command.
            if await self._maybe_open_form(client, line, trigger or None, actor):
                await self.inbound.greet(actor, surface)
                return
        except Exception as error:
            await self.inbound.apologise(actor, surface, where, error)
            return
        # The command's writes and its inbox row's deletion commit together (the
        # pipeline's guard, `armed`), so a stop or crash before the answer never runs
        # it twice.
        await self.inbound.command(actor, Request(line), surface, shared_place=True, where=where)

    async def _maybe_open_form(
        self, client: AsyncWebClient, line: str, trigger_id: str | None, actor: Actor
    ) -> bool:
        """Open the form `line` stands for (a button's value may lead with its record),
        if any: a bare command's, or one on a record holding its current values
        (`bot.prefill`; a record the person may not edit opens none, and the line then
        runs as typed, with its own refusal)."""
        if not trigger_id:
            return False
        metadata = {"team": actor.workspace_id}
        found = self._form_of(read_payload(line)[1])
        if found is not None:
            view = build_view(*found, metadata)
        else:
            record = await open_on_record(self.dispatcher, actor, line)
            if record is None:
                return False
            spec = record.spec
            view = build_view(slack_form(spec), spec, metadata, record.initial, record.given)
        await client.views_open(trigger_id=trigger_id, view=view)
        return True

    def _form_of(self, line: str) -> tuple[Form, AnySpec] | None:
        """The form a bare command opens (`actions add`); a form about one record opens
        only on a line naming it (`_maybe_open_form`)."""
        found = form_for(self.dispatcher, " ".join(line.lower().split()))
        if found is None or (found[1].form is not None and found[1].form.opens_on):
            return None
        return found

    def _opens_form(self, value: str) -> bool:
        """Whether a button may open a form, judged before its ack from its value alone."""
        command = read_payload(value)[1]
        return self._form_of(command) is not None or record_form(self.dispatcher, value) is not None

    # --- buttons ----------------------------------------------------------------------

    async def on_button(
        self,
        ack: AsyncAck,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        context: AsyncBoltContext,
    ) -> None:
        opens_form = self._opens_form(str(action.get("value") or ""))
        if not self._queueing or opens_form:
            # A form opens now or never (its trigger_id lives three seconds).
            await ack()
            work = self._button(body, action, client)
            self.after_ack.start(work, name="slack-button", context=context)
            return
        if await is_replay(context):  # another replica took it: nothing is written
            await ack()
            return
        offer = await self._offer(KIND_BUTTON, actor_of(body), click_payload(body, action))
        await ack()  # a click's ack carries no text: a refusal is said after it
        if (text := ACK_TEXTS.get(offer)) is not None:
            self.after_ack.start(click_note(client, body, text), name="slack-button")

    async def _button(
        self,
        body: dict[str, Any],
        action: dict[str, Any],
        client: AsyncWebClient,
        *,
        age: float = 0.0,
    ) -> None:
        actor = actor_of(body)
        # After 30 minutes (a click resumed from the inbox) the response_url is dead.
        response_url = "" if age >= RESPONSE_URL_SECONDS else str(body.get("response_url") or "")
        value = str(action.get("value") or "")
        target, command = read_payload(value)
        container = body.get("container") or {}
        surface = ClickSurface(client, actor, response_url, container, self._publish_home)
        try:
            if await self._maybe_open_form(client, value, body.get("trigger_id"), actor):
                return
        except Exception as error:
            await self.inbound.apologise(actor, surface, "Slack button", error)
            return
        if container.get("type") == "view" and is_browse(command):
            # Next, Previous or a filter in Home's directory section: Home redrawn there.
            await self._publish_home(client, actor, command)
            return
        # App Home is the clicker's own; elsewhere others may see the clicked message.
        others = container.get("type") != "view" and shared_message(action, container)
        request = Request(command, expects=target)
        # The click's writes and its inbox row's deletion commit together (`armed`).
        await self.inbound.click(
            actor, request, surface, others_see_it=others, where="Slack button"
        )

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
        given = given_of(metadata)
        text, errors = validate(self.dispatcher, form, spec, values, actor, given)
        if errors:
            await ack(response_action="errors", errors=errors)
            return
        # The command runs from the inbox; the ack waits for it briefly (it is almost
        # always quick), so a refusal only the handler can make shows on the form, which
        # keeps what was typed, instead of a DM after the form has closed.
        deadline = asyncio.get_running_loop().time() + FORM_ANSWER_SECONDS
        waiter = self.waiters.expect()
        payload = form_payload(actor, text, waiter, typed_values(form, spec, values, given))
        if self._queueing:
            offer = await self._offer(KIND_FORM, actor, payload)
            if offer in (Offer.BUSY, Offer.FAILED):
                self.waiters.forget(waiter)
                refused = error_reply(ACK_TEXTS[offer])
                await ack(
                    response_action="errors",
                    errors=errors_for_reply(form, spec, values, refused),
                )
                return
        else:
            self.after_ack.start(self._form(payload, client), name="slack-form")
        left = deadline - asyncio.get_running_loop().time()
        refusal = await self.waiters.verdict(waiter, left)
        if refusal is not None:
            errors = errors_for_reply(form, spec, values, refusal)
            await ack(response_action="errors", errors=errors)
            return
        await ack()

    async def _form(self, payload: dict[str, Any], client: AsyncWebClient) -> None:
        """Run a submitted form's command through the shared pipeline (its bound, the
        apology, and `armed`: the form's writes and its inbox row go together); the answer
        goes on the form while the ack still waits for it (a refusal), else by DM."""
        actor = queued_actor(payload)
        surface = FormSurface(client, actor, self.waiters, str(payload.get("waiter") or ""))
        request = form_request(self.dispatcher, payload)
        await self.inbound.command(
            actor, request, surface, shared_place=False, where="Slack form submission"
        )

    async def _dm(self, client: AsyncWebClient, actor: Actor, reply: Reply) -> None:
        try:
            await send_to_user(client, actor.user_id, reply)
        except Exception:
            log.exception("a form's answer could not be sent", extra=log_ids(actor))
