"""Replays across replicas: the shared ledger refuses a signature any replica accepted.

The per-process memory (`test_slack_security.py`) cannot see what another replica
accepted. Here two real Slack components (two bolt apps, two engines) share one
database, as two pods behind a load balancer do, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.runtime import App, build_app
from adapters.slack.connector import build_slack
from adapters.slack.replay import LedgerBatcher
from storage import tables
from storage.replay import SqlReplayLedger
from tests.conftest import POSTGRES_URL, _drop_schema, _postgres_schema_engine
from tests.fakes import FixedClock
from tests.slack.conftest import SlackHarness, form_headers, make_settings
from tests.slack.fake_slack import FakeSlack
from tests.slack.test_modals import open_log_form, submission

SIGNATURE = "v0=" + "ab" * 32
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


OTHER = "v0=" + "cd" * 32


async def test_a_signature_is_new_once(engine: AsyncEngine) -> None:
    ledger = SqlReplayLedger(engine)
    assert await ledger.first_time([SIGNATURE], NOW) == {SIGNATURE}
    assert await ledger.first_time([SIGNATURE, OTHER], NOW + timedelta(seconds=1)) == {OTHER}
    assert await ledger.first_time([], NOW) == set()


async def test_racing_replicas_accept_a_signature_exactly_once(engine: AsyncEngine) -> None:
    ledgers = [SqlReplayLedger(engine) for _ in range(10)]
    answers = await asyncio.gather(*(ledger.first_time([SIGNATURE], NOW) for ledger in ledgers))
    assert sorted(len(a) for a in answers) == [0] * 9 + [1]


async def test_a_burst_shares_one_write_and_each_signature_is_first_once() -> None:
    """The batcher: one write in flight; the rest wait for the next and share it."""
    writes: list[list[str]] = []

    class Recording:
        def __init__(self) -> None:
            self.seen: set[str] = set()

        async def first_time(self, signatures: Sequence[str], now: datetime) -> set[str]:
            writes.append(list(signatures))
            await asyncio.sleep(0.01)
            new = set(signatures) - self.seen
            self.seen |= new
            return new

        async def forget_before(self, cutoff: datetime) -> int:
            return 0

    batcher = LedgerBatcher(Recording())
    signatures = [f"v0={n:064x}" for n in range(100)] + [SIGNATURE, SIGNATURE]
    answers = await asyncio.gather(*(batcher.first_time(s) for s in signatures))
    assert answers[:100] == [True] * 100
    assert sorted(answers[100:]) == [False, True]  # the same signature twice: one is first
    assert len(writes) <= 2  # the first alone, then everyone who arrived meanwhile
    assert sum(len(w) for w in writes) == 101
    assert not await batcher.first_time(SIGNATURE)  # and it stays taken


async def test_old_signatures_are_pruned(engine: AsyncEngine) -> None:
    ledger = SqlReplayLedger(engine)
    await ledger.first_time([SIGNATURE], NOW - timedelta(minutes=11))
    await ledger.first_time([OTHER], NOW)
    assert await ledger.forget_before(NOW - timedelta(minutes=10)) == 1
    async with engine.connect() as connection:
        left = await connection.scalar(
            select(func.count()).select_from(tables.slack_request_signatures)
        )
    assert left == 1


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def two_replicas(
    request: pytest.FixtureRequest, tmp_path: Path, fake: FakeSlack
) -> AsyncIterator[tuple[SlackHarness, SlackHarness]]:
    """Two apps on one database with the shared ledger, like two pods."""
    extra: dict[str, Any] = {"slack_replay_store": "database"}
    schema = None
    if request.param == "postgres":
        probe, schema = await _postgres_schema_engine()
        await probe.dispose()
        extra["database_url"] = POSTGRES_URL
    apps: list[App] = []
    harnesses: list[SlackHarness] = []
    try:
        for _ in range(2):
            clock = FixedClock()
            app = await build_app(
                make_settings(tmp_path, fake, **extra), clock=clock, schema=schema
            )
            apps.append(app)
            harnesses.append(SlackHarness(fake, app, build_slack(app.parts), clock))
        yield harnesses[0], harnesses[1]
    finally:
        for harness in harnesses:
            await harness.component.handlers.after_ack.drain(within_seconds=5)
        for app in apps:
            await app.close()
        if schema:
            await _drop_schema(schema)


async def test_a_replay_to_another_replica_is_refused(
    two_replicas: tuple[SlackHarness, SlackHarness],
) -> None:
    """The replica that sees the replay acks it (its ack doesn't wait for the shared
    ledger) and then drops it: nothing runs, nothing is written, nothing is answered."""
    first, second = two_replicas
    body = first.command_body("/interview", 'log "Jane Doe" company:Acme')
    headers = form_headers(body)
    assert (await first.dispatch(body, headers)).status == 200
    await first.fake.wait_for_response()
    assert (await second.dispatch(body, headers)).status == 200
    assert (await first.dispatch(body, headers)).status == 401  # its own memory: at the door
    await second.component.handlers.after_ack.drain(within_seconds=5)
    assert second.component.replay_guard.refused == 1
    async with first.app.engine.connect() as connection:
        written = await connection.scalar(select(func.count()).select_from(tables.interviews))
    assert written == 1
    assert len(first.fake.responses) == 1


async def test_an_unreachable_ledger_falls_back_to_the_replicas_memory(
    slack: SlackHarness, caplog: pytest.LogCaptureFixture
) -> None:
    """Database down: accept (the command will apologise anyway), never a 500."""

    class Broken:
        async def first_time(self, signatures: Sequence[str], now: datetime) -> set[str]:
            raise ConnectionError("database is down")

        async def forget_before(self, cutoff: datetime) -> int:
            raise ConnectionError("database is down")

    slack.component.replay_guard.ledger = Broken()
    body = slack.command_body("/interview", "list")
    headers = form_headers(body)
    assert (await slack.dispatch(body, headers)).status == 200
    await slack.fake.wait_for_response()  # the command ran
    assert (await slack.dispatch(body, headers)).status == 401  # memory still works
    assert "replay ledger is unreachable" in caplog.text


def test_the_ledger_is_shared_by_default_on_postgresql_only(tmp_path: Path) -> None:
    from adapters.settings import Settings

    assert Settings(database_url="postgresql+asyncpg://u@h/db").slack_replay_shared
    assert not Settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/x.db").slack_replay_shared
    forced = Settings(database_url="postgresql://u@h/db", slack_replay_store="memory")
    assert not forced.slack_replay_shared


async def test_a_replayed_form_submission_on_another_replica_runs_nothing(
    two_replicas: tuple[SlackHarness, SlackHarness],
) -> None:
    """A form runs its command before the ack, so it waits for the verdict first."""
    first, second = two_replicas
    view = await open_log_form(first)
    values = {"f_contact": {"type": "plain_text_input", "value": "Jane Doe"}}
    body = urlencode({"payload": json.dumps(submission(view, values))})
    headers = form_headers(body)
    assert (await first.dispatch(body, headers)).status == 200
    await first.fake.wait_for("chat.postMessage")
    replayed = await second.dispatch(body, headers)
    assert (replayed.status, replayed.body) == (200, "")
    await second.component.handlers.after_ack.drain(within_seconds=5)
    async with first.app.engine.connect() as connection:
        written = await connection.scalar(select(func.count()).select_from(tables.interviews))
    assert written == 1
    assert len(first.fake.of("chat.postMessage")) == 1
