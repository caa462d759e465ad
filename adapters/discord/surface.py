"""How one Discord interaction is answered: the `adapters.inbound.Surface` of Discord.

Discord keeps only its own timing here: the interaction was deferred before the command
ran (it may take over a second), so every answer is a follow-up on it. What is private,
public or in place was decided by the shared pipeline.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import discord

from adapters.discord.render import render
from adapters.inbound import Visibility
from bot.domain import Actor
from bot.general.welcome import first_run_guide
from bot.reply import Reply
from bot.services import Services

#: Send a reply privately on the interaction (buttons drawn for a DM carry the guild).
Send = Callable[[discord.Interaction[Any], Reply, str | None], Awaitable[None]]

#: What the deferred (private) answer says when the real one went to the channel.
POSTED = "Posted in the channel."


def is_help(line: str) -> bool:
    return line.split() in (["inroads", "help"], ["help"])


class InteractionSurface:
    """Answers for one deferred interaction of `actor`.

    In a DM with the bot the person's community is `actor.workspace_id`: buttons drawn
    there carry it (`dm_guild`), so a later click knows where to run."""

    def __init__(
        self,
        services: Services,
        interaction: discord.Interaction[Any],
        actor: Actor,
        *,
        send: Send,
        edit_in_place: Send,
        help_asked: bool = False,
    ) -> None:
        self.services = services
        self.send = send
        self.edit_in_place = edit_in_place
        self.interaction = interaction
        self.help_asked = help_asked
        self.dm_guild = None if interaction.guild_id is not None else actor.workspace_id
        self._files: Reply | None = None

    async def first_contact(self, actor: Actor) -> None:
        """A new member's help starts with the first-run guide, as its own message.
        (Discord shows no time zone in a profile, so there is none to learn.)"""
        if not self.help_asked:
            return
        guide = await first_run_guide(self.services, actor)
        if guide is not None:
            await self.send(self.interaction, guide, self.dm_guild)

    async def answer(self, reply: Reply, visibility: Visibility) -> None:
        if visibility is Visibility.IN_PLACE:
            await self.edit_in_place(self.interaction, reply, self.dm_guild)
        elif visibility is Visibility.PUBLIC:
            # The deferred (private) answer says where it went; files stay private.
            await self.send(self.interaction, Reply(text=POSTED), None)
            public = replace(reply, attachments=())
            await self.interaction.followup.send(ephemeral=False, **render(public))
            self._files = reply if reply.attachments else None
        else:
            # Private answers carry their files: an ephemeral message is the person's alone.
            await self.send(self.interaction, reply, self.dm_guild)

    async def files_to_dm(self, reply: Reply) -> None:
        """Files of a public answer follow privately; a private answer already had them."""
        if self._files is None:
            return
        files = Reply(text="Your files.", attachments=self._files.attachments)
        self._files = None
        await self.send(self.interaction, files, self.dm_guild)

    async def apologise(self, reply: Reply) -> None:
        await self.send(self.interaction, reply, None)
