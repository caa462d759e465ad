"""The console as a runtime component: reads stdin until EOF, then asks the app to stop."""

from __future__ import annotations

import asyncio
import contextlib

from adapters.console.notifier import ConsoleNotifier
from adapters.console.repl import CONSOLE_PLATFORM, console_actor, run_console
from adapters.runtime import App


class ConsoleComponent:
    name = "console"

    def __init__(self, app: App, stop: asyncio.Event, user: str | None = None) -> None:
        self.app = app
        self.stop_event = stop
        self.actor = console_actor(user)
        self._task: asyncio.Task[None] | None = None
        app.notifier.register(CONSOLE_PLATFORM, ConsoleNotifier())

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="console")

    async def _run(self) -> None:
        try:
            await run_console(self.app.dispatcher, self.actor)
        finally:
            self.stop_event.set()

    async def stop(self) -> None:
        if self._task and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
