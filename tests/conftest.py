"""Shared fixtures: the core with fakes, and real databases (SQLite and PostgreSQL).

PostgreSQL tests use INROADS_TEST_POSTGRES_URL (the Makefile sets it) and a fresh schema
per test, dropped afterwards. Without a reachable server they are skipped with the reason
printed, except under CI=true, where a skipped PostgreSQL test is a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.dispatcher import Dispatcher
from bot.domain import Actor
from bot.registry import all_specs
from bot.reminders.cadence import CadenceListener
from bot.reminders.notices import PendingNotices, show_pending_notice
from bot.services import Services
from storage.engine import create_engine, normalise_url, session_factory
from storage.mapping import start_mappers
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWorkFactory
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


@pytest.fixture
def core() -> CoreHarness:
    uow = FakeUnitOfWorkFactory()
    clock = FixedClock()
    notifier = RecordingNotifier()
    services = Services(
        uow=uow,
        clock=clock,
        notifier=notifier,
        journal_listeners=(CadenceListener(),),
        reply_hooks=(show_pending_notice,),
    )
    return CoreHarness(Dispatcher(services, all_specs()), uow, clock, notifier)


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
        await conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    await admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def engine(
    request: pytest.FixtureRequest, tmp_path: os.PathLike[str]
) -> AsyncIterator[AsyncEngine]:
    """A migrated, empty database of each kind."""
    start_mappers()
    schema = None
    if request.param == "sqlite":
        eng = create_engine(f"sqlite+aiosqlite:///{tmp_path}/test.sqlite3")
    else:
        eng, schema = await _postgres_schema_engine()
    await upgrade(eng)
    try:
        yield eng
    finally:
        await eng.dispose()
        if schema:
            await _drop_schema(schema)


@pytest.fixture
def sql_uow(engine: AsyncEngine) -> SqlUnitOfWorkFactory:
    return SqlUnitOfWorkFactory(session_factory(engine))


@pytest.fixture
def sql_core(sql_uow: SqlUnitOfWorkFactory) -> CoreHarness:
    """The core on a real database (both kinds), with a fixed clock."""
    clock = FixedClock()
    notifier = RecordingNotifier()
    services = Services(
        uow=sql_uow,
        clock=clock,
        notifier=notifier,
        journal_listeners=(CadenceListener(),),
        reply_hooks=(show_pending_notice,),
        pending_notices=PendingNotices(),
    )
    return CoreHarness(Dispatcher(services, all_specs()), sql_uow, clock, notifier)
