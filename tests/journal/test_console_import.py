"""`contact import PATH` through the real console process: the path is read, the file is
previewed, confirmed and undone, and a bad path or file changes nothing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.console.test_console_process import run_console

pytestmark = pytest.mark.slow

CONNECTIONS = (
    "\ufeffNotes:\r\n"
    '"When exporting your connection data, you may notice that some of the email '
    'addresses are missing."\r\n'
    "\r\n"
    "First Name,Last Name,Email Address,Company,Position,Connected On\r\n"  # no URL: older
    'Ann,Lee,ann@globex.com,"Globex, Inc.",Data Scientist,12 Mar 2024\r\n'
    "Bo,Chen,,Initech,Engineer,01 Feb 2023\r\n"
)


def contact_count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM contacts").fetchone()[0])


def test_import_a_path_preview_confirm_undo(tmp_path: Path) -> None:
    db = tmp_path / "console.sqlite3"
    folder = tmp_path / "my exports"
    folder.mkdir()
    (folder / "Connections.csv").write_bytes(CONNECTIONS.encode())
    (folder / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    script = "\n".join(
        [
            f'contact import "{folder / "photo.png"}"',
            f'contact import "{folder / "missing.csv"}"',
            f'contact import "{folder / "Connections.csv"}"',
            "contact import confirm",
            'contact show "Ann Lee"',
            "contact import undo confirm:yes",
            "",
        ]
    )
    result = run_console(db, script)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "That's an image, not a list of contacts." in out
    assert f"There's no file at {folder / 'missing.csv'}." in out
    assert "Import preview: 2 rows from your LinkedIn connections" in out
    assert "[Import 2 contacts] → contact import confirm 1" in out
    assert "Imported 2 new contacts" in out
    assert "How you know them: LinkedIn connection since 12 Mar 2024" in out
    assert "Links: ann@globex.com" in out
    assert "Undid import 1: removed 2 contacts" in out
    assert "Traceback" not in out + result.stderr
    assert contact_count(db) == 0
