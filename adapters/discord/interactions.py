"""What happens on a slash command, a button click, a modal submit or an autocomplete.

Everything ends in ``Dispatcher.run_text(actor, line)``: the adapter decides nothing.
The actor is ``Actor("discord", guild_id, user_id)``: a workspace is a guild. A slash
command used in a DM to the bot runs in the one server the person shares with the bot;
when there are several, the bot lists them with one button each (the button carries the
server and the command, so a click runs it there); when it cannot tell (no shared server,
or the bot is in too many servers to ask each one), it says to use the command in a
server. Membership is checked with one REST call per server the bot is in (at most
``probe_limit`` of them), cached for ten minutes: no privileged members intent needed.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Mapping
from typing import Any

import discord
from discord import app_commands

from adapters.discord.buttons import CommandButton
from adapters.discord.community import which_community
from adapters.discord.files import run_with_file
from adapters.discord.guard import (
    COULD_NOT_CHECK,
    FORM_MEMBERSHIP_WAIT_SECONDS,
    LEFT_THE_SERVER,
    Membership,
    install_refusal,
)
from adapters.discord.handling import Handling
from adapters.discord.inflight import InFlight
from adapters.discord.modals import button_form, command_form
from adapters.discord.options import (
    CommandDecl,
    OptionValue,
    command_line,
)
from adapters.discord.render import custom_id_matches, cut, render
from adapters.discord.surface import InteractionSurface, is_help
from adapters.inbound import Inbound, Request
from bot.dispatcher import INTERNAL_ERROR_TEXT, Dispatcher
from bot.domain import Actor
from bot.journal.suggest import suggest_contacts, suggest_interviews
from bot.reply import Reply, error_reply, read_payload
from bot.schema import Kind
from bot.services import Services

log = logging.getLogger(__name__)

PLATFORM = "discord"
GUILD_CACHE_SECONDS = 600.0
CHOICE_MAX = 100  # characters in an autocomplete choice's name and value
EMBED_TOTAL = 6_000

#: How a crash in a command or click is logged (with ids only) before the apology.
FAILED_WHERE = "discord interaction"

UNREADABLE_TEXT = (
    "I couldn't make sense of that command; Discord may be showing you an older version "
    "of it. Try typing it again from the `/` menu."
)


class InteractionHandler:
    def __init__(
        self,
        dispatcher: Dispatcher,
        services: Services,
        client: discord.Client,
        *,
        probe_limit: int = 25,
    ) -> None:
        #: What is being worked on, for the stop (adapters/discord/inflight.py).
        self.inflight = InFlight()
        #: Commands and clicks run through the shared pipeline, bounded as Slack's are;
        #: its guard lets a stop abandon a command at its commit.
        self.inbound = Inbound(dispatcher, guard=self.inflight.guard)
        self.services = services
        self.client = client
        self.probe_limit = probe_limit
        self._shared: dict[int, tuple[float, tuple[discord.Guild, ...]]] = {}
        self.membership = Membership(client)

    @property
    def dispatcher(self) -> Dispatcher:
        return self.inbound.dispatcher

    @dispatcher.setter
    def dispatcher(self, dispatcher: Dispatcher) -> None:
        self.inbound.dispatcher = dispatcher

    # -- who is asking, and in which community -------------------------------------------

    async def shared_guilds(self, user_id: int) -> tuple[discord.Guild, ...]:
        cached = self._shared.get(user_id)
        if cached and time.monotonic() - cached[0] < GUILD_CACHE_SECONDS:
            return cached[1]
        guilds = list(self.client.guilds)
        if len(guilds) > self.probe_limit:
            return ()

        async def member_of(guild: discord.Guild) -> bool:
            if guild.get_member(user_id) is not None:
                return True
            try:
                await guild.fetch_member(user_id)
            except (discord.NotFound, discord.Forbidden):
                return False
            except discord.HTTPException:
                log.warning("could not check membership in guild %s", guild.id)
                return False
            return True

        found = await asyncio.gather(*(member_of(g) for g in guilds))
        shared = tuple(g for g, yes in zip(guilds, found, strict=True) if yes)
        self._shared[user_id] = (time.monotonic(), shared)
        return shared

    async def actor_for(self, interaction: discord.Interaction[Any], line: str) -> Actor | None:
        """The actor; None when the person was asked which community (already answered)."""
        user = interaction.user
        if interaction.guild_id is not None:
            return Actor(PLATFORM, str(interaction.guild_id), str(user.id), user.display_name)
        shared = await self.shared_guilds(user.id)
        if len(shared) == 1:
            return Actor(PLATFORM, str(shared[0].id), str(user.id), user.display_name)
        reply, view = which_community(shared, line)
        kwargs = render(reply)
        if view is not None:
            kwargs["view"] = view
        await self._send_kwargs(interaction, kwargs)
        return None

    # -- gates every interaction passes -------------------------------------------------

    async def admit(self, interaction: discord.Interaction[Any]) -> bool:
        """Whether to act at all: not while stopping (answered "try again in a minute"),
        nor what no guild install authorised (guard.install_refusal); a refusal is
        answered kindly. An admitted interaction is tracked until its task ends."""
        if self.inflight.stopping:
            await self.inflight.refuse(interaction)
            return False
        refusal = install_refusal(interaction)
        if refusal is None:
            self.inflight.track(interaction)
            return True
        log.warning(
            "refused a Discord interaction no guild install authorised",
            extra={"platform": PLATFORM, "workspace": str(interaction.guild_id or "")},
        )
        if interaction.type is not discord.InteractionType.autocomplete:
            await self.send(interaction, error_reply(refusal), guild_id=None)
        return False

    async def still_member(self, interaction: discord.Interaction[Any], guild_id: str) -> bool:
        """A button carrying a server it was not clicked in acts there only for a member;
        otherwise the clicker is told why and nothing changes."""
        user_id = interaction.user.id
        member = await self.membership.check(int(guild_id), user_id)
        if member:
            return True
        if member is False:
            self._shared.pop(user_id, None)  # the server list is stale too
        await self.send(
            interaction,
            error_reply(LEFT_THE_SERVER if member is False else COULD_NOT_CHECK),
            guild_id=None,
        )
        return False

    async def unreadable(self, interaction: discord.Interaction[Any], error: BaseException) -> None:
        """A payload that does not fit the command tree: a warning naming only the error's
        type (never the text), and a kind word when an answer is still possible."""
        log.warning(
            "could not read a Discord command (%s)",
            type(error).__name__,
            extra={"platform": PLATFORM, "workspace": str(interaction.guild_id or "")},
        )
        if interaction.type is discord.InteractionType.autocomplete:
            return
        try:
            await self.send(interaction, error_reply(UNREADABLE_TEXT), guild_id=None)
        except discord.HTTPException:
            log.warning("could not answer an unreadable Discord command")

    # -- entry points --------------------------------------------------------------------

    async def on_command(
        self,
        interaction: discord.Interaction[Any],
        path: tuple[str, ...],
        decl: CommandDecl,
        values: Mapping[str, OptionValue],
        files: Mapping[str, discord.Attachment] | None = None,
    ) -> None:
        if files:
            await run_with_file(self, interaction, path, decl, values, next(iter(files.values())))
            return
        modal = await command_form(self.dispatcher, interaction, path, decl, values)
        if modal is not None:
            await interaction.response.send_modal(modal)
            return
        await self.run_line(interaction, command_line(path, decl, values), decl=decl, values=values)

    async def run_line(
        self,
        interaction: discord.Interaction[Any],
        line: str,
        *,
        decl: CommandDecl | None = None,
        values: Mapping[str, OptionValue] | None = None,
        guild_id: str | None = None,
    ) -> None:
        """Defer (DB work may take over a second), run as the asker, answer privately
        unless the reply is meant for the channel (the shared pipeline decides).

        With `decl` and `values` (a slash command or a form) the command runs from the typed
        values; `line`, the same command as text, is what a "which community?" button runs.
        `guild_id` is the community a form opened from a DM button belongs to.
        """
        await interaction.response.defer(ephemeral=True, thinking=True)
        if guild_id is not None and interaction.guild_id is None:
            if not await self.still_member(interaction, guild_id):
                return
            user = interaction.user
            actor: Actor | None = Actor(PLATFORM, guild_id, str(user.id), user.display_name)
        else:
            actor = await self.actor_for(interaction, line)
        if actor is None:
            return
        request = Request(line)
        if decl is not None and decl.spec is not None and values is not None:
            request = Request(line, spec=decl.spec, values=values)
        surface = self.surface(interaction, actor, help_asked=is_help(line))
        in_server = interaction.guild_id is not None
        await self.inbound.command(
            actor, request, surface, shared_place=in_server, where=FAILED_WHERE
        )

    async def on_button(
        self, interaction: discord.Interaction[Any], guild_id: str | None, payload: str
    ) -> None:
        """Run the button's command as the clicker; show the result in the message, or,
        when others see that message too, in a reply only the clicker sees.
        `payload` is the command, led by the record it expects when it names one."""
        if guild_id is None and interaction.guild_id is not None:
            guild_id = str(interaction.guild_id)
        modal = await button_form(self.dispatcher, interaction, guild_id, payload)
        if modal is not None:  # "Add an action", a draft's "Edit": the form is the answer
            # (before any defer); what it sends runs in the button's community.
            if guild_id is not None and interaction.guild_id is None:
                # From a DM: someone who left that server gets no form to fill in vain.
                member = await self.membership.check(
                    int(guild_id), interaction.user.id, wait=FORM_MEMBERSHIP_WAIT_SECONDS
                )
                if member is False:
                    await self.send(interaction, error_reply(LEFT_THE_SERVER), guild_id=None)
                    return
            await interaction.response.send_modal(modal)
            return
        shared = _shared(interaction)
        await interaction.response.defer(ephemeral=shared, thinking=shared)
        if guild_id is None:
            actor = await self.actor_for(interaction, payload)
            if actor is None:
                return
        else:
            if guild_id != str(interaction.guild_id) and not await self.still_member(
                interaction, guild_id
            ):
                return
            user = interaction.user
            actor = Actor(PLATFORM, guild_id, str(user.id), user.display_name)
        target, command = read_payload(payload)
        surface = self.surface(interaction, actor)
        request = Request(command, expects=target)
        await self.inbound.click(actor, request, surface, others_see_it=shared, where=FAILED_WHERE)

    def surface(
        self, interaction: discord.Interaction[Any], actor: Actor, *, help_asked: bool = False
    ) -> InteractionSurface:
        async def send(
            interaction: discord.Interaction[Any], reply: Reply, guild_id: str | None
        ) -> None:
            await self.send(interaction, reply, guild_id=guild_id)

        return InteractionSurface(
            self.services,
            interaction,
            actor,
            send=send,
            edit_in_place=self.edit_in_place,
            help_asked=help_asked,
        )

    async def edit_in_place(
        self, interaction: discord.Interaction[Any], reply: Reply, dm_guild: str | None
    ) -> None:
        """The clicked message with the answer added under it and its buttons disabled; an
        error (or a click with no message) is answered privately and the message kept."""
        if reply.is_error or interaction.message is None:
            await self.send(interaction, reply, guild_id=dm_guild)
            return
        kwargs = render(reply, dm_guild)
        result = kwargs.pop("embed")
        before = interaction.message.embeds[:1]
        if before and len(before[0]) + len(result) > EMBED_TOTAL:
            before = []
        kwargs["embeds"] = [*before, result]
        if "view" not in kwargs:
            kwargs["view"] = self._disabled(interaction.message)
        if "files" in kwargs:
            kwargs["attachments"] = kwargs.pop("files")
        await interaction.edit_original_response(**kwargs)

    @staticmethod
    def _disabled(message: discord.Message) -> discord.ui.View:
        """The message's buttons, disabled. Built from CommandButton (a dynamic item) so
        discord.py keeps no per-message state for them: no memory grows per click."""
        view = discord.ui.View(timeout=None)
        for item in discord.ui.View.from_message(message, timeout=None).children:
            ident = getattr(item, "custom_id", None)
            if isinstance(item, discord.ui.Button) and ident and custom_id_matches(ident):
                view.add_item(
                    CommandButton(ident, label=item.label, style=item.style, disabled=True)
                )
        return view

    async def autocomplete(
        self, interaction: discord.Interaction[Any], kind: Kind, current: str
    ) -> list[app_commands.Choice[str]]:
        user = interaction.user
        if interaction.guild_id is not None:
            guild = str(interaction.guild_id)
        else:
            shared = await self.shared_guilds(user.id)
            if len(shared) != 1:
                return []
            guild = str(shared[0].id)
        actor = Actor(PLATFORM, guild, str(user.id))
        suggest = suggest_interviews if kind is Kind.INTERVIEW else suggest_contacts
        try:
            pairs = await suggest(self.services, actor, current[:CHOICE_MAX])
        except Exception:
            log.exception("autocomplete failed", extra={"platform": PLATFORM, "workspace": guild})
            return []
        return [
            app_commands.Choice(name=cut(label, CHOICE_MAX), value=value)
            for label, value in pairs
            if 0 < len(value) <= CHOICE_MAX  # a cut value would name someone else
        ]

    # -- answering -----------------------------------------------------------------------

    async def send(
        self, interaction: discord.Interaction[Any], reply: Reply, *, guild_id: str | None
    ) -> None:
        await self._send_kwargs(interaction, render(reply, guild_id))

    @staticmethod
    async def _send_kwargs(interaction: discord.Interaction[Any], kwargs: dict[str, Any]) -> None:
        if interaction.response.is_done():
            await interaction.followup.send(ephemeral=True, **kwargs)
        else:
            await interaction.response.send_message(ephemeral=True, **kwargs)

    async def report_failure(
        self, interaction: discord.Interaction[Any], error: BaseException, where: str
    ) -> None:
        """Log with context (never tokens or note contents) and apologise to the person."""
        log.error(
            "discord interaction failed in %s",
            where,
            exc_info=error,
            extra={"platform": PLATFORM, "workspace": str(interaction.guild_id or "")},
        )
        try:
            await self.send(interaction, error_reply(INTERNAL_ERROR_TEXT), guild_id=None)
        except discord.HTTPException:
            log.warning("could not tell the user about the failure in %s", where)


def _shared(interaction: discord.Interaction[Any]) -> bool:
    """Whether the clicked message is seen by more than the clicker: a public message in
    a server, or one in a group DM (a user-installed app). Replacing it would show
    everyone an answer meant for one person."""
    message = interaction.message
    if message is not None and message.flags.ephemeral:
        return False
    if interaction.guild_id is not None:
        return True
    return bool(interaction.context.private_channel)


#: Checked by mypy: the handler offers what buttons, forms and imports call (handling.py).
_HANDLING: type[Handling] = InteractionHandler
