"""Discord's right-click commands on a member (issue 18 §5): "Ask for a conversation".

A user context-menu command is a gesture, not a new feature: it runs the same command
line a person could type (`people ask <@member>`), through the same pipeline as a slash
command, so the draft, its checks and its Send/Edit/Cancel buttons are the core's own.
"""

from __future__ import annotations

from typing import Any

import discord
from discord import app_commands

from bot.grammar import member_argument

ASK_FOR_A_CONVERSATION = "Ask for a conversation"


async def _ask(interaction: discord.Interaction[Any], member: discord.User) -> None:
    line = f"people ask {member_argument(str(member.id))}"
    await interaction.client.inroads.run_line(interaction, line)


def context_menus() -> list[app_commands.ContextMenu]:
    """The user commands to add to the tree (the rest of §5 adds its own here)."""
    return [app_commands.ContextMenu(name=ASK_FOR_A_CONVERSATION, callback=_ask)]
