"""The inbound pipeline every connector shares: from "this person asked this" to an answer.

Why one module: Slack and Discord each wrote this path and drifted apart (only Slack
bounded concurrent work; the crash apology, private vs public answers, files to the
person's DM and a click's answer were written twice). What stays in a connector is its
own timing and transport, behind a :class:`Surface` for one event: Slack's ack and
response_url, Discord's defer and follow-up, the console's print. Everything decided
between receiving a request and sending its answer is decided here, once:

* **a bound** on commands running at once, so a burst queues here instead of draining the
  database pool (what is acked may wait; a response_url stays valid for 30 minutes and a
  deferred Discord interaction for 15);
* **first contact**: the surface's hook runs before the command, inside the bound (Slack
  learns the person's time zone from their profile before "yesterday 3pm" is read);
* **visibility**: a command's answer is public only when the reply is not private and the
  place is shared; a click's answer replaces the clicked message unless others see it,
  in which case only the clicker gets it (:func:`command_visibility`, :func:`click_visibility`);
* **files** (charts, exports, calendars) go to the person's DM, never to a channel;
* **the apology**: a crash is logged with ids only (never the command's text, which may hold
  notes) and the person is told that nothing was changed, never left without an answer.

Work that is more than a command line goes through here too, so none of it holds its own
bound or apology: a Slack form runs as a command whose answer goes on the form or by DM
(its surface decides where), a Discord file import as a command whose reply the connector
computes once it has the file's bytes (:attr:`Request.job`), and Slack's App Home, drawn
from several commands, as :meth:`Inbound.work`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from bot.commands import AnySpec
from bot.dispatcher import INTERNAL_ERROR_TEXT, Dispatcher
from bot.domain import Actor
from bot.reply import Reply, Target, error_reply
from bot.typed import Values

log = logging.getLogger(__name__)

#: Commands that may run at once in one connector. Kept below the engine's kept
#: connections (`storage.engine.POOL_SIZE`) so the reminder dispatcher and the replay
#: ledger always find one without opening a new connection.
MAX_CONCURRENT_WORK = 12

#: The apology: the command's transaction rolled back, so nothing was changed.
APOLOGY = error_reply(INTERNAL_ERROR_TEXT)


class Visibility(Enum):
    """Who sees an answer."""

    PRIVATE = "private"  # the asker only (ephemeral, or their DM)
    PUBLIC = "public"  # everyone where the command was used
    IN_PLACE = "in_place"  # replaces the clicked message (seen by the clicker only)


def command_visibility(reply: Reply, *, shared_place: bool) -> Visibility:
    """A command's answer is public only when the core meant it for everyone (a round
    announcement, not `ephemeral`) and it was asked where others can read it."""
    return Visibility.PUBLIC if shared_place and not reply.ephemeral else Visibility.PRIVATE


def click_visibility(*, others_see_it: bool) -> Visibility:
    """A click on a message others see (an introduction, a channel post) is answered to
    the clicker alone, leaving the message as it is for everyone else; a click on the
    person's own message is answered in that message."""
    return Visibility.PRIVATE if others_see_it else Visibility.IN_PLACE


@dataclass(frozen=True)
class Request:
    """What to run: a command line (a slash command, a button's command), led by the
    record a button expects, or a spec with typed values (Discord options, a form), with
    `line` the same command as text."""

    line: str
    expects: Target | None = None
    spec: AnySpec | None = None
    values: Values | None = None
    #: The reply, computed by the connector instead of the dispatcher (a command that
    #: needs a file's bytes fetched first); it runs where a command would, in the bound.
    job: Callable[[], Awaitable[Reply]] | None = None


class Surface(Protocol):
    """How one event is answered on its platform: the connector's own timing behind it."""

    async def first_contact(self, actor: Actor) -> None:
        """Runs before the command (e.g. learn the person's zone from their profile)."""

    async def answer(self, reply: Reply, visibility: Visibility) -> None:
        """Send `reply` where `visibility` says."""

    async def files_to_dm(self, reply: Reply) -> None:
        """Send the reply's attachments to the person's DM."""

    async def apologise(self, reply: Reply) -> None:
        """Tell the person something went wrong (`reply` is the apology)."""


