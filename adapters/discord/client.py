"""The Discord client: sharded, minimal intents, the command tree and persistent buttons.

`AutoShardedClient` works for one shard as well as many: with `DISCORD_SHARD_COUNT` and
`DISCORD_SHARD_IDS` each process runs the shards it is given (several processes share the
load, all against one PostgreSQL); with neither, Discord's recommended shard count is used.
Only the `guilds` intent is requested: slash commands, buttons and modals arrive as
interactions, which need no privileged intents.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Sequence
from typing import Any

import discord
from discord import app_commands

from adapters.discord.buttons import CommandButton
from adapters.discord.capture_menus import capture_menus
from adapters.discord.context_menus import context_menus
from adapters.discord.guard import completes, guard_parser
from adapters.discord.interactions import InteractionHandler
from adapters.discord.tree import build_commands
from bot.dispatcher import Dispatcher
from bot.services import Services

log = logging.getLogger(__name__)


@contextlib.contextmanager
def api_base(url: str | None) -> Iterator[None]:
    """Point discord.py's REST calls (webhooks included) at `url` for the duration."""
    if not url:
        yield
        return
    previous = discord.http.Route.BASE
    discord.http.Route.BASE = url.rstrip("/")
    try:
        yield
    finally:
        discord.http.Route.BASE = previous


def intents() -> discord.Intents:
    wanted = discord.Intents.none()
    wanted.guilds = True  # server names for DMs; nothing privileged
    return wanted


#: Errors that say the payload does not fit the command tree (an out-of-date command, a
#: value of the wrong type): the person gets a kind word, the log a warning, no traceback.
UNREADABLE = (
    app_commands.CommandNotFound,
    app_commands.CommandSignatureMismatch,
    app_commands.TransformerError,
)


class InroadsTree(app_commands.CommandTree[Any]):
    """Commands installed to servers only, usable in servers and in the DM with the bot.

    A user-installed copy would let its commands run in servers the bot is not in (and
    make the first person there an admin), so no command is offered to user installs and
    :meth:`interaction_check` refuses what a guild install did not authorise."""

    def __init__(self, client: discord.Client) -> None:
        super().__init__(
            client,
            allowed_installs=app_commands.AppInstallationType(guild=True, user=False),
            allowed_contexts=app_commands.AppCommandContext(
                guild=True, dm_channel=True, private_channel=False
            ),
        )

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        admitted: bool = await interaction.client.inroads.admit(interaction)
        autocomplete = interaction.type is discord.InteractionType.autocomplete
        if admitted and autocomplete and not completes(interaction):
            log.warning("ignored an autocomplete for an option that does not complete")
            return False
        return admitted

    async def _call(self, interaction: discord.Interaction[Any]) -> None:
        # discord.py reads options and resolved users before any hook of ours runs; an
        # error there (not an AppCommandError) would otherwise end the task unhandled.
        try:
            await super()._call(interaction)
        except app_commands.AppCommandError:
            raise
        except Exception as error:
            await interaction.client.inroads.unreadable(interaction, error)

    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
        if isinstance(error, UNREADABLE):
            await interaction.client.inroads.unreadable(interaction, error)
            return
        original = getattr(error, "original", error)
        where = interaction.command.qualified_name if interaction.command else "command"
        await interaction.client.inroads.report_failure(interaction, original, where)


class InroadsDiscordClient(discord.AutoShardedClient):
    def __init__(
        self,
        dispatcher: Dispatcher,
        services: Services,
        *,
        shard_count: int | None = None,
        shard_ids: Sequence[int] | None = None,
    ) -> None:
        # Inroads never joins voice: discord.py's "voice will NOT be supported" warnings
        # would only alarm whoever reads the logs.
        discord.VoiceClient.warn_nacl = False
        discord.VoiceClient.warn_dave = False
        options: dict[str, Any] = {"shard_count": shard_count}
        if shard_ids:
            options["shard_ids"] = list(shard_ids)
        super().__init__(
            intents=intents(),
            allowed_mentions=discord.AllowedMentions.none(),
            # A 429 longer than this escapes as RateLimited instead of stalling a send.
            max_ratelimit_timeout=30.0,
            **options,
        )
        self.tree = InroadsTree(self)
        for command in build_commands(dispatcher.specs):
            self.tree.add_command(command)
        # "Ask for a conversation"; "Add to my contacts", "Add to interview notes"
        for menu in [*context_menus(), *capture_menus()]:
            self.tree.add_command(menu)
        self.inroads = InteractionHandler(dispatcher, services, self)
        guard_parser(self)

    async def setup_hook(self) -> None:
        # Buttons sent before this process started (reminder DMs) stay clickable.
        self.add_dynamic_items(CommandButton)


async def sync_commands(client: InroadsDiscordClient, guild_id: int | None) -> list[str]:
    """Upload the command tree globally, or to one guild (instant, for testing)."""
    if guild_id is None:
        synced = await client.tree.sync()
    else:
        guild = discord.Object(id=guild_id)
        client.tree.copy_global_to(guild=guild)
        synced = await client.tree.sync(guild=guild)
    return [command.name for command in synced]
