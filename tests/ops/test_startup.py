"""A database that is down at start: one clear line, bounded retries with backoff."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.ops import startup
from adapters.ops.startup import DatabaseUnavailable, backoff_delays, wait_for_database
from storage.engine import create_engine

UNREACHABLE = "postgresql+asyncpg://postgres@127.0.0.1:9/inroads"


def test_backoff_doubles_and_caps() -> None:
    assert backoff_delays(8, 30) == [1, 2, 4, 8, 16, 30, 30]
    assert backoff_delays(1, 30) == []
    assert backoff_delays(4, 3, first=0.5) == [0.5, 1, 2]


async def test_unreachable_database_logs_once_and_gives_up(
    caplog: pytest.LogCaptureFixture,
) -> None:
    slept: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        slept.append(seconds)

    engine = create_engine(UNREACHABLE)
    caplog.set_level(logging.DEBUG, logger="inroads.startup")
    try:
        with pytest.raises(DatabaseUnavailable) as raised:
            await wait_for_database(engine, attempts=4, max_delay=3, sleep=fake_sleep)
    finally:
        await engine.dispose()
    assert slept == [1, 2, 3]
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    line = warnings[0].getMessage()
    assert "127.0.0.1:9/inroads is not reachable" in line
    assert "retrying up to 3 times" in line
    assert "after 4 attempts" in str(raised.value)
    assert "INROADS_DATABASE_URL" in str(raised.value)


async def test_database_that_comes_up_later_is_used(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first ping fails, the second succeeds: one warning, one info line, no error."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/late.sqlite3")
    calls = {"n": 0}
    real_ping = startup.ping

    async def flaky_ping(eng: AsyncEngine) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise ConnectionRefusedError("not yet")
        await real_ping(eng)

    async def no_sleep(_seconds: float) -> None:
        return None

    monkeypatch.setattr(startup, "ping", flaky_ping)
    caplog.set_level(logging.INFO, logger="inroads.startup")
    try:
        await wait_for_database(engine, attempts=5, sleep=no_sleep)
    finally:
        await engine.dispose()
    assert calls["n"] == 2
    messages = [r.getMessage() for r in caplog.records]
    assert len(messages) == 2
    assert "not yet" in messages[0]
    assert "is reachable after 2 attempts" in messages[1]


@pytest.mark.slow
def test_migrate_against_a_down_database_exits_1_with_clear_lines() -> None:
    env = {
        **os.environ,
        "INROADS_DATABASE_URL": UNREACHABLE,
        "INROADS_DB_CONNECT_ATTEMPTS": "3",
        "INROADS_DB_RETRY_MAX_SECONDS": "0.05",
    }
    result = subprocess.run(
        [sys.executable, "-m", "adapters.cli", "migrate"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2, result.stderr
    assert "WARNING" in lines[0]
    assert "is not reachable" in lines[0]
    assert "ERROR" in lines[1]
    assert "still not reachable after 3 attempts" in lines[1]
    assert "Traceback" not in result.stderr
