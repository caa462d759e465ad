"""The console as a runtime component: reads stdin until EOF, then asks the app to stop.

At start it gives a new person the machine's time zone (the console runs on their own
computer, so that zone is theirs far more often than UTC is), and in a terminal it greets
with where the journal lives and, for someone new, the first-run guide.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path

from adapters.console.notifier import ConsoleNotifier
from adapters.console.render import render
from adapters.console.repl import CONSOLE_PLATFORM, console_actor, history_name, run_console
from adapters.contract import Commands, NotifierRoutes
from adapters.zones import save_zone
from bot.domain import Actor
from bot.general.welcome import first_run_guide
from bot.services import Services

log = logging.getLogger(__name__)
MACHINE_ZONE = "machine"


class ConsoleComponent:
    """The console's connector (`adapters.connectors.Connector`): it needs the commands
    and where to hand its notifier, nothing else of the app."""

    name = "console"
    platform = CONSOLE_PLATFORM

    def __init__(
        self,
        commands: Commands,
        notifiers: NotifierRoutes,
        stop: asyncio.Event,
        user: str | None = None,
        *,
        files_dir: Path | None = None,
        journal: str = "",
        data_dir: Path | None = None,
        machine_zone: str | None = None,
    ) -> None:
        self.commands = commands
        self.stop_event = stop
        self.actor = console_actor(user)
        self.files_dir = files_dir
        self.journal = journal
        self.data_dir = data_dir
        self.machine_zone = machine_zone
        self.names = {self.actor.user_id: self.actor.display_name or self.actor.user_id}
        self._task: asyncio.Task[None] | None = None
        self.notifier = ConsoleNotifier(files_dir=files_dir, names=self.names)
        notifiers.register(CONSOLE_PLATFORM, self.notifier)

    async def start(self) -> None:
        learned = False
        if self.machine_zone:
            learned = await learn_zone(self.commands.services, self.actor, self.machine_zone)
        greeting = [self._greeting()]
        guide = await first_run_guide(
            self.commands.services,
            self.actor,
            zone_hint=" (from this computer)" if learned else "",
        )
        if guide is not None:
            greeting += ["", render(guide, names=self.names), ""]
        self._task = asyncio.create_task(self._run(greeting), name="console")

    def _greeting(self) -> str:
        where = f"Your journal is in {self.journal}. " if self.journal else ""
        return f"{where}Type help for commands, quit (or Ctrl-D) to leave."

    async def _run(self, greeting: list[str]) -> None:
        history = None
        if self.data_dir is not None:
            history = self.data_dir / "history" / f"{history_name(self.actor.user_id)}.txt"
        try:
            await run_console(
                self.commands.dispatcher,
                self.actor,
                files_dir=self.files_dir,
                names=self.names,
                greeting=greeting,
                history_file=history,
            )
        finally:
            self.stop_event.set()

    async def stop(self) -> None:
        if self._task and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


async def learn_zone(services: Services, actor: Actor, zone: str) -> bool:
    """Save the machine's zone for someone who never chose one; True if it is theirs now.

    A zone the person set (or one learned earlier) is never overwritten (`adapters.zones`)."""
    try:
        return await save_zone(services, actor, zone, MACHINE_ZONE)
    except Exception:
        log.exception("could not save the machine's time zone for the console user")
        return False
