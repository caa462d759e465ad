"""Two-click capture on Discord: context-menu commands that open a command's form, prefilled.

"Add to my contacts" (on a user) opens `contact add` with their name; "Add to interview
notes" (on a message) opens `interview log` with the message as notes and its author as
the person. They are discord.py `app_commands.ContextMenu`s on the same tree as the slash
commands, so the tree's install and context rules and its admission check (a member of
the community) apply to them too. Nothing is written until the form is submitted, which
then runs as the typed command would (adapters/discord/modals.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import discord
from discord import app_commands

from adapters.discord.modals import CommandModal
from adapters.discord.options import OptionValue, decl_for
from bot.mentions import scrub

NOTE_CHARS = 4000
NAME_CHARS = 100


async def _open(
    interaction: discord.Interaction[Any], path: tuple[str, ...], given: Mapping[str, OptionValue]
) -> None:
    """The command's form with `given` filled in; a core without that command (or its
    form) answers kindly instead of leaving the menu click unanswered."""
    dispatcher = interaction.client.inroads.dispatcher
    try:
        spec = dispatcher.spec_for(path)
    except KeyError:
        spec = None
    if spec is None or spec.form is None:
        await interaction.response.send_message(
            "That isn't available in this version of Inroads.", ephemeral=True
        )
        return
    await interaction.response.send_modal(CommandModal(path, decl_for(spec), given))


def _name(user: discord.abc.User) -> str:
    return scrub(" ".join(user.display_name.split()))[:NAME_CHARS]


async def add_to_contacts(
    interaction: discord.Interaction[Any], user: discord.Member | discord.User
) -> None:
    await _open(interaction, ("contact", "add"), {"name": _name(user), "how": "Discord"})


async def add_to_notes(interaction: discord.Interaction[Any], message: discord.Message) -> None:
    given: dict[str, OptionValue] = {"notes": scrub(message.content.strip())[:NOTE_CHARS]}
    if message.author.id != interaction.user.id:
        given["contact"] = _name(message.author)
    await _open(interaction, ("interview", "log"), given)


def capture_menus() -> list[app_commands.ContextMenu]:
    """The context-menu commands to add to the tree (names: at most 32 characters)."""
    return [
        app_commands.ContextMenu(name="Add to my contacts", callback=add_to_contacts),
        app_commands.ContextMenu(name="Add to interview notes", callback=add_to_notes),
    ]