class Inbound:
    """The pipeline of one connector (its own bound); see the module docstring.

    `guard` wraps the command's run (Slack: `storage.inbox.armed`, so the command's writes
    and its inbox row's deletion commit together)."""

    def __init__(
        self,
        dispatcher: Dispatcher,
        *,
        max_concurrent: int = MAX_CONCURRENT_WORK,
        guard: Callable[[], AbstractContextManager[object]] = nullcontext,
    ) -> None:
        self.dispatcher = dispatcher
        self.guard = guard
        #: The bound; work the pipeline does not run itself (a file import) may hold it too.
        self.slots = asyncio.Semaphore(max_concurrent)

    async def greet(self, actor: Actor, surface: Surface) -> None:
        """Only the first-contact hook (a command that opened a form instead of running)."""
        async with self.slots:
            await surface.first_contact(actor)

    async def execute(self, actor: Actor, request: Request, surface: Surface) -> Reply:
        """Run the request within the bound, first contact first; raises what it raises."""
        async with self.slots:
            await surface.first_contact(actor)
            with self.guard():
                return await self._run(actor, request)

    async def _run(self, actor: Actor, request: Request) -> Reply:
        if request.job is not None:
            return await request.job()
        if request.spec is not None and request.values is not None:
            return await self.dispatcher.run_values(
                actor, request.spec, request.values, line=request.line
            )
        if request.expects is not None:
            return await self.dispatcher.run_text(actor, request.line, expects=request.expects)
        return await self.dispatcher.run_text(actor, request.line)

    async def command(
        self, actor: Actor, request: Request, surface: Surface, *, shared_place: bool, where: str
    ) -> Reply | None:
        """Run a command and answer it; None when it crashed (the person got the apology)."""
        try:
            reply = await self.execute(actor, request, surface)
            await self.deliver(reply, command_visibility(reply, shared_place=shared_place), surface)
        except Exception as error:
            await self.apologise(actor, surface, where, error)
            return None
        return reply

    async def click(
        self, actor: Actor, request: Request, surface: Surface, *, others_see_it: bool, where: str
    ) -> Reply | None:
        """Run a button's command as the clicker and answer it; None when it crashed."""
        try:
            reply = await self.execute(actor, request, surface)
            await self.deliver(reply, click_visibility(others_see_it=others_see_it), surface)
        except Exception as error:
            await self.apologise(actor, surface, where, error)
            return None
        return reply

    async def work(
        self, actor: Actor, job: Callable[[], Awaitable[object]], surface: Surface, *, where: str
    ) -> bool:
        """Run work that answers in its own way (App Home, drawn from several commands)
        within the bound, first contact first; False when it crashed (logged with ids,
        and the surface's apology, which may be to say nothing)."""
        try:
            async with self.slots:
                await surface.first_contact(actor)
                await job()
        except Exception as error:
            await self.apologise(actor, surface, where, error)
            return False
        return True

    async def deliver(self, reply: Reply, visibility: Visibility, surface: Surface) -> None:
        """The answer where `visibility` says, then its files to the person's DM."""
        await surface.answer(reply, visibility)
        if reply.attachments:
            await surface.files_to_dm(reply)

    async def apologise(
        self, actor: Actor, surface: Surface, where: str, error: BaseException
    ) -> None:
        """Log the crash with ids only, and say sorry (never raises)."""
        log.error(
            "%s failed",
            where,
            exc_info=error,
            extra={
                "platform": actor.platform,
                "workspace": actor.workspace_id,
                "user": actor.user_id,
            },
        )
        try:
            await surface.apologise(APOLOGY)
        except Exception:
            log.exception("could not send the apology either")
