"""Discord's entry in the connector registry (`adapters/connectors.py`).

Light on purpose: discord.py is imported only when Discord is built.
"""

from __future__ import annotations

from adapters.connectors import Connector, ConnectorSpec, RunContext, register
from adapters.settings import Settings


def _configured(settings: Settings) -> bool:
    return settings.discord_enabled


def _build(context: RunContext) -> Connector:
    from adapters.discord.component import DiscordComponent

    return DiscordComponent(context.app)


SPEC = register(ConnectorSpec(name="discord", configured=_configured, build=_build, order=30))
