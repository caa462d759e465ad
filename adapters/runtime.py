"""The composition root: build everything from settings, in one place, at start.

Nothing is created at import time. `build_app` wires storage, the core and the scheduler;
`inroads run` then starts each adapter whose settings are present (console when none).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine

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


@dataclass
class App:
    settings: Settings
    engine: AsyncEngine
    services: Services
    dispatcher: Dispatcher
    closers: list[object] = field(default_factory=list)

    async def close(self) -> None:
        await self.engine.dispose()


async def build_app(
    settings: Settings,
    *,
    notifier: Notifier | None = None,
    clock: Clock | None = None,
    migrate: bool = True,
    schema: str | None = None,
) -> App:
    start_mappers()
    engine = create_engine(settings.database_url, schema=schema)
    if migrate:
        await upgrade(engine)
    services = Services(
        uow=SqlUnitOfWorkFactory(session_factory(engine)),
        clock=clock or SystemClock(),
        notifier=notifier,
        config=CoreConfig(default_timezone=settings.default_timezone),
    )
    dispatcher = Dispatcher(services, all_specs())
    return App(settings=settings, engine=engine, services=services, dispatcher=dispatcher)
