"""Graceful shutdown: one time budget, reverse order, a hung component is abandoned."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from adapters.runtime import build_app, serve
from adapters.settings import load_settings


class Recorder:
    def __init__(self, name: str, log: list[str], *, hang: bool = False) -> None:
        self.name = name
        self.log = log
        self.hang = hang

    async def start(self) -> None:
        self.log.append(f"start {self.name}")

    async def stop(self) -> None:
        self.log.append(f"stop {self.name}")
        if self.hang:
            await asyncio.Event().wait()  # never finishes on its own
        self.log.append(f"stopped {self.name}")


async def test_components_stop_in_reverse_and_a_hung_one_is_abandoned(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = load_settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path}/s.sqlite3", shutdown_timeout_seconds=1.6
    )
    app = await build_app(settings)
    events: list[str] = []
    stop = asyncio.Event()
    components = [
        Recorder("scheduler", events),
        Recorder("slack", events, hang=True),
        Recorder("http", events),
    ]
    stop.set()
    with caplog.at_level(logging.INFO, logger="adapters.runtime"):
        await serve(app, list(components), stop)  # type: ignore[arg-type]
    assert events == [
        "start scheduler",
        "start slack",
        "start http",
        "stop http",
        "stopped http",
        "stop slack",
        "stop scheduler",
        "stopped scheduler",
    ]
    assert any("stopping slack took longer" in r.getMessage() for r in caplog.records)
    assert app.health.shutting_down


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_ready(port: int, proc: subprocess.Popen[str]) -> None:
    """Poll /readyz until 200 (bounded); fail with the process output otherwise."""
    for _ in range(300):
        if proc.poll() is not None:
            pytest.fail(f"inroads exited early: {proc.communicate()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    proc.kill()
    pytest.fail(f"inroads never became ready: {proc.communicate()}")


def start_inroads(env_extra: dict[str, str]) -> subprocess.Popen[str]:
    # Console-only runs log to a file by default; these tests read the log on stderr.
    env = {**os.environ, "INROADS_LOG_FILE": "-", **env_extra}
    for key in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "DISCORD_TOKEN", "SLACK_CLIENT_ID"):
        env.pop(key, None)
    return subprocess.Popen(
        [sys.executable, "-m", "adapters.cli", "run"],
        stdin=subprocess.PIPE,  # kept open: the console waits for input, like a server
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def sigterm_and_wait(proc: subprocess.Popen[str]) -> tuple[int, str]:
    proc.send_signal(signal.SIGTERM)
    try:
        _out, err = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail(f"inroads did not exit within 10 s of SIGTERM: {proc.communicate()}")
    return proc.returncode, err


@pytest.mark.slow
def test_sigterm_exits_0_within_10_seconds(tmp_path: Path) -> None:
    port = free_port()
    proc = start_inroads(
        {
            "INROADS_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/run.sqlite3",
            "INROADS_HTTP_PORT": str(port),
            "INROADS_HTTP_HOST": "127.0.0.1",
            "INROADS_LOG_FORMAT": "json",
        }
    )
    wait_until_ready(port, proc)
    code, err = sigterm_and_wait(proc)
    assert code == 0, err
    assert '"message": "stopped http"' in err
    assert "Traceback" not in err


@pytest.mark.slow
def test_console_only_run_binds_no_port_unless_asked(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "INROADS_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/c.sqlite3",
        "INROADS_LOG_FILE": "-",
    }
    for key in ("INROADS_HTTP_PORT", "SLACK_BOT_TOKEN", "DISCORD_TOKEN", "SLACK_APP_TOKEN"):
        env.pop(key, None)
    result = subprocess.run(
        [sys.executable, "-m", "adapters.cli", "run"],
        input="help\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "HTTP server listening" not in result.stderr
    assert "started console" in result.stderr
