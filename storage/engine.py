"""Build the async engine and session factory from a URL (never at import time)."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import event, exc
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

#: A pooled connection idle for longer than this is pinged before it is handed out.
#: Busy connections skip the ping: under load it was a third of all round trips (the
#: asyncpg ping is BEGIN, `;`, ROLLBACK). A restart takes longer than this, so the
#: connections it broke have been idle long enough to be pinged and replaced.
PING_IF_IDLE_SECONDS = 1.0
_IDLE_SINCE = "inroads_idle_since"
#: Connections kept per process, and extra ones for bursts (PostgreSQL's default limit
#: is 100 connections: that is four replicas at full burst).
POOL_SIZE = 16
POOL_OVERFLOW = 8


def normalise_url(url: str) -> str:
    """Accept the URLs people paste (postgres://, postgresql://, sqlite:///) and pick the
    async driver for them, so a Heroku-style DATABASE_URL just works."""
    parsed = make_url(url)
    driver = parsed.drivername
    if driver in {"postgres", "postgresql", "postgresql+psycopg2", "postgresql+psycopg"}:
        parsed = parsed.set(drivername="postgresql+asyncpg")
    elif driver == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
    return parsed.render_as_string(hide_password=False)


def create_engine(
    url: str,
    *,
    schema: str | None = None,
    echo: bool = False,
    ping_if_idle_seconds: float = PING_IF_IDLE_SECONDS,
) -> AsyncEngine:
    """An engine that survives database restarts (idle connections are pinged before
    use) and, on SQLite, allows a reader and a writer at once (WAL) and waits for locks
    instead of failing."""
    url = normalise_url(url)
    # hide_parameters: a failed statement's error (and echo) would otherwise carry the
    # row's values (someone's notes, names, check-in texts) into the logs.
    kwargs: dict[str, Any] = {"echo": echo, "hide_parameters": True}
    if url.startswith("postgresql"):
        connect_args: dict[str, Any] = {"timeout": 10}
        if schema:
            connect_args["server_settings"] = {"search_path": schema}
        kwargs["connect_args"] = connect_args
        # Steady state fits the kept connections: Slack's 12 work slots, the reminder
        # dispatcher, the replay ledger and a spare. An overflow connection is closed as
        # soon as it is returned, so a pool smaller than the steady state opens (forks a
        # PostgreSQL backend) and closes a connection for every command under load.
        kwargs["pool_size"] = POOL_SIZE
        kwargs["max_overflow"] = POOL_OVERFLOW
    else:
        kwargs["connect_args"] = {"timeout": 30}
    engine = create_async_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
    else:
        _ping_idle_connections(engine, ping_if_idle_seconds)
    return engine


def _ping_idle_connections(engine: AsyncEngine, idle_seconds: float) -> None:
    """Pessimistic disconnect handling, like `pool_pre_ping`, but only for connections
    that sat in the pool for `idle_seconds` or more. A ping that fails raises
    `DisconnectionError`, which makes the pool drop that connection and open a new one.
    A connection that breaks while busy is caught by SQLAlchemy's disconnect detection:
    that statement fails (the user gets the friendly error) and the pool is refreshed."""
    dialect = engine.sync_engine.dialect

    def checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    def checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.pop(_IDLE_SINCE, None)
        if idle_since is None or time.monotonic() - idle_since < idle_seconds:
            return  # brand new, or busy a moment ago
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise exc.DisconnectionError(f"stale pooled connection: {error}") from error

    event.listen(engine.sync_engine.pool, "checkin", checked_in)
    event.listen(engine.sync_engine.pool, "checkout", checked_out)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
    # SQLite's own lower() folds ASCII letters only, so "élodie" never found "Élodie";
    # PostgreSQL (UTF-8) and the core fold every letter. Python's is used instead (no
    # index is built on lower(), so replacing it changes no stored index).
    dbapi_connection.create_function("lower", 1, _lower, deterministic=True)


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


def dialect_name(session: AsyncSession) -> str:
    """The session's database kind ("postgresql", "sqlite"), read from its engine: no
    I/O, no greenlet switch, no transaction started (asking for the connection does all
    three just to learn it)."""
    return session.get_bind().dialect.name


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: handlers read objects after commit; an expired attribute
    # would trigger implicit IO, which async SQLAlchemy forbids.
    return async_sessionmaker(engine, expire_on_commit=False)
