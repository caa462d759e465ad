"""Waiting for the database at start.

In compose and Kubernetes the bot often starts before PostgreSQL accepts connections.
Crashing at once makes the orchestrator restart us in a loop with a traceback each time;
instead we say once, clearly, what we are waiting for, and retry with exponential
backoff (1, 2, 4 ... capped) for a bounded number of attempts. After that we give up
with one line, and the orchestrator's restart policy takes over.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger("inroads.startup")

#: Each attempt's own limit, so a black-holed host doesn't stall a single try for long.
ATTEMPT_TIMEOUT = 10.0


class DatabaseUnavailable(Exception):
    """The database never answered within the configured attempts."""


def describe(engine: AsyncEngine) -> str:
    """Where the database is, without the password."""
    url = make_url(str(engine.url))
    if url.get_backend_name() == "sqlite":
        return f"SQLite file {url.database}"
    return (
        f"{url.get_backend_name()} at {url.host or 'localhost'}:{url.port or 5432}/{url.database}"
    )


def backoff_delays(attempts: int, max_delay: float, first: float = 1.0) -> list[float]:
    """Delays between attempts: 1, 2, 4, ... capped at `max_delay` (attempts - 1 of them)."""
    return [min(first * 2**i, max_delay) for i in range(max(attempts - 1, 0))]


async def ping(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


async def wait_for_database(
    engine: AsyncEngine,
    *,
    attempts: int = 10,
    max_delay: float = 30.0,
    first_delay: float = 1.0,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
) -> None:
    """Return once the database answers; raise DatabaseUnavailable after `attempts` tries.

    Logs ONE warning when the first attempt fails (later failures go to DEBUG), and one
    info line when it finally answers, so a slow start reads as two lines, not forty.
    """
    where = describe(engine)
    delays = backoff_delays(attempts, max_delay, first_delay)
    last: BaseException | None = None
    for attempt in range(1, attempts + 1):
        try:
            await asyncio.wait_for(ping(engine), ATTEMPT_TIMEOUT)
        except Exception as exc:
            last = exc
            reason = reason_of(exc)
            if attempt == 1:
                log.warning(
                    "Database %s is not reachable (%s); retrying up to %d times with "
                    "backoff (max %gs between tries).",
                    where,
                    reason,
                    attempts - 1,
                    max_delay,
                    extra={"attempts": attempts},
                )
            else:
                log.debug("database attempt %d/%d failed: %s", attempt, attempts, reason)
            if attempt == attempts:
                break
            await sleep(delays[attempt - 1])
        else:
            if attempt > 1:
                log.info("Database %s is reachable after %d attempts.", where, attempt)
            return
    raise DatabaseUnavailable(
        f"Database {where} is still not reachable after {attempts} attempts "
        f"({reason_of(last)}). Check INROADS_DATABASE_URL and that the server is running."
    )


def reason_of(exc: BaseException | None) -> str:
    if exc is None:
        return "unknown error"
    if isinstance(exc, TimeoutError):
        return f"no answer within {ATTEMPT_TIMEOUT:g} s"
    detail = str(exc).splitlines()[0][:160] if str(exc) else ""
    # SQLAlchemy wraps driver errors; the original is the readable one.
    orig = getattr(exc, "orig", None)
    if orig is not None:
        return reason_of(orig)
    return f"{exc.__class__.__name__}: {detail}" if detail else exc.__class__.__name__
