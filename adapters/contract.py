"""The contract every platform connector meets (`Connector`).

A leaf module on purpose: the runtime starts connectors through it and the registry
(`adapters/connectors.py`) lists them, and neither has to import the other, so there is
no import circle between the composition root and the platforms.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from bot.ports import Notifier


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
