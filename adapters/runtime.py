"""The composition root: build everything from settings, in one place, at start.

Nothing is created at import time. `build_app` wires storage, the core and the scheduler;
`inroads run` then starts each adapter whose settings are present (console when none).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.notifier import RoutingNotifier
from adapters.settings import Settings
from bot.dispatcher import Dispatcher
from bot.ports import Clock, Notifier
from bot.registry import all_specs
from bot.services import CoreConfig, Services, SystemClock
from storage.engine import create_engine, session_factory
from storage.mapping import start_mappers
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWorkFactory

log = logging.getLogger(__name__)


class Component(Protocol):
    """Something `inroads run` starts and stops: an adapter, the scheduler, the HTTP server."""

    name: str

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


@dataclass
class App:
    settings: Settings
    engine: AsyncEngine
    services: Services
    dispatcher: Dispatcher
    notifier: RoutingNotifier = field(default_factory=RoutingNotifier)

    async def close(self) -> None:
        await self.engine.dispose()


async def serve(app: App, components: list[Component], stop: asyncio.Event | None = None) -> None:
    """Start components in order, wait for SIGTERM/SIGINT (or `stop`), stop them in reverse.

    Components that finish on their own (the console at EOF) set `stop` themselves.
    """
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # not the main thread
            loop.add_signal_handler(sig, stop.set)
    started: list[Component] = []
    try:
        for component in components:
            await component.start()
            started.append(component)
            log.info("started %s", component.name)
        await stop.wait()
    finally:
        for component in reversed(started):
            try:
                await component.stop()
            except Exception:
                log.exception("stopping %s failed", component.name)
        await app.close()


async def build_app(
    settings: Settings,
    *,
    notifier: Notifier | None = None,
    clock: Clock | None = None,
    migrate: bool = True,
    schema: str | None = None,
) -> App:
    start_mappers()
    routing = RoutingNotifier()
    engine = create_engine(settings.database_url, schema=schema)
    if migrate:
        await upgrade(engine)
    services = Services(
        uow=SqlUnitOfWorkFactory(session_factory(engine)),
        clock=clock or SystemClock(),
        notifier=notifier or routing,
        config=CoreConfig(default_timezone=settings.default_timezone),
    )
    dispatcher = Dispatcher(services, all_specs())
    return App(
        settings=settings,
        engine=engine,
        services=services,
        dispatcher=dispatcher,
        notifier=routing,
    )
