"""Discord interactions in flight, and what a stop does with them.

An interaction is acknowledged within three seconds (deferred: the person sees "Inroads
is thinking…") and then worked in memory; Discord sends it once and keeps nothing for a
next process. Before, a stop closed the client with work still running: the task was
cut off, or the loop ended under it, and the person was left with a "thinking…" that
never ended. Now the stop, in this order:

1. takes nothing new: an interaction that arrives is answered at once, kindly, with
   "restarting, try again in a minute" (the gateway stays open until the end);
2. lets the ones in flight finish, for most of its slice of the shutdown budget;
3. ends the rest at a clean point: one whose command has not committed is abandoned
   at its commit (`storage.inbox.CommandAbandoned`: its writes roll back, exactly as
   a Slack command handed back by the inbox), so "nothing changed" is true; one that
   committed gets a short grace to send its answer; only what is stuck on a platform
   call is cancelled;
4. edits the deferred response of every one that did not finish on its own, so nobody
   is left thinking: it did not go through, try again (or, for one that committed but
   could not show its answer, that it did go through).

Each cut-off interaction is logged with its place (server, command name), never its text.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import discord

from adapters.discord.render import render
from bot.reply import error_reply
from storage.inbox import CommandAbandoned, RunningEntry, armed, holding

log = logging.getLogger(__name__)

RESTARTING = (
    "I'm in the middle of a restart, so I didn't take that one and nothing changed. "
    "Please try again in a minute."
)
NOT_DONE = (
    "I had to restart while working on this, so it didn't go through and nothing "
    "changed. Please try it again in a minute."
)
DONE_UNSHOWN = (
    "I had to restart just as I was answering: what you asked for went through, but I "
    "couldn't show you the result here. Nothing more is needed from you."
)

#: How long a command told to abandon gets to reach its commit before it is cancelled.
ABANDON_WAIT_SECONDS = 0.5
#: A command that committed gets at most this long to send its answer.
ANSWER_GRACE_SECONDS = 2.0
#: How long the apologies may take to reach Discord (a few REST calls at once).
TELL_SECONDS = 1.0
#: Kept back from the stop's slice for ending what is left and saying so.
END_MARGIN_SECONDS = ABANDON_WAIT_SECONDS + TELL_SECONDS


@dataclass
class Tracked:
    """One interaction being worked, and how far its command got (its unit of work marks
    `entry.committed`, or raises at its commit once `entry.abandoned` is set)."""

    interaction: discord.Interaction[Any]
    entry: RunningEntry


def where(interaction: discord.Interaction[Any]) -> str:
    """What kind of interaction, for the log: a command's name (never its options), or
    "button" / "form"."""
    command = interaction.command
    if command is not None:
        return f"/{command.qualified_name}"
    if interaction.type is discord.InteractionType.modal_submit:
        return "form"
    return "button"


def log_context(interaction: discord.Interaction[Any]) -> dict[str, str]:
    return {
        "platform": "discord",
        "workspace": str(interaction.guild_id or ""),
        "user": str(interaction.user.id),
    }


class InFlight:
    """The interactions this client is working on (keyed by the discord.py task that
    runs each), and the stop described in the module docstring."""

    def __init__(self) -> None:
        self.stopping = False
        self._running: dict[asyncio.Task[Any], Tracked] = {}

    @property
    def count(self) -> int:
        return len(self._running)

    def track(self, interaction: discord.Interaction[Any]) -> None:
        """Called once an interaction is admitted, from the task discord.py runs it in
        (the admission check and the callback share it). Autocompletes are not work."""
        task = asyncio.current_task()
        if task is None or interaction.type is discord.InteractionType.autocomplete:
            return
        if task not in self._running:
            self._running[task] = Tracked(interaction, RunningEntry(None))
            task.add_done_callback(self._ended)

    def _ended(self, task: asyncio.Task[Any]) -> None:
        self._running.pop(task, None)
        if not task.cancelled():
            task.exception()  # retrieved: an abandoned command ends its task by raising

    @contextlib.contextmanager
    def guard(self) -> Iterator[None]:
        """Around a command's run (the shared pipeline's guard): its commit reports to
        the tracked entry, and raises once the stop has abandoned it."""
        task = asyncio.current_task()
        tracked = self._running.get(task) if task is not None else None
        if tracked is None:
            yield
            return
        with holding(tracked.entry), armed():
            yield

    async def refuse(self, interaction: discord.Interaction[Any]) -> None:
        """The answer to an interaction that arrives while stopping."""
        log.info(
            "refused a Discord %s while stopping",
            where(interaction),
            extra=log_context(interaction),
        )
        if interaction.type is not discord.InteractionType.autocomplete:
            await self._tell(interaction, RESTARTING)

    async def stop(self, within_seconds: float) -> int:
        """Take nothing new, finish what is in flight within `within_seconds`, end the
        rest and tell each person; returns how many were cut off."""
        self.stopping = True
        if not self._running:
            return 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within_seconds
        snapshot = dict(self._running)
        work_until = deadline - min(END_MARGIN_SECONDS, within_seconds / 2)
        _, still = await asyncio.wait(set(snapshot), timeout=max(work_until - loop.time(), 0.0))
        if not still:
            return 0
        answering = {t for t in still if snapshot[t].entry.committed}
        unfinished = still - answering
        for task in unfinished:
            snapshot[task].entry.abandoned = True
        if unfinished:
            _, stuck = await asyncio.wait(unfinished, timeout=ABANDON_WAIT_SECONDS)
            for task in stuck:
                task.cancel()
        if answering:
            grace = min(ANSWER_GRACE_SECONDS, max(deadline - TELL_SECONDS - loop.time(), 0.1))
            _, late = await asyncio.wait(answering, timeout=grace)
            for task in late:
                task.cancel()
        await asyncio.wait(still, timeout=0.5)
        cut = [(snapshot[t], t) for t in still if _cut_off(t)]
        tells = [self._end(tracked, task) for tracked, task in cut]
        if tells:
            try:
                await asyncio.wait_for(asyncio.gather(*tells), TELL_SECONDS)
            except TimeoutError:
                log.warning("stopping: Discord did not take every 'did not go through' in time")
        return len(cut)

    async def _end(self, tracked: Tracked, task: asyncio.Task[Any]) -> None:
        interaction, committed = tracked.interaction, tracked.entry.committed
        outcome = "committed, answer cut off" if committed else "abandoned, nothing written"
        log.warning(
            "stopping: a Discord %s did not finish (%s); telling its person",
            where(interaction),
            outcome,
            extra=log_context(interaction),
        )
        await self._tell(interaction, DONE_UNSHOWN if committed else NOT_DONE)

    @staticmethod
    async def _tell(interaction: discord.Interaction[Any], text: str) -> None:
        """Say `text` privately in the interaction's own answer: the deferred "thinking…"
        response edited into it, a fresh answer when none was sent yet, else a private
        follow-up (a click deferred without "thinking" would otherwise have its message
        replaced)."""
        kwargs = render(error_reply(text))
        response = interaction.response
        try:
            if not response.is_done():
                await response.send_message(ephemeral=True, **kwargs)
            elif response.type is discord.InteractionResponseType.deferred_channel_message:
                await interaction.edit_original_response(**kwargs)
            else:
                await interaction.followup.send(ephemeral=True, **kwargs)
        except (discord.HTTPException, aiohttp.ClientError, TimeoutError) as exc:
            log.warning(
                "could not tell a person their Discord %s did not go through (%s)",
                where(interaction),
                type(exc).__name__,
                extra=log_context(interaction),
            )


def _cut_off(task: asyncio.Task[Any]) -> bool:
    """Whether the interaction's task did not end on its own: still running, cancelled,
    or abandoned at its commit."""
    if not task.done() or task.cancelled():
        return True
    return isinstance(task.exception(), CommandAbandoned)
