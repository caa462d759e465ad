"""Reading a persona's journal straight from the SQLite file the console wrote."""

from __future__ import annotations

from tests.journeys.console import JourneyConsole


def reminder_rows(journey: JourneyConsole, kind: str) -> list[tuple[object, ...]]:
    """(status, sent_at) of each reminder of `kind`, oldest first."""
    return journey.rows(
        "SELECT status, sent_at FROM reminders WHERE user_id = ? AND kind = ? ORDER BY id",
        journey.user,
        kind,
    )


def tables_with_people(journey: JourneyConsole) -> list[str]:
    """Every table that holds rows belonging to a person (it has a user_id column)."""
    names = [row[0] for row in journey.rows("SELECT name FROM sqlite_master WHERE type='table'")]
    return [
        str(name)
        for name in names
        if any(col[1] == "user_id" for col in journey.rows(f'PRAGMA table_info("{name}")'))
    ]


def assert_erased(journey: JourneyConsole) -> None:
    """After forget-me, no table keeps a row of this person."""
    tables = tables_with_people(journey)
    assert {"contacts", "interviews", "reminders", "outcomes", "user_settings"} <= set(tables)
    left = {
        table: count
        for table in tables
        if (
            count := journey.rows(
                f'SELECT count(*) FROM "{table}" WHERE user_id = ?', journey.user
            )[0][0]
        )
    }
    assert left == {}, f"forget-me left rows behind: {left}"
