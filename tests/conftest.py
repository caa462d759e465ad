"""Shared fixtures: the core with fakes, and real databases (SQLite and PostgreSQL).

PostgreSQL tests use INROADS_TEST_POSTGRES_URL (the Makefile sets it) and a fresh schema
per test, dropped afterwards. Both kinds are migrated once per test process and copied
for each test (tests/dbtemplate.py). Without a reachable server they are skipped with the reason
printed, except under CI=true, where a skipped PostgreSQL test is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.bootstrap import build_dispatcher, build_services
from bot.dispatcher import Dispatcher
from bot.domain import Actor
from bot.reminders.dispatch import DispatchStats, ReminderDispatcher
from storage.engine import create_engine, normalise_url, session_factory
from storage.mapping import start_mappers
from storage.uow import SqlUnitOfWorkFactory
from tests.dbtemplate import postgres_fill, sqlite_copy
from tests.fakes import FakeUnitOfWorkFactory, FixedClock, RecordingNotifier

POSTGRES_URL = os.environ.get("INROADS_TEST_POSTGRES_URL", "")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}

ALICE = Actor("console", "w1", "alice", "Alice")
BOB = Actor("console", "w1", "bob", "Bob")


@dataclass
class CoreHarness:
    """The core wired to fakes: run a text command as someone, inspect the store."""

    dispatcher: Dispatcher
    uow: Any  # FakeUnitOfWorkFactory, or SqlUnitOfWorkFactory in sql_core
    clock: FixedClock
    notifier: RecordingNotifier

    async def say(self, text: str, actor: Actor = ALICE) -> str:
        reply = await self.dispatcher.run_text(actor, text)
        return reply.plain_text()

    async def deliver(self) -> DispatchStats:
        """Drain the outbox once, as the scheduler's dispatcher does (a round's
        introductions, notices and announcement; check-ins that are due)."""
        return await ReminderDispatcher(self.dispatcher.services).run_once()


@pytest.fixture
def core() -> CoreHarness:
    uow = FakeUnitOfWorkFactory()
    clock = FixedClock()
    notifier = RecordingNotifier()
    services = build_services(uow, clock=clock, notifier=notifier)
    return CoreHarness(build_dispatcher(services), uow, clock, notifier)


async def _postgres_schema_engine() -> tuple[AsyncEngine, str]:
    if not POSTGRES_URL:
        reason = "INROADS_TEST_POSTGRES_URL is not set"
        if IN_CI:
            pytest.fail(f"PostgreSQL is required under CI: {reason}")
        pytest.skip(reason)
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(normalise_url(POSTGRES_URL))
    try:
        async with admin.begin() as conn:
            await conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # unreachable server
        await admin.dispose()
        reason = f"PostgreSQL at {POSTGRES_URL} is not reachable: {exc.__class__.__name__}"
        if IN_CI:
            pytest.fail(f"PostgreSQL is required under CI: {reason}")
        pytest.skip(reason)
    await admin.dispose()
    return create_engine(POSTGRES_URL, schema=schema), schema


async def _drop_schema(schema: str) -> None:
    admin = create_async_engine(normalise_url(POSTGRES_URL))
    async with admin.begin() as conn:
        await conn.execute(text("SET LOCAL synchronous_commit = off"))
        await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    await admin.dispose()


@asynccontextmanager
async def migrated_database(kind: str, tmp_path: os.PathLike[str]) -> AsyncIterator[AsyncEngine]:
    """A migrated, empty database: "sqlite" in `tmp_path`, or "postgres" in a fresh schema
    (dropped afterwards). For fixtures parametrised over more than the two databases."""
    start_mappers()
    schema = None
    if kind == "sqlite":
        path = Path(tmp_path) / "test.sqlite3"
        await sqlite_copy(path)
        eng = create_engine(f"sqlite+aiosqlite:///{path}")
    else:
        eng, schema = await _postgres_schema_engine()
        await postgres_fill(POSTGRES_URL, schema, eng)
    try:
        yield eng
    finally:
        await eng.dispose()
        if schema:
            await _drop_schema(schema)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def engine(
    request: pytest.FixtureRequest, tmp_path: os.PathLike[str]
) -> AsyncIterator[AsyncEngine]:
    """A migrated, empty database of each kind."""
    async with migrated_database(request.param, tmp_path) as eng:
        yield eng


@pytest.fixture
def sql_uow(engine: AsyncEngine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(session_factory(engine))


@pytest.fixture
def sql_core(sql_uow: SqlUnitOfWorkFactory) -> CoreHarness:
    """The core on a real database (both kinds), with a fixed clock."""
    clock = FixedClock()
    notifier = RecordingNotifier()
    services = build_services(sql_uow, clock=clock, notifier=notifier)
    return CoreHarness(build_dispatcher(services), sql_uow, clock, notifier)
