"""The journal's key scenarios through the real console process (stdin in, stdout out)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.console.test_console_process import run_console

pytestmark = pytest.mark.slow


def table_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {
            name: conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
            for name in ("contacts", "interviews", "outcomes")
        }


def test_journal_from_log_to_forget_me(tmp_path: Path) -> None:
    db = tmp_path / "console.sqlite3"
    script = "\n".join(
        [
            'interview log "Jane Doe" company:Acme when:"yesterday 3pm" '
            'referrals:"Ann Lee, Bo Chen (Globex)" asked:"What surprised you?; Whom else?"',
            'interview plan "Ann Lee" when:"tomorrow 10am" duration:30m medium:video',
            "interview list status:scheduled",
            'contact add "ann lee"',
            'contact chain "Bo Chen"',
            'interview done 2 notes:"Great chat" referrals:"Cy"',
            "interview thanked 2",
            'interview outcome 2 kind:"job lead" note:"analyst role"',
            "interview show 2",
            "interview delete 1",
            "",
        ]
    )
    first = run_console(db, script)
    out = first.stdout
    assert first.returncode == 0, first.stderr
    assert "Logged interview #1" in out
    assert "Referrals: Ann Lee (new contact), Bo Chen (Globex) (new contact)" in out
    assert "Planned interview #2 with Ann Lee" in out
    assert f"Saved interview-2.ics to {db.parent / 'files' / 'interview-2.ics'}" in out
    assert "#2 Ann Lee · scheduled" in out
    assert "Ann Lee is already in your contacts" in out
    assert "Jane Doe referred you to Bo Chen." in out
    assert "Interview #2 marked held" in out
    assert "Thank-you to Ann Lee recorded" in out
    assert "job lead: analyst role" in out
    assert "[Delete for good] → interview delete 1 confirm:yes" in out
    assert "Traceback" not in out + first.stderr
    assert table_counts(db) == {"contacts": 4, "interviews": 2, "outcomes": 4}

    # Someone else on the same database sees nothing, and is told exactly what a missing
    # interview gets.
    other = run_console(db, "interview show 2\ninterview show 99\ninterview list\n", user="mallory")
    assert "I can't find interview #2 in your journal." in other.stdout
    assert "I can't find interview #99 in your journal." in other.stdout
    assert "Your journal is empty" in other.stdout
    assert "Great chat" not in other.stdout
    assert "Ann Lee ·" not in other.stdout

    second = run_console(
        db,
        "interview delete 1 confirm:yes\n"
        "inroads stats\n"
        "inroads export\n"
        "inroads forget-me\n"
        "inroads forget-me confirm:yes\n"
        "inroads export\n"
        "interview list\n",
    )
    out = second.stdout
    assert second.returncode == 0, second.stderr
    assert "Deleted interview #1 with Jane Doe" in out
    assert "Outreach sent: 1" in out
    assert "Referrals gained: 3" in out
    assert f"Saved funnel.png to {db.parent / 'files' / 'funnel.png'}" in out
    assert "Contacts: 4" in out
    assert "Interviews: 1" in out
    assert "Saved inroads-export-" in out
    assert (db.parent / "files" / "funnel.png").read_bytes().startswith(b"\x89PNG")
    assert "-csv.zip" in out
    assert "[Erase everything] → inroads forget-me confirm:yes" in out
    assert "records removed" in out
    after_erase = out[out.index("records removed") :]
    assert "Contacts: 0" in after_erase
    assert "Interviews: 0" in after_erase
    assert "Your journal is empty" in after_erase
    assert table_counts(db) == {"contacts": 0, "interviews": 0, "outcomes": 0}


def test_bad_journal_input_is_friendly_and_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "console.sqlite3"
    run_console(db, 'interview log Jane when:"yesterday"\n')
    before = table_counts(db)
    result = run_console(
        db,
        'interview plan Jane when:"yesterday 10am"\n'
        'interview log Jane when:"1900-01-01"\n'
        'interview log "" company:Acme\n'
        'interview log Jane when:"in 3 days"\n'
        "interview thanked 42\n"
        "interview outcome 1 kind:bribe\n"
        "contact chain Nobody\n"
        "interview edit 1 status:thanked\n",
    )
    out = result.stdout
    assert result.returncode == 0
    for expected in (
        "is in the past",
        "looks like a typo",
        "name is missing",
        "is in the future",
        "I can't find interview #42",
        "isn't an outcome kind",
        "I can't find a contact called Nobody",
        "The status changes through its own commands",
    ):
        assert expected in out, expected
    assert out.count("Try:") >= 8
    assert "Traceback" not in out + result.stderr
    assert table_counts(db) == before


def test_long_notes_through_the_console(tmp_path: Path) -> None:
    db = tmp_path / "console.sqlite3"
    notes = "Long notes. " * 400  # 4,800 characters
    result = run_console(db, f'interview log Jane notes:"{notes}"\ninterview show 1\n')
    assert result.stdout.count("cut for display") == 2
    with sqlite3.connect(db) as conn:
        (stored,) = conn.execute("SELECT notes FROM interviews").fetchone()
    assert stored == notes.strip()
