"""Two consoles on one journal, time moved by the test clock: each gets only its own.

The consoles are real subprocesses with the real scheduler and dispatcher; the test
moves time by rewriting the clock file, and reminders come due as they would days later.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.console.terminal import PipedConsole, console_env, run_piped

pytestmark = pytest.mark.slow

START = "2026-03-02T09:00:00+00:00"


def test_each_console_delivers_only_its_own_users_reminders(tmp_path: Path) -> None:
    clock = tmp_path / "clock"
    clock.write_text(START)
    db = tmp_path / "shared.sqlite3"
    env = console_env(
        tmp_path,
        TZ="UTC",
        INROADS_DATABASE_URL=f"sqlite+aiosqlite:///{db}",
        INROADS_TEST_MODE="1",
        INROADS_TEST_CLOCK_FILE=str(clock),
    )
    carl = run_piped(
        ["console", "--user", "carl"], 'checkin add "Zoe Park" "in 1 hour" "Carl\'s call"\n', env
    )
    assert "Check-in #1 set" in carl.stdout, carl.stdout + carl.stderr

    ann = PipedConsole("ann", env, tmp_path / "ann.txt")
    bob = PipedConsole("bob", env, tmp_path / "bob.txt")
    try:
        ann.say('checkin add "Jane Doe" "in 2 hours" "Send Ann\'s article"')
        bob.say('checkin add "Raj Patel" "in 3 hours" "Send Bob\'s samples"')
        ann.wait_for("Check-in #")
        bob.wait_for("Check-in #")
        clock.write_text("2026-03-02T12:30:00+00:00")  # all three are due now
        ann.wait_for("🔔 to ann")
        bob.wait_for("🔔 to bob")
        ann.say("checkin list")
        bob.say("checkin list")
    finally:
        ann_out, bob_out = ann.finish(), bob.finish()

    assert "Send Ann's article" in ann_out
    assert "Bob's samples" not in ann_out
    assert "Carl's call" not in ann_out
    assert "Send Bob's samples" in bob_out
    assert "Ann's article" not in bob_out
    assert "Carl's call" not in bob_out
    assert ann_out.count("🔔") == 1
    assert bob_out.count("🔔") == 1
    with sqlite3.connect(db) as conn:
        rows = dict(
            conn.execute("SELECT user_id, status || ' ' || due_at FROM reminders").fetchall()
        )
    # Due times were read against the test clock; Carl's waits for Carl's own console.
    assert rows["ann"].startswith("sent 2026-03-02 11:00")
    assert rows["bob"].startswith("sent 2026-03-02 12:00")
    assert rows["carl"].startswith("pending 2026-03-02 10:00")

    carl_console = PipedConsole("carl", env, tmp_path / "carl.txt")  # Carl comes back
    try:
        carl_console.wait_for("🔔 to carl")
    finally:
        carl_out = carl_console.finish()
    assert "Carl's call" in carl_out
    assert "Ann's article" not in carl_out
    assert "Bob's samples" not in carl_out
