"""The console as an embedded app: where it keeps things, how it starts, how it speaks.

Every test runs the real `inroads console` in a subprocess with its own HOME and XDG
directories, so the defaults (journal, files, log in the user's data directories) are
the ones under test, not a database URL handed in.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from tests.console.terminal import PROMPT, Terminal, console_env, run_piped

pytestmark = pytest.mark.slow


def journal(home: Path) -> Path:
    return home / "data" / "inroads" / "inroads.sqlite3"


def test_quiet_start_is_one_line_then_the_prompt(tmp_path: Path) -> None:
    env = console_env(tmp_path)
    setup = run_piped(
        ["console", "--user", "ana"], 'outreach profile name:"Ana Ruiz" about:"a student"\n', env
    )
    assert setup.returncode == 0, setup.stderr
    term = Terminal(["console", "--user", "ana"], env)
    try:
        screen = term.expect(PROMPT)
        before = [line for line in screen.split(PROMPT)[0].splitlines() if line.strip()]
        assert before == [
            f"Your journal is in {journal(tmp_path)}. "
            "Type help for commands, quit (or Ctrl-D) to leave."
        ]
        term.type("checkin settings\r")
        screen = term.expect("Paused: no")
    finally:
        assert term.close() == 0
    assert "INFO" not in term.screen
    assert "apscheduler" not in term.screen
    log = (tmp_path / "state" / "inroads" / "log" / "inroads.log").read_text()
    assert "scheduler started" in log  # the log went to the file, not the terminal


def test_a_new_user_is_greeted_with_the_guide_in_the_machines_zone(tmp_path: Path) -> None:
    env = console_env(tmp_path, TZ="America/Chicago")
    term = Terminal(["console", "--user", "newbie"], env)
    try:
        screen = term.expect("leave.")
        screen = term.expect(PROMPT, after=screen.index("leave."))
        first = screen[screen.index("Your journal") :]
        assert first.index("Welcome to Inroads") < first.index("1. Who you are")
        assert "Right now it's America/Chicago (from this computer)." in first
        assert "outreach profile name:" in first
        guide = first[first.index("Welcome to Inroads") :]
        assert "`" not in guide
        assert "/inroads" not in guide
        term.type('outreach profile name:"Nora Bell" about:"a teacher moving into UX"\r')
        term.expect("Your outreach profile (saved)")
    finally:
        assert term.close() == 0
    again = Terminal(["console", "--user", "newbie"], env)
    try:
        screen = again.expect(PROMPT)
        assert "Welcome to Inroads" not in screen  # set up now: no guide
    finally:
        assert again.close() == 0


def test_machine_zone_for_new_users_only(tmp_path: Path) -> None:
    env = console_env(tmp_path, TZ="Asia/Tokyo")
    result = run_piped(["console", "--user", "kai"], "checkin settings\n", env)
    assert "Time zone: Asia/Tokyo" in result.stdout
    chose = run_piped(
        ["console", "--user", "kai"],
        "checkin settings timezone:Europe/Lisbon\n",
        env,
    )
    assert chose.returncode == 0, chose.stderr
    moved = run_piped(
        ["console", "--user", "kai"], "checkin settings\n", {**env, "TZ": "America/Denver"}
    )
    assert "Time zone: Europe/Lisbon" in moved.stdout  # a zone they chose is kept
    admin = run_piped(
        ["console", "--user", "lee"],
        "checkin settings\n",
        {**env, "INROADS_DEFAULT_TIMEZONE": "Africa/Nairobi"},
    )
    assert "Time zone: Africa/Nairobi" in admin.stdout  # an explicit default wins


def test_default_journal_lives_in_the_data_dir_from_any_folder(tmp_path: Path) -> None:
    env = console_env(tmp_path / "home")
    here, there = tmp_path / "here", tmp_path / "there"
    here.mkdir()
    there.mkdir()
    first = run_piped(
        ["console", "--user", "ana"], 'interview log "Jane Doe" company:Acme\n', env, cwd=here
    )
    assert first.returncode == 0, first.stderr
    second = run_piped(["console", "--user", "ana"], "interview list\n", env, cwd=there)
    assert "Jane Doe (Acme)" in second.stdout
    assert journal(tmp_path / "home").is_file()
    assert not (here / "inroads.sqlite3").exists()
    doctor = run_piped(["doctor"], "", env, cwd=there)
    assert f"SQLite file {journal(tmp_path / 'home')}" in doctor.stdout


def test_an_old_journal_in_this_folder_is_pointed_out_once(tmp_path: Path) -> None:
    env = console_env(tmp_path / "home")
    old_place = tmp_path / "project"
    old_place.mkdir()
    old = old_place / "inroads.sqlite3"
    kept = run_piped(
        ["console", "--user", "ana"],
        'interview log "Old Friend"\n',
        {**env, "INROADS_DATABASE_URL": f"sqlite:///{old}"},
        cwd=old_place,
    )
    assert kept.returncode == 0, kept.stderr
    assert "older journal" not in kept.stderr  # it is the journal in use

    first = run_piped(["console", "--user", "ana"], "interview list\n", env, cwd=old_place)
    assert f"there's an older journal in this folder ({old})" in first.stderr
    assert f"INROADS_DATABASE_URL=sqlite:///{old}" in first.stderr
    assert "Old Friend" not in first.stdout
    second = run_piped(["console", "--user", "ana"], "interview list\n", env, cwd=old_place)
    assert second.stderr == ""  # once is enough
    following = run_piped(
        ["console", "--user", "ana"],
        "interview list\n",
        {**env, "INROADS_DATABASE_URL": f"sqlite:///{old}"},
        cwd=old_place,
    )
    assert "Old Friend" in following.stdout  # the way the note gives still works


def test_files_are_saved_and_their_paths_printed(tmp_path: Path) -> None:
    env = console_env(tmp_path)
    script = (
        'interview log "Jane Doe" company:Acme when:"2026-01-05 10:00"\n'
        'interview plan "Ann Lee" when:"2030-02-03 10:00"\n'
        "inroads stats\n"
        "inroads export\n"
    )
    result = run_piped(["console", "--user", "ana"], script, env)
    assert result.returncode == 0, result.stderr
    default_dir = tmp_path / "data" / "inroads" / "files"
    saved = sorted(p.name for p in default_dir.iterdir())
    assert any(name.endswith(".ics") for name in saved)
    assert "funnel.png" in saved
    assert any(name.endswith(".json") for name in saved)
    for name in saved:
        assert f"Saved {name} to {default_dir / name}" in result.stdout
    assert (default_dir / "funnel.png").read_bytes().startswith(b"\x89PNG")
    assert "(file:" not in result.stdout

    chosen = tmp_path / "mine"
    again = run_piped(["console", "--user", "ana", "--files", str(chosen)], "inroads stats\n", env)
    assert f"Saved funnel.png to {chosen / 'funnel.png'}" in again.stdout
    twice = run_piped(["console", "--user", "ana", "--files", str(chosen)], "inroads stats\n", env)
    assert f"Saved funnel-2.png to {chosen / 'funnel-2.png'}" in twice.stdout  # never overwrites


def test_rendering_is_plain_text(tmp_path: Path) -> None:
    env = console_env(tmp_path)
    joined = run_piped(
        ["console", "--user", "ann"],
        "mentor join role:mentor industries:fintech topics:data capacity:2\n",
        env,
    )
    assert joined.returncode == 0, joined.stderr
    result = run_piped(["console", "--user", "bev"], "help\nmentor profile @ann\n", env)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "interview log — Record a conversation" in out
    assert "/interview" not in out
    assert "/inroads" not in out
    assert "`" not in out
    assert "<@" not in out
    assert "ann's mentoring profile" in out
    assert "Europe/Paris" in out  # a zone's slash is not a command's


def test_a_long_piped_line_is_kept_whole(tmp_path: Path) -> None:
    env = console_env(tmp_path)
    notes = ("Budget talk, hiring plans, the team's tooling. " * 120).strip()
    assert len(notes.encode()) > 5000
    result = run_piped(
        ["console", "--user", "ana"],
        f'interview log "Jane Doe" notes:"{notes}"\n',
        env,
    )
    assert "Logged interview #1" in result.stdout, result.stdout[-500:]
    with sqlite3.connect(journal(tmp_path)) as db:
        (stored,) = db.execute("SELECT notes FROM interviews").fetchone()
    assert stored == notes


def test_a_long_pasted_line_in_the_terminal_is_not_cut(tmp_path: Path) -> None:
    env = console_env(tmp_path)
    notes = ("Pricing for wholesale, the delivery rounds, flour costs. " * 100).strip()
    assert len(notes.encode()) > 5000
    term = Terminal(["console", "--user", "ana"], env)
    try:
        term.expect(PROMPT)
        term.type(f'interview log "Jane Doe" notes:"{notes}"\r')
        screen = term.expect("Logged interview #1")
        assert "never closed" not in screen
    finally:
        assert term.close() == 0
    with sqlite3.connect(journal(tmp_path)) as db:
        (stored,) = db.execute("SELECT notes FROM interviews").fetchone()
    assert stored == notes


def test_test_clock_is_refused_outside_test_mode(tmp_path: Path) -> None:
    clock = tmp_path / "clock"
    clock.write_text("2026-03-02T09:00:00+00:00")
    env = console_env(tmp_path, INROADS_TEST_CLOCK_FILE=str(clock))
    result = run_piped(["console", "--user", "ana"], "checkin list\n", env)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        "inroads: INROADS_TEST_CLOCK_FILE is for tests only (INROADS_TEST_MODE=1)"
    )
    assert result.stdout == ""


def test_a_reminder_prints_above_the_line_being_typed(tmp_path: Path) -> None:
    clock = tmp_path / "clock"
    clock.write_text("2026-03-02T09:00:00+00:00")
    env = console_env(tmp_path, TZ="UTC", INROADS_TEST_MODE="1", INROADS_TEST_CLOCK_FILE=str(clock))
    term = Terminal(["console", "--user", "ana"], env)
    try:
        term.expect(PROMPT)
        term.type('checkin add "Jane Doe" "in 1 hour" "Send the article"\r')
        shown = term.expect("Check-in #1 set")
        term.expect(PROMPT, after=shown.index("Check-in #1 set"))
        term.type("checkin li")  # half a command, not sent yet
        clock.write_text("2026-03-02T10:05:00+00:00")
        shown = term.expect("🔔 to ana")
        term.type("st\r")  # the rest of the line: the typed half survived the reminder
        start = shown.index("🔔 to ana")
        screen = term.expect("Your check-ins", after=start)
        for _ in range(20):
            # The DM prints a moment before its settlement commits: a list typed in
            # between says "sending", so ask again, as a person would, until it is settled.
            listed = term.expect(PROMPT, after=screen.rindex("Your check-ins"))
            if "· sent" in listed[listed.rindex("Your check-ins") :]:
                break
            time.sleep(0.2)
            term.type("checkin list\r")
            screen = term.expect("Your check-ins", after=listed.rindex("Your check-ins") + 1)
        screen = term.expect("sent", after=start)
    finally:
        assert term.close() == 0
    after = screen[screen.index("🔔 to ana") :]
    assert "Send the article" in after
    assert "#1 custom · Jane Doe · sent" in after
    assert "I don't know the command" not in after
