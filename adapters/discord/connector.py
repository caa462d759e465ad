"""Discord's entry in the connector registry (`adapters/connectors.py`).

Light on purpose: discord.py is imported only when Discord is built.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from adapters.connectors import Connector, ConnectorSpec, Parts, RunContext, register
from adapters.settings import Settings

if TYPE_CHECKING:
    from adapters.discord.component import DiscordComponent


def _configured(settings: Settings) -> bool:
    return settings.discord_enabled


def build_discord(parts: Parts) -> DiscordComponent:
    """Discord with only the parts it uses."""
    from adapters.discord.component import DiscordComponent, discord_deps

    return DiscordComponent(discord_deps(parts))


def _build(context: RunContext) -> Connector:
    return build_discord(context.parts)


SPEC = register(ConnectorSpec(name="discord", configured=_configured, build=_build, order=30))
