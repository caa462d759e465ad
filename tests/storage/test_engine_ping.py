"""Stale connections: idle ones are pinged and replaced, busy ones are not pinged.

`storage.engine` pings a pooled connection only when it sat idle for a while, instead
of on every checkout (`pool_pre_ping`). These tests pin both halves of that trade on a
real PostgreSQL: the ping is skipped for a connection that was just used, and a backend
killed while its connection was idle is replaced without the user seeing an error.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import exc, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.engine import create_engine
from tests.conftest import POSTGRES_URL

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="INROADS_TEST_POSTGRES_URL is not set")


async def _backend_pid(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int((await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def _kill(pid: int) -> None:
    admin = create_engine(POSTGRES_URL)
    try:
        async with admin.connect() as connection:
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        await admin.dispose()


def _count_pings(engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    dialect = engine.sync_engine.dialect
    pings = [0]
    real = dialect.do_ping

    def counting(dbapi_connection: Any) -> bool:
        pings[0] += 1
        return real(dbapi_connection)

    monkeypatch.setattr(dialect, "do_ping", counting)
    return pings


@pytest.fixture
async def idle_pinging() -> AsyncIterator[AsyncEngine]:
    """Every checkout counts as idle: the ping always runs."""
    engine = create_engine(POSTGRES_URL, ping_if_idle_seconds=0.0)
    yield engine
    await engine.dispose()


@pytest.fixture
async def never_idle() -> AsyncIterator[AsyncEngine]:
    """No checkout counts as idle: the ping never runs."""
    engine = create_engine(POSTGRES_URL, ping_if_idle_seconds=3600.0)
    yield engine
    await engine.dispose()


async def test_a_connection_used_a_moment_ago_is_not_pinged(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    engine = create_engine(POSTGRES_URL)  # the production threshold
    pings = _count_pings(engine, monkeypatch)
    try:
        first = await _backend_pid(engine)
        for _ in range(5):
            assert await _backend_pid(engine) == first  # the same pooled connection
        assert pings[0] == 0
    finally:
        await engine.dispose()


async def test_an_idle_connection_is_pinged_before_use(
    idle_pinging: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    pings = _count_pings(idle_pinging, monkeypatch)
    await _backend_pid(idle_pinging)  # a brand-new connection: nothing to check
    assert pings[0] == 0
    await _backend_pid(idle_pinging)
    assert pings[0] == 1


async def test_an_idle_connection_whose_backend_died_is_replaced_silently(
    idle_pinging: AsyncEngine,
) -> None:
    dead = await _backend_pid(idle_pinging)
    await _kill(dead)
    fresh = await _backend_pid(idle_pinging)  # no error reaches the caller
    assert fresh != dead


async def test_a_busy_connection_that_died_fails_once_then_the_pool_recovers(
    never_idle: AsyncEngine,
) -> None:
    """The cost of skipping the ping: one statement fails (the dispatcher turns that
    into the friendly apology), SQLAlchemy invalidates the pool, the next one works."""
    dead = await _backend_pid(never_idle)
    await _kill(dead)
    with pytest.raises(exc.DBAPIError) as failure:
        await _backend_pid(never_idle)
    assert failure.value.connection_invalidated
    assert await _backend_pid(never_idle) != dead
