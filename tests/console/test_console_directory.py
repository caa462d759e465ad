"""The directory in the real console process: two people share one database file."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.console.test_console_process import run_console

pytestmark = pytest.mark.slow


def test_two_people_list_find_and_leave(tmp_path: Path) -> None:
    db = tmp_path / "shared.sqlite3"
    ann = run_console(
        db,
        'people join role:"category manager" industry:grocery company:Tesco school:Leeds '
        'year:2015 topics:pricing path:"changed careers from teaching" budget:2\n'
        "people show\n",
        user="ann",
    )
    assert ann.returncode == 0, ann.stderr
    assert "You're in the directory" in ann.stdout
    assert "Requests a month you accept: 2" in ann.stdout
    bo = run_console(
        db,
        "people find industry:grocry\npeople find industry:grocery teaching\npeople show\n",
        user="bo",
    )
    assert bo.returncode == 0, bo.stderr
    assert "did you mean “grocery”" in bo.stdout
    assert "ann — category manager at Tesco" in bo.stdout
    assert "Why: works in grocery and food retail; changed careers from teaching" in bo.stdout
    assert "Requests a month you accept" not in bo.stdout  # ann's number is hers alone
    assert "aren't in the directory" in bo.stdout
    left = run_console(db, "people leave\n", user="ann")
    assert "listing is deleted" in left.stdout
    again = run_console(db, "people find industry:grocery\n", user="bo")
    assert "Nobody" in again.stdout
    assert "Traceback" not in again.stderr + bo.stderr + ann.stderr
