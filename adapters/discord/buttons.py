"""Persistent buttons: one DynamicItem class matches every ``inroads:`` custom id.

The command a button runs lives in its custom id, so nothing about the message has to be
remembered: after a restart a new client registers this class and old buttons (reminder
DMs from last week) still work. A click runs the command as the person who clicked; the
core's per-user scoping is what keeps one person's data away from another.
"""

from __future__ import annotations

import re
from typing import Any

import discord

from adapters.discord.handling import handler_of
from adapters.discord.ids import CUSTOM_ID_TEMPLATE, decode_guild


class CommandButton(
    discord.ui.DynamicItem[discord.ui.Button[Any]],
    template=CUSTOM_ID_TEMPLATE,
):
    def __init__(
        self,
        custom_id: str,
        *,
        label: str | None = None,
        style: discord.ButtonStyle = discord.ButtonStyle.secondary,
        disabled: bool = False,
    ) -> None:
        super().__init__(
            discord.ui.Button(label=label, style=style, custom_id=custom_id, disabled=disabled)
        )
        match = re.fullmatch(CUSTOM_ID_TEMPLATE, custom_id)
        assert match is not None, "custom ids are built by render.custom_id"
        self.guild_id = decode_guild(match.group("guild"))
        self.command = match.group("command")

    @classmethod
    async def from_custom_id(
        cls,
        interaction: discord.Interaction[Any],
        item: discord.ui.Item[Any],
        match: re.Match[str],
        /,
    ) -> CommandButton:
        assert isinstance(item, discord.ui.Button)
        return cls(str(item.custom_id), label=item.label, style=item.style)

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        return await handler_of(interaction).admit(interaction)

    async def callback(self, interaction: discord.Interaction[Any]) -> None:
        await handler_of(interaction).on_button(interaction, self.guild_id, self.command)
