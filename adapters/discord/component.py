"""Discord as a runtime component of `inroads run`, and the `inroads discord-sync` task.

Start logs in first (a wrong token stops start-up with a clear message instead of a
reconnect loop), registers the DM notifier for platform "discord", then connects the
gateway shards in the background. Commands are not synced on start: syncing is a separate,
deliberate step (`inroads discord-sync`) because Discord rate-limits command uploads.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from typing import Protocol

import discord
from pydantic import SecretStr

from adapters.contract import Commands, NotifierRoutes, Parts
from adapters.discord.client import InroadsDiscordClient, api_base, sync_commands
from adapters.discord.notifier import DiscordNotifier
from adapters.ops.health import Health
from adapters.settings import SettingsError
from bot.dispatcher import Dispatcher
from bot.services import Services

log = logging.getLogger(__name__)

#: Kept from the component's stop slice for closing the gateway and the HTTP session.
CLOSE_SECONDS = 1.0


class DiscordSettings(Protocol):
    """The settings Discord reads (the full `Settings` is one, structurally)."""

    @property
    def discord_token(self) -> SecretStr | None: ...
    @property
    def discord_api_base(self) -> str | None: ...
    @property
    def discord_shard_count(self) -> int | None: ...
    @property
    def discord_shard_id_list(self) -> list[int] | None: ...
    @property
    def shutdown_timeout_seconds(self) -> float: ...


@dataclass(frozen=True)
class DiscordDeps:
    """Discord's parts: its settings, the commands, where its notifier goes, and the
    readiness checks (its shards' connection)."""

    settings: DiscordSettings
    commands: Commands
    notifiers: NotifierRoutes
    health: Health


def discord_deps(parts: Parts) -> DiscordDeps:
    return DiscordDeps(parts.settings, parts.commands, parts.notifiers, parts.health)


def make_client(
    settings: DiscordSettings, dispatcher: Dispatcher, services: Services
) -> InroadsDiscordClient:
    return InroadsDiscordClient(
        dispatcher,
        services,
        shard_count=settings.discord_shard_count,
        shard_ids=settings.discord_shard_id_list,
    )


def _token(settings: DiscordSettings) -> str:
    if settings.discord_token is None:
        raise SettingsError("Setting DISCORD_TOKEN is missing: set the bot token.")
    return settings.discord_token.get_secret_value()


class DiscordComponent:
    """Discord's connector (`adapters.connectors.Connector`), built from the parts it
    uses (:class:`DiscordDeps`)."""

    name = "discord"
    platform = "discord"

    def __init__(self, deps: DiscordDeps) -> None:
        self.deps = deps
        commands = deps.commands
        self.client = make_client(deps.settings, commands.dispatcher, commands.services)
        #: Usable once logged in; registered for platform "discord" by `start`.
        self.notifier = DiscordNotifier(self.client)
        self._base: contextlib.ExitStack | None = None
        self._task: asyncio.Task[None] | None = None
        #: This component's slice of the shutdown budget (the runtime sets it at a stop).
        self.stop_seconds = deps.settings.shutdown_timeout_seconds

    async def start(self) -> None:
        self._base = contextlib.ExitStack()
        self._base.enter_context(api_base(self.deps.settings.discord_api_base))
        try:
            await self.client.login(_token(self.deps.settings))
        except discord.LoginFailure:
            raise SettingsError("Setting DISCORD_TOKEN is invalid: Discord refused it.") from None
        self.deps.notifiers.register(self.platform, self.notifier)
        self.deps.health.add_check("discord", self.health_reason)
        self._task = asyncio.create_task(self._connect(), name="discord-gateway")

    async def _connect(self) -> None:
        try:
            await self.client.connect(reconnect=True)
        except Exception:
            log.exception("Discord gateway stopped")

    def health_reason(self) -> str | None:
        """Readiness: every shard this process runs is connected to the gateway."""
        if self.client.is_closed():
            return "Discord client is closed"
        if not self.client.is_ready():
            return "Discord gateway is not connected yet"
        down = sorted(sid for sid, shard in self.client.shards.items() if shard.is_closed())
        if down:
            return "Discord shards disconnected: " + ", ".join(map(str, down))
        return None

    async def stop(self) -> None:
        """Take no new interaction, finish or end those in flight (each person told what
        happened, never left "thinking…"), then close the gateway: it stays open until
        then, so what arrives meanwhile is answered "try again in a minute"."""
        within = max(self.stop_seconds - CLOSE_SECONDS, self.stop_seconds / 2)
        try:
            await self.client.inroads.inflight.stop(within)
        except Exception:
            log.exception("ending Discord interactions in flight failed")
        await self.client.close()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self._base is not None:
            self._base.close()


async def discord_sync(
    settings: DiscordSettings,
    dispatcher: Dispatcher,
    services: Services,
    *,
    guild_id: int | None,
) -> list[str]:
    """Log in (no gateway), upload the command tree, log out. Returns the top-level names."""
    client = make_client(settings, dispatcher, services)
    with api_base(settings.discord_api_base):
        try:
            await client.login(_token(settings))
        except discord.LoginFailure:
            raise SettingsError("Setting DISCORD_TOKEN is invalid: Discord refused it.") from None
        try:
            return await sync_commands(client, guild_id)
        finally:
            await client.close()


def summary(names: list[str], guild_id: int | None) -> str:
    where = f"to guild {guild_id} (available at once)" if guild_id else "globally"
    return f"Synced {len(names)} commands {where}: " + ", ".join(f"/{n}" for n in names)
