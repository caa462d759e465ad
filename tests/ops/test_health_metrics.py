"""/healthz, /readyz and /metrics over real HTTP, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.http.server import HttpComponent
from adapters.ops.health import ops_routes
from adapters.ops.metrics import Metrics
from adapters.runtime import App, build_app
from adapters.settings import load_settings
from bot.bootstrap import build_dispatcher, build_services
from storage.engine import create_engine, session_factory
from storage.uow import SqlUnitOfWorkFactory
from tests.conftest import ALICE
from tests.fakes import FixedClock


def app_on(engine: AsyncEngine) -> App:
    """An App over an already-migrated engine, wired the way build_app wires it."""
    from adapters.ops.health import pending_reminders_refresher

    settings = load_settings(database_url="sqlite+aiosqlite:///unused.sqlite3")
    services = build_services(SqlUnitOfWorkFactory(session_factory(engine)), clock=FixedClock())
    dispatcher = build_dispatcher(services)
    metrics = Metrics()
    dispatcher.add_observer(metrics.observe_command)
    metrics.add_refresher(pending_reminders_refresher(engine, metrics))
    return App(settings, engine, services, dispatcher, metrics=metrics)


async def serve_ops(app: App) -> tuple[HttpComponent, str]:
    http = HttpComponent(app.settings, host="127.0.0.1", port=0)
    http.add_routes(ops_routes(app.parts))
    await http.start()
    return http, f"http://127.0.0.1:{http.bound_port}"


@pytest.fixture
async def running(engine: AsyncEngine) -> AsyncIterator[tuple[App, str]]:
    app = app_on(engine)
    http, base = await serve_ops(app)
    try:
        yield app, base
    finally:
        await http.stop()


async def get(url: str) -> tuple[int, str, str]:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, response.headers["Content-Type"], await response.text()


async def test_healthz_and_readyz_when_all_is_well(running: tuple[App, str]) -> None:
    _app, base = running
    assert (await get(base + "/healthz"))[0] == 200
    status, ctype, body = await get(base + "/readyz")
    assert status == 200, body
    assert ctype.startswith("application/json")
    assert '"ready"' in body


async def test_readyz_503_names_the_failing_check(running: tuple[App, str]) -> None:
    app, base = running

    async def scheduler_down() -> str | None:
        return "scheduler is not running"

    app.health.add_check("scheduler", scheduler_down)
    app.health.add_check("sync_ok", lambda: None)
    status, _, body = await get(base + "/readyz")
    assert status == 503
    assert '"scheduler": "scheduler is not running"' in body
    assert "sync_ok" not in body
    app.health.checks.pop("scheduler")
    app.health.shutting_down = True
    status, _, body = await get(base + "/readyz")
    assert status == 503
    assert '"process": "shutting down"' in body


async def test_metrics_count_commands_by_name_and_outcome(running: tuple[App, str]) -> None:
    app, base = running
    await app.dispatcher.run_text(ALICE, 'interview log "Jane Doe" company:Acme')
    await app.dispatcher.run_text(ALICE, "interview log")  # rejected: no name
    await app.dispatcher.run_text(ALICE, "frobnicate")  # unknown command
    status, ctype, body = await get(base + "/metrics")
    assert status == 200
    assert ctype.startswith("text/plain; version=0.0.4")
    assert 'inroads_commands_total{command="interview log",outcome="ok"} 1.0' in body
    assert 'inroads_commands_total{command="interview log",outcome="rejected"} 1.0' in body
    assert 'inroads_commands_total{command="unknown",outcome="rejected"} 1.0' in body
    assert 'inroads_command_duration_seconds_count{command="interview log"} 2.0' in body
    # The interview logged above scheduled its follow-up check-ins; the gauge counts them.
    async with app.services.uow() as uow:
        pending = len(await uow.reminders.list(ALICE, statuses=["pending"]))
    assert pending > 0
    assert f"inroads_reminders_pending {float(pending)}" in body


async def test_metrics_reminder_and_platform_counters(running: tuple[App, str]) -> None:
    app, base = running
    app.metrics.reminder_sent("slack", 0.12)
    app.metrics.reminder_failed("discord", "50007")
    app.metrics.reminder_failed("slack", "cannot_dm_bot", 0.3)
    app.metrics.platform_error("slack", "ratelimited")
    app.metrics.rate_limited("slack")
    body = (await get(base + "/metrics"))[2]
    assert 'inroads_reminders_sent_total{platform="slack"} 1.0' in body
    assert (
        'inroads_reminders_failed_total{final="true",platform="discord",reason="50007"} 1.0' in body
    )
    assert (
        'inroads_reminders_failed_total{final="true",platform="slack",reason="cannot_dm_bot"} 1.0'
        in body
    )
    assert 'inroads_reminder_send_duration_seconds_count{platform="slack"} 2.0' in body
    assert 'inroads_platform_errors_total{error="ratelimited",platform="slack"} 1.0' in body
    assert 'inroads_platform_rate_limited_total{platform="slack"} 1.0' in body


async def test_each_app_has_its_own_registry(tmp_path: Path) -> None:
    first = await build_app(load_settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/a.db"))
    second = await build_app(load_settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/b.db"))
    try:
        await first.dispatcher.run_text(ALICE, "help")
        assert b'inroads_commands_total{command="inroads help",outcome="ok"} 1.0' in (
            await first.metrics.render()
        )
        assert b"inroads_commands_total{" not in await second.metrics.render()
    finally:
        await first.close()
        await second.close()


async def test_readyz_503_when_database_is_down() -> None:
    """A PostgreSQL URL on a port where nothing listens: not ready, but still alive."""
    engine = create_engine("postgresql+asyncpg://postgres@127.0.0.1:9/none")
    app = app_on(engine)
    http, base = await serve_ops(app)
    try:
        assert (await get(base + "/healthz"))[0] == 200
        status, _, body = await get(base + "/readyz")
        assert status == 503
        assert '"database": "database unreachable' in body
        # A failing gauge refresh leaves the scrape working.
        status, _, body = await get(base + "/metrics")
        assert status == 200
        assert "inroads_reminders_pending" in body
    finally:
        await http.stop()
        await engine.dispose()
