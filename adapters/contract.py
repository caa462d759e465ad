"""The contract every platform connector meets (`Connector`), and what it is built from.

A leaf module on purpose: the runtime starts connectors through it and the registry
(`adapters/connectors.py`) lists them, and neither has to import the other, so there is
no import circle between the composition root and the platforms.

What a connector is built from is :class:`Parts`: the pieces the composition root made
(`adapters.runtime.App.parts`), handed to each platform's `build` in the registry. A
`build` passes its component only the parts it uses (Slack: its settings, the engine
for its inbox, the commands, health and metrics; the console: the commands alone), so
no component can reach the scheduler, another platform's notifier or anything else it
has no business with, and none imports the composition root.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from bot.ports import Notifier

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

    from adapters.ops.health import Health
    from adapters.ops.metrics import Metrics
    from adapters.settings import Settings
    from bot.dispatcher import Dispatcher
    from bot.services import Services


@runtime_checkable
class Connector(Protocol):
    """One platform as `inroads run` sees it.

    `start` connects (and returns once the platform can take work: a wrong token fails
    here, not in a reconnect loop); `stop` closes intake and finishes or hands back work
    within the slice of the shutdown budget the runtime sets on `stop_seconds` when the
    connector has one (`adapters.runtime.StopsWithin`). `notifier` sends the messages the
    bot starts on its own to people of `platform`; the runtime routes to it once started.
    """

    name: str
    platform: str

    @property
    def notifier(self) -> Notifier: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


@dataclass(frozen=True)
class Commands:
    """What a connector runs people's commands with: the dispatcher, and the core's
    services for what the connector does around a command (a first-run guide, a time
    zone learned from a profile, autocomplete)."""

    dispatcher: Dispatcher
    services: Services


class NotifierRoutes(Protocol):
    """Where a connector hands the notifier for its platform's people (the runtime's
    `RoutingNotifier`); it cannot send through another platform's."""

    def register(self, platform: str, notifier: Notifier) -> None: ...


@dataclass(frozen=True)
class Parts:
    """What the composition root built, for the registry to hand out piece by piece."""

    settings: Settings
    engine: AsyncEngine
    commands: Commands
    notifiers: NotifierRoutes
    health: Health
    metrics: Metrics
