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


class InroadsTree(app_commands.CommandTree[Any]):
    async def on_error(
        self, interaction: discord.Interaction[Any], error: app_commands.AppCommandError
    ) -> None:
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
        self.inroads = InteractionHandler(dispatcher, services, self)

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
