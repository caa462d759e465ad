"""Build the app-command tree from the core's specs: their fields are the Discord options.

discord.py reads a command's options from its callback's signature, so each command gets a
small generated callback whose signature lists the spec's fields (typed by their kind),
and discord.py's public decorators (`describe`, `rename`, `choices`, `autocomplete`) add
the rest, exactly as they would on a hand-written command. Parameters are named
``p0, p1, ...`` and renamed to the field names, because names such as ``with`` or ``for``
are Python keywords.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Sequence
from typing import Any

import discord
from discord import app_commands

from adapters.discord.options import CommandDecl, OptionValue, decl_for
from adapters.discord.render import cut
from bot.commands import AnySpec
from bot.grammar import Mention
from bot.schema import SUBGROUPS, Kind, group_named

log = logging.getLogger(__name__)

DESCRIPTION_MAX = 100
AppCommand = app_commands.Command[Any, Any, Any] | app_commands.Group

#: The Python type discord.py turns into each kind's option type (every other kind: text).
_ANNOTATIONS: dict[Kind, Any] = {
    Kind.NUMBER: int,
    Kind.MEMBER: discord.User,
    Kind.FILE: discord.Attachment,
}


async def _contacts(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    choices: list[app_commands.Choice[str]] = await interaction.client.inroads.autocomplete(
        interaction, Kind.CONTACT, current
    )
    return choices


async def _interviews(
    interaction: discord.Interaction[Any], current: str
) -> list[app_commands.Choice[str]]:
    choices: list[app_commands.Choice[str]] = await interaction.client.inroads.autocomplete(
        interaction, Kind.INTERVIEW, current
    )
    return choices


def _value(raw: Any) -> OptionValue:
    if raw is None:
        return None
    if isinstance(raw, discord.abc.User):
        return Mention(str(raw.id))
    return raw if isinstance(raw, int) else str(raw)


def make_command(
    path: tuple[str, ...], decl: CommandDecl, description: str, name: str = ""
) -> app_commands.Command[Any, Any, Any]:
    """One leaf command whose callback hands typed options to the interaction handler."""
    params = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    descriptions: dict[str, str] = {}
    renames: dict[str, str] = {}
    choices: dict[str, list[app_commands.Choice[str]]] = {}
    autocompletes: dict[str, Any] = {}
    for index, field in enumerate(decl.fields):
        param = f"p{index}"
        default = inspect.Parameter.empty if field.required else None
        params.append(
            inspect.Parameter(
                param,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=_ANNOTATIONS.get(field.kind, str),
                default=default,
            )
        )
        descriptions[param] = cut(field.description, DESCRIPTION_MAX)
        renames[param] = field.name
        if field.choices:
            choices[param] = [app_commands.Choice(name=lb, value=v) for lb, v in field.choices]
        elif field.kind is Kind.CONTACT:
            autocompletes[param] = _contacts
        elif field.kind is Kind.INTERVIEW:
            autocompletes[param] = _interviews

    async def callback(interaction: discord.Interaction[Any], **kwargs: Any) -> None:
        raw = {f.name: kwargs.get(f"p{i}") for i, f in enumerate(decl.fields)}
        files = {k: v for k, v in raw.items() if isinstance(v, discord.Attachment)}
        values = {k: _value(v) for k, v in raw.items() if k not in files}
        await interaction.client.inroads.on_command(interaction, path, decl, values, files)

    callback.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    decorated = app_commands.describe(**descriptions)(callback)
    decorated = app_commands.rename(**renames)(decorated)
    decorated = app_commands.choices(**choices)(decorated)
    decorated = app_commands.autocomplete(**autocompletes)(decorated)
    return app_commands.Command(
        name=name or path[-1],
        description=cut(description or "An Inroads command.", DESCRIPTION_MAX),
        callback=decorated,  # type: ignore[arg-type]
    )


def build_commands(specs: Sequence[AnySpec]) -> list[AppCommand]:
    """Top-level commands and groups for every command path (at most 3 words deep)."""
    top: dict[str, AppCommand] = {}

    def group(name: str, parent: app_commands.Group | None = None) -> app_commands.Group | None:
        holder: Any = top if parent is None else {c.name: c for c in parent.commands}
        existing = holder.get(name)
        if isinstance(existing, app_commands.Group):
            return existing
        if existing is not None:
            return None
        made = app_commands.Group(
            name=name,
            description=SUBGROUPS.get(name, f"Inroads: {name}")
            if parent
            else group_named(name).description,
        )
        if parent is None:
            top[name] = made
        else:
            parent.add_command(made)
        return made

    groups_needed = {spec.path[:n] for spec in specs for n in range(1, len(spec.path))}
    for spec in specs:
        path = spec.path
        if not 1 <= len(path) <= 3:
            log.warning("command %s is too deep for Discord; left out", " ".join(path))
            continue
        decl = decl_for(spec)
        description = spec.summary
        if path in groups_needed and len(path) < 3:
            # `/questions` and `/questions add` cannot coexist: `/questions suggest`
            # (and `/contact import file` beside `/contact import confirm`).
            where: tuple[str, ...] = (*path, spec.bare_name)
            command = make_command(path, decl, description, name=spec.bare_name)
        else:
            where = path
            command = make_command(path, decl, description)
        parent: app_commands.Group | None = None
        for word in where[:-1]:
            parent = group(word, parent)
            if parent is None:
                break
        taken = top if parent is None else {c.name: c for c in parent.commands}
        if (len(where) > 1 and parent is None) or where[-1] in taken:
            log.warning("command %s clashes with another on Discord; left out", " ".join(path))
            continue
        if parent is None:
            top[where[0]] = command
        else:
            parent.add_command(command)
    return list(top.values())
