"""`/healthz`, `/readyz` and `/metrics` on the shared HTTP server.

Liveness answers as long as the event loop does: restarting a process because the
database is down would not help, so `/healthz` never touches the database. Readiness is
what a load balancer should follow: the database answers `SELECT 1` within a short
timeout, every registered check (the scheduler) is fine, and the process is not shutting
down. Otherwise 503 with a JSON body naming what is wrong. `/metrics` answers only to
the bearer token when INROADS_METRICS_TOKEN is set: it names commands, platforms and
backlogs, nothing secret but nothing the public needs either.
"""

from __future__ import annotations

import asyncio
import hmac
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from aiohttp import web
from pydantic import SecretStr
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.ops.metrics import CONTENT_TYPE, Metrics
from adapters.settings import Settings
from storage import tables

#: A readiness check: returns None when fine, else a short reason a human can act on.
HealthCheck = Callable[[], Awaitable[str | None] | str | None]

DB_CHECK_TIMEOUT = 2.0


@dataclass
class Health:
    """What `/readyz` consults; lives on the App so any component can add a check."""

    checks: dict[str, HealthCheck] = field(default_factory=dict)
    shutting_down: bool = False

    def add_check(self, name: str, check: HealthCheck) -> None:
        self.checks[name] = check


async def database_reason(
    engine: AsyncEngine, limit_seconds: float = DB_CHECK_TIMEOUT
) -> str | None:
    async def ping() -> None:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))

    try:
        await asyncio.wait_for(ping(), limit_seconds)
    except TimeoutError:
        return f"database did not answer within {limit_seconds:g} s"
    except Exception as exc:
        return f"database unreachable ({exc.__class__.__name__})"
    return None


class Observed(Protocol):
    """What health and metrics read of the running app: only these, so this module
    needs nothing from the composition root (which imports it) and the two are no
    import circle. The composition root hands over its `adapters.contract.Parts`."""

    @property
    def settings(self) -> Settings: ...

    @property
    def engine(self) -> AsyncEngine: ...

    @property
    def metrics(self) -> Metrics: ...

    @property
    def health(self) -> Health: ...


async def readiness(app: Observed) -> dict[str, str]:
    """Every failing check with its reason; empty when ready."""
    failures: dict[str, str] = {}
    if app.health.shutting_down:
        failures["process"] = "shutting down"
    reason = await database_reason(app.engine)
    if reason:
        failures["database"] = reason
    for name, check in app.health.checks.items():
        try:
            outcome = check()
            result = await outcome if inspect.isawaitable(outcome) else outcome
        except Exception as exc:
            result = f"check raised {exc.__class__.__name__}"
        if result:
            failures[name] = result
    return failures


def pending_reminders_refresher(
    engine: AsyncEngine, metrics: Metrics
) -> Callable[[], Awaitable[None]]:
    """Counts pending and overdue reminders for the gauges, once per scrape."""
    reminders = tables.reminders
    count = select(func.count()).select_from(reminders)

    async def refresh() -> None:
        now = datetime.now(UTC)
        async with engine.connect() as connection:
            pending = await connection.scalar(count.where(reminders.c.status == "pending"))
            overdue = await connection.scalar(
                count.where(reminders.c.status == "pending", reminders.c.due_at <= now)
            )
        metrics.reminders_pending.set(pending or 0)
        metrics.reminders_overdue.set(overdue or 0)

    return refresh


def metrics_allowed(request: web.Request, token: SecretStr | None) -> bool:
    """No token configured: open (bind to loopback or a private network instead).
    Configured: the scrape must send it as a bearer token (compared in constant time)."""
    if token is None:
        return True
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    expected = token.get_secret_value().encode()
    return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), expected)


def ops_routes(app: Observed) -> Callable[[web.Application], None]:
    """An installer for `HttpComponent.add_routes`."""

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def readyz(_request: web.Request) -> web.Response:
        failures = await readiness(app)
        if failures:
            return web.json_response({"status": "unavailable", "reasons": failures}, status=503)
        return web.json_response({"status": "ready"})

    async def metrics(request: web.Request) -> web.Response:
        if not metrics_allowed(request, app.settings.metrics_token):
            return web.Response(
                status=401,
                text="Metrics need the bearer token set in INROADS_METRICS_TOKEN.\n",
                headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
            )
        body = await app.metrics.render()
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE})

    def install(web_app: web.Application) -> None:
        web_app.router.add_get("/healthz", healthz)
        web_app.router.add_get("/readyz", readyz)
        web_app.router.add_get("/metrics", metrics)

    return install
