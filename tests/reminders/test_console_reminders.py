"""The console prints a reminder that comes due while it runs (a real subprocess)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_console_prints_a_reminder_that_comes_due_while_it_runs(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "INROADS_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/console.sqlite3",
        "INROADS_DISPATCH_INTERVAL_SECONDS": "0.2",
    }
    for key in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "DISCORD_TOKEN", "SLACK_CLIENT_ID"):
        env.pop(key, None)
    out_path = tmp_path / "out.txt"
    with out_path.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "adapters.cli", "console", "--user", "tester"],
            stdin=subprocess.PIPE,
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert process.stdin is not None
        try:
            process.stdin.write("checkin settings quiet:off\n")
            process.stdin.write('checkin add "Jane Doe" "in 2 seconds" "Send the article"\n')
            process.stdin.flush()  # stdin stays open: the console keeps running
            deadline = time.monotonic() + 90
            while time.monotonic() < deadline:
                text = out_path.read_text()
                if "🔔 to tester" in text:
                    break
                assert process.poll() is None, process.stderr.read() if process.stderr else ""
                time.sleep(0.2)
            process.stdin.write("checkin list\n")
            process.stdin.close()  # EOF: the console exits cleanly
            assert process.wait(timeout=60) == 0
        finally:
            if process.poll() is None:
                process.kill()
    text = out_path.read_text()
    assert "Check-in #1 set" in text
    assert "🔔 to tester: Check-in: Jane Doe" in text
    assert "Send the article" in text
    assert "[Done] → checkin done 1" in text
    assert "[Snooze 1 day] → checkin snooze 1 1d" in text
    assert "#1 custom · Jane Doe · sent" in text  # the list after it went out
    assert text.count("🔔") == 1
    assert process.stderr is not None
    assert "Traceback" not in process.stderr.read()
