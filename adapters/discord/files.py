"""Slash-command attachments: `/contact import file` hands the file's bytes to the core.

The core reads files from bytes (bot/journal/import_files.py); this module only fetches
them. The size Discord announces is checked first, so a file over the limit is refused
without being downloaded; the file's name and contents are never logged. The import runs
through the shared pipeline (`adapters.inbound`) as a command whose reply this module
computes: the bound, the private answer and the apology are the pipeline's.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import aiohttp
import discord

from adapters.discord.handling import Handling
from adapters.discord.options import CommandDecl, OptionValue, command_line
from adapters.inbound import Request
from bot.dispatcher import Dispatcher
from bot.domain import Actor
from bot.errors import UsageError
from bot.journal.contact_import import ImportContacts
from bot.journal.import_rows import MAX_FILE_BYTES
from bot.reply import Reply, error_reply

log = logging.getLogger(__name__)

#: How a crash in an import is logged (with ids only) before the apology.
FAILED_WHERE = "discord file import"

DOWNLOAD_FAILED = (
    "I couldn't fetch that file from Discord, so nothing was imported. "
    "Please attach it again in a moment."
)


async def run_with_file(
    handler: Handling,
    interaction: discord.Interaction[Any],
    path: tuple[str, ...],
    decl: CommandDecl,
    values: Mapping[str, OptionValue],
    attachment: discord.Attachment,
) -> None:
    """Defer, run the command with the attachment's bytes as the asker, answer privately."""
    await interaction.response.defer(ephemeral=True, thinking=True)
    line = command_line(path, decl, values)
    actor = await handler.actor_for(interaction, line)
    if actor is None:
        return
    asker = actor

    async def job() -> Reply:
        return await file_reply(handler.dispatcher, asker, line, attachment)

    surface = handler.surface(interaction, actor)
    await handler.inbound.command(
        actor, Request(line, job=job), surface, shared_place=False, where=FAILED_WHERE
    )


async def file_reply(
    dispatcher: Dispatcher, actor: Actor, line: str, attachment: discord.Attachment
) -> Reply:
    try:
        spec, args = dispatcher.resolve(line)
        dispatcher.check_options(spec, args)
        command = spec.build(args, actor)
    except UsageError:
        return await dispatcher.run_text(actor, line)  # its usual, friendly refusal
    if not isinstance(command, ImportContacts):
        return await dispatcher.run_text(actor, line)
    data = None
    if attachment.size <= MAX_FILE_BYTES:
        try:
            data = await attachment.read()
        except (discord.HTTPException, aiohttp.ClientError, TimeoutError) as exc:
            log.warning(
                "could not download an attachment: %s",
                type(exc).__name__,
                extra={"platform": actor.platform, "workspace": actor.workspace_id},
            )
            return error_reply(DOWNLOAD_FAILED)
    command = replace(command, data=data, source=attachment.filename, size=attachment.size)
    return await dispatcher.run(spec, command)
