"""A clock a test moves from outside the process (test-only, never a user feature).

Why a file: a journey test drives the real console as a subprocess, and needs reminders
to come due without waiting days. The test writes an ISO time into a file; every `now()`
reads it again, so the real scheduler and dispatcher see time jump when the test rewrites
it. Settings refuse the file unless INROADS_TEST_MODE=1, so a stray variable in
production cannot freeze time. They are read here, not in Settings: they are no
setting a person should ever see (in `.env.example`, the README or `--help`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path


class FileClockError(Exception):
    """The clock file is missing or does not hold an ISO time."""


class FileClock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.now()  # fail at start, with the file named, rather than at the first reminder

    def now(self) -> datetime:
        try:
            text = self.path.read_text(encoding="utf-8").strip()
            moment = datetime.fromisoformat(text)
        except (OSError, ValueError) as exc:
            raise FileClockError(
                f"test clock {self.path} should hold an ISO time like 2026-03-02T09:00:00+00:00"
            ) from exc
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)


def clock_from_env(environ: Mapping[str, str]) -> FileClock | None:
    """The test clock when INROADS_TEST_CLOCK_FILE is set (and allowed), else None."""
    path = environ.get("INROADS_TEST_CLOCK_FILE")
    if not path:
        return None
    if environ.get("INROADS_TEST_MODE") != "1":
        raise FileClockError("INROADS_TEST_CLOCK_FILE is for tests only (INROADS_TEST_MODE=1)")
    return FileClock(Path(path))
