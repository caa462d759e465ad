"""The console as a real subprocess: scripted over stdin, persisting to SQLite."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def run_console(db: Path, script: str, user: str = "tester") -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "INROADS_DATABASE_URL": f"sqlite+aiosqlite:///{db}",
        # Files and the log next to the test's database, never in the real data directory.
        "INROADS_FILES_DIR": str(db.parent / "files"),
        "INROADS_LOG_FILE": str(db.parent / "inroads.log"),
    }
    for key in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "DISCORD_TOKEN", "SLACK_CLIENT_ID"):
        env.pop(key, None)
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli", "console", "--user", user],
        input=script,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_log_list_restart_list(tmp_path: Path) -> None:
    db = tmp_path / "console.sqlite3"
    first = run_console(
        db, 'interview log "Jane Doe" company:Acme when:"2026-11-03 14:00"\ninterview list\n'
    )
    assert first.returncode == 0, first.stderr
    assert "Logged interview #1" in first.stdout
    assert "Jane Doe (Acme) · held" in first.stdout
    second = run_console(db, "interview list\n")
    assert second.returncode == 0, second.stderr
    assert "Jane Doe (Acme) · held" in second.stdout
    assert "Traceback" not in second.stderr


def test_bad_input_is_friendly_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "console.sqlite3"
    result = run_console(
        db,
        'frobnicate\ninterview log\ninterview log Jane when:"not a date at all"\ninterview list\n',
    )
    assert result.returncode == 0
    assert "I don't know the command frobnicate" in result.stdout
    assert "name is missing" in result.stdout
    assert "couldn't read" in result.stdout
    assert "Your journal is empty" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_bad_setting_is_one_clear_line(tmp_path: Path) -> None:
    env = {**os.environ, "INROADS_HTTP_PORT": "lots"}
    result = subprocess.run(
        [sys.executable, "-m", "adapters.cli", "migrate"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "inroads: Setting INROADS_HTTP_PORT is invalid: Input should be a valid integer, "
        "unable to parse string as an integer."
    )
