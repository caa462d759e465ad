"""The container's command line, run directly on this machine against PostgreSQL.

Each test gets a fresh database (created and dropped here), because the commands take a
plain URL as the container would, with no test schema. Replicas starting together is
simulated by two `inroads migrate` at once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import IN_CI, POSTGRES_URL
from tests.ops.test_shutdown import free_port

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


def _admin(sql: str) -> None:
    """Run one statement as the admin, outside a transaction (CREATE/DROP DATABASE)."""
    import asyncio

    import asyncpg

    url = make_url(POSTGRES_URL)

    async def run() -> None:
        connection = await asyncpg.connect(
            host=url.host,
            port=url.port or 5432,
            user=url.username,
            database=url.database,
            password=url.password,
        )
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(run())


@pytest.fixture
def database_url() -> Iterator[str]:
    if not POSTGRES_URL:
        reason = "INROADS_TEST_POSTGRES_URL is not set"
        if IN_CI:
            pytest.fail(f"PostgreSQL is required under CI: {reason}")
        pytest.skip(reason)
    name = f"inroads_cli_{uuid.uuid4().hex[:10]}"
    try:
        _admin(f'CREATE DATABASE "{name}"')
    except OSError as exc:
        if IN_CI:
            pytest.fail(f"PostgreSQL is required under CI: {exc}")
        pytest.skip(f"PostgreSQL at {POSTGRES_URL} is not reachable: {exc}")
    try:
        yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def env_for(url: str, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "INROADS_DATABASE_URL": url,
        "INROADS_LOG_FORMAT": "json",
        "INROADS_LOG_FILE": "-",  # a console-only run logs to a file unless told
        **extra,
    }
    for key in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "DISCORD_TOKEN", "SLACK_CLIENT_ID"):
        env.pop(key, None)
    return env


def inroads(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli", *args],
        capture_output=True,
        text=True,
        env=env_for(url),
        timeout=180,
        check=False,
    )


def test_migrate_from_two_replicas_at_once_then_doctor(database_url: str) -> None:
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "adapters.cli", "migrate"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env_for(database_url),
        )
        for _ in range(2)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=180)
        assert proc.returncode == 0, err
        assert "Database is up to date." in out
    doctor = inroads(database_url, "doctor")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "[  ok] database: postgresql at" in doctor.stdout
    assert "[  ok] migrations: at head" in doctor.stdout


def get_json(url: str) -> tuple[int, dict[str, object]]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_run_serves_health_ready_metrics_and_stops_on_sigterm(database_url: str) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "adapters.cli", "run"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env_for(database_url, INROADS_HTTP_PORT=str(port), INROADS_HTTP_HOST="127.0.0.1"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        status: int | None = None
        body: dict[str, object] = {}
        for _ in range(300):  # bounded: migrations on a fresh database, then ready
            if proc.poll() is not None:
                pytest.fail(f"inroads run exited early: {proc.communicate()}")
            try:
                status, body = get_json(base + "/readyz")
            except OSError:
                status = None
            if status == 200:
                break
            time.sleep(0.1)
        assert status == 200, body
        assert get_json(base + "/healthz") == (200, {"status": "ok"})
        with urllib.request.urlopen(base + "/metrics", timeout=5) as response:
            metrics = response.read().decode()
        assert "inroads_reminders_pending 0.0" in metrics
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            _out, err = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            pytest.fail(f"no exit within 10 s of SIGTERM: {proc.communicate()}")
    assert proc.returncode == 0, err
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    messages = [line["message"] for line in lines]
    assert "started http" in messages
    assert "stopped http" in messages
    assert all(line["level"] != "ERROR" for line in lines), err
