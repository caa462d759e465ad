"""The composition root: build everything from settings, in one place, at start.

Nothing is created at import time. `build_app` wires storage, the core and the scheduler;
`inroads run` then starts each connector whose settings are present (console when none;
see `adapters/connectors.py`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.contract import Commands, Connector, Parts
from adapters.notifier import RoutingNotifier
from adapters.ops.community_metrics import community_refresher
from adapters.ops.health import Health, pending_reminders_refresher
from adapters.ops.metered import MeteredNotifier
from adapters.ops.metrics import Metrics
from adapters.ops.startup import wait_for_database
from adapters.scheduler.component import SchedulerComponent
from adapters.scheduler.directory import register_directory_refresh
from adapters.scheduler.imports import register_import_expiry
from adapters.scheduler.mentoring import register_mentor_rounds
from adapters.scheduler.requests import register_request_sweep
from adapters.settings import Settings
from bot.bootstrap import build_dispatcher, build_services
from bot.dispatcher import Dispatcher
from bot.domain import Actor
from bot.ports import Clock, Notifier
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


@runtime_checkable
class StopsWithin(Protocol):
    """A component that plans its stop (finish, then hand back) within the slice of the
    shutdown budget `serve` gives it."""

    stop_seconds: float


@dataclass
class App:
    settings: Settings
    engine: AsyncEngine
    services: Services
    dispatcher: Dispatcher
    notifier: RoutingNotifier = field(default_factory=RoutingNotifier)
    #: Timing for reminders and recurring jobs; `inroads run` starts it last.
    scheduler: SchedulerComponent | None = None
    #: Prometheus metrics of this App (own registry); adapters count platform errors here.
    metrics: Metrics = field(default_factory=Metrics)
    #: Readiness checks (`/readyz`); the scheduler registers itself here.
    health: Health = field(default_factory=Health)

    @property
    def parts(self) -> Parts:
        """The pieces connectors are built from (`adapters/connectors.py`): each gets
        only those it uses, never the App."""
        return Parts(
            settings=self.settings,
            engine=self.engine,
            commands=Commands(self.dispatcher, self.services),
            notifiers=self.notifier,
            health=self.health,
            metrics=self.metrics,
        )

    async def close(self) -> None:
        await self.engine.dispose()


async def serve(app: App, components: list[Component], stop: asyncio.Event | None = None) -> None:
    """Start components in order, wait for SIGTERM/SIGINT (or `stop`), stop them in reverse.

    Components that finish on their own (the console at EOF) set `stop` themselves.
    Put the HTTP server last so it stops first: no new work is taken while the scheduler
    finishes its in-flight sends. The whole stop has one budget
    (`INROADS_SHUTDOWN_TIMEOUT_SECONDS`, default 10 s, what Kubernetes waits by default
    before SIGKILL is 30 s); a component that overruns its share is abandoned with a log
    line so the rest still close cleanly.
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
            if isinstance(component, Connector):
                # Messages the bot starts on its own reach this platform from now on.
                app.notifier.register(component.platform, component.notifier)
            log.info("started %s", component.name)
        await stop.wait()
    finally:
        app.health.shutting_down = True
        await _stop_all(app, started)


async def _stop_all(app: App, started: list[Component]) -> None:
    loop = asyncio.get_running_loop()
    budget = app.settings.shutdown_timeout_seconds
    deadline = loop.time() + budget
    order = list(reversed(started))
    for index, component in enumerate(order):
        # Each component gets an equal share of what is left (a second kept back for
        # closing the database pool), so one slow stop (the scheduler waiting on a send)
        # cannot eat the time the Slack inbox needs to hand its work back. Time one
        # component does not use goes to the ones after it.
        remaining = max((deadline - loop.time() - 1.0) / (len(order) - index), 0.1)
        if isinstance(component, StopsWithin):
            component.stop_seconds = remaining  # it plans its own stop within its slice
        try:
            await asyncio.wait_for(component.stop(), remaining)
            log.info("stopped %s", component.name)
        except TimeoutError:
            log.error(
                "stopping %s took longer than %.1f s; abandoning it", component.name, remaining
            )
        except Exception:
            log.exception("stopping %s failed", component.name)
    try:
        await asyncio.wait_for(app.close(), max(deadline - loop.time(), 1.0))
    except TimeoutError:
        log.error("closing database connections timed out")


def _clock_from(settings: Settings) -> Clock:
    """The system clock, or (tests only, see adapters/testclock.py) a file's."""
    from adapters.testclock import clock_from_env

    return clock_from_env(os.environ) or SystemClock()


async def build_app(
    settings: Settings,
    *,
    notifier: Notifier | None = None,
    clock: Clock | None = None,
    migrate: bool = True,
    schema: str | None = None,
    deliver_only_to: Actor | None = None,
) -> App:
    """Everything wired from settings; `deliver_only_to` limits reminder delivery to one
    person (a console: other people's reminders wait for their own console)."""
    clock = clock or _clock_from(settings)  # a bad test clock fails before any connection
    start_mappers()
    routing = RoutingNotifier()
    engine = create_engine(settings.database_url, schema=schema)
    if migrate:
        try:
            await wait_for_database(
                engine,
                attempts=settings.db_connect_attempts,
                max_delay=settings.db_retry_max_seconds,
            )
        except BaseException:
            await engine.dispose()
            raise
        await upgrade(engine)
    metrics = Metrics()
    services = build_services(
        SqlUnitOfWorkFactory(session_factory(engine), default_timezone=settings.default_timezone),
        clock=clock,
        notifier=MeteredNotifier(notifier or routing, metrics),
        config=CoreConfig(default_timezone=settings.default_timezone),
    )
    dispatcher = build_dispatcher(services)
    dispatcher.add_observer(metrics.observe_command)
    metrics.add_refresher(pending_reminders_refresher(engine, metrics))
    metrics.add_refresher(community_refresher(services, metrics))
    scheduler = SchedulerComponent(
        services,
        interval_seconds=settings.dispatch_interval_seconds,
        deliver_only_to=deliver_only_to,
    )
    register_mentor_rounds(scheduler, services)
    register_import_expiry(scheduler, engine)
    register_directory_refresh(scheduler, services)
    register_request_sweep(scheduler, services)
    return App(
        settings=settings,
        engine=engine,
        services=services,
        dispatcher=dispatcher,
        notifier=routing,
        metrics=metrics,
        scheduler=scheduler,
    )
