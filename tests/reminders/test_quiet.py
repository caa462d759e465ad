"""Quiet hours, wall-clock times across DST changes, and the per-workspace rate limit."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from bot.domain import UserSettings
from bot.errors import UsageError
from bot.reminders.quiet import local_day_at, next_allowed, parse_quiet, wall_time
from bot.reminders.ratelimit import TokenBucket, WorkspaceLimiter


def prefs(tz: str, start: str = "21:00", end: str = "08:00") -> UserSettings:
    return UserSettings("console", "w1", "alice", timezone=tz, quiet_start=start, quiet_end=end)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


def test_outside_quiet_hours_is_unchanged() -> None:
    moment = utc(2026, 6, 1, 12, 0)
    assert next_allowed(moment, prefs("Europe/Paris")) == moment


def test_evening_moves_to_next_morning_local() -> None:
    # 22:30 in Paris (summer, UTC+2) → 08:00 Paris next day = 06:00 UTC.
    assert next_allowed(utc(2026, 6, 1, 20, 30), prefs("Europe/Paris")) == utc(2026, 6, 2, 6, 0)


def test_early_morning_moves_to_same_morning() -> None:
    # 05:00 in New York (winter, UTC-5) → 08:00 local = 13:00 UTC, same day.
    assert next_allowed(utc(2026, 1, 15, 10, 0), prefs("America/New_York")) == utc(
        2026, 1, 15, 13, 0
    )


def test_paris_autumn_change_keeps_eight_oclock_local() -> None:
    # Clocks go back on 2026-10-25 at 03:00 CEST → 02:00 CET. 23:00 CEST on the 24th is
    # quiet; the next allowed minute is 08:00 CET on the 25th = 07:00 UTC (not 06:00).
    moved = next_allowed(utc(2026, 10, 24, 21, 0), prefs("Europe/Paris"))
    assert moved == utc(2026, 10, 25, 7, 0)


def test_new_york_spring_change_keeps_eight_oclock_local() -> None:
    # 2026-03-08 02:00 EST → 03:00 EDT. 01:00 EST (06:00 UTC) is quiet → 08:00 EDT = 12:00 UTC.
    assert next_allowed(utc(2026, 3, 8, 6, 0), prefs("America/New_York")) == utc(2026, 3, 8, 12, 0)


def test_quiet_end_inside_the_skipped_hour_lands_after_the_jump() -> None:
    # Quiet 23:00–02:30 in New York; 02:30 does not exist on 2026-03-08. The result must be a
    # real instant outside quiet hours, right after the jump (03:30 EDT = 07:30 UTC).
    moved = next_allowed(utc(2026, 3, 8, 5, 0), prefs("America/New_York", "23:00", "02:30"))
    assert moved == utc(2026, 3, 8, 7, 30)


def test_window_that_does_not_wrap_midnight() -> None:
    lunch = prefs("UTC", "12:00", "13:30")
    assert next_allowed(utc(2026, 1, 1, 12, 15), lunch) == utc(2026, 1, 1, 13, 30)
    assert next_allowed(utc(2026, 1, 1, 13, 30), lunch) == utc(2026, 1, 1, 13, 30)


def test_quiet_off_delivers_any_time() -> None:
    start, end = parse_quiet("off")
    assert next_allowed(utc(2026, 1, 1, 3, 0), prefs("UTC", start, end)) == utc(2026, 1, 1, 3, 0)


@pytest.mark.parametrize("text", ["21-08", "25:00-08:00", "nine to five", "21:00"])
def test_bad_quiet_windows_are_refused(text: str) -> None:
    with pytest.raises(UsageError):
        parse_quiet(text)


def test_local_day_at_across_paris_change() -> None:
    # The day after 2026-10-24 14:00 UTC at 10:00 local is 10:00 CET = 09:00 UTC.
    assert local_day_at(utc(2026, 10, 24, 14, 0), 1, time(10), "Europe/Paris") == utc(
        2026, 10, 25, 9, 0
    )
    assert wall_time(datetime(2026, 10, 23).date(), time(10), "Europe/Paris") == utc(
        2026, 10, 23, 8, 0
    )


def test_token_bucket_refuses_long_waits_and_honours_retry_after() -> None:
    clock = [0.0]
    bucket = TokenBucket(rate=1.0, burst=2.0, now=lambda: clock[0])
    assert bucket.reserve(max_wait=5) == 0.0
    assert bucket.reserve(max_wait=5) == 0.0
    assert bucket.reserve(max_wait=5) == pytest.approx(1.0)  # third token: wait a second
    assert bucket.reserve(max_wait=0.5) is None  # would wait 2 s: refused, nothing taken
    clock[0] = 10.0
    bucket.block_for(30.0)
    assert bucket.reserve(max_wait=5) is None
    assert bucket.reserve(max_wait=60) == pytest.approx(30.0)


def test_workspace_limiter_keeps_workspaces_apart_and_unlimited_still_blocks() -> None:
    clock = [0.0]
    limiter = WorkspaceLimiter(rate=1.0, burst=1.0, now=lambda: clock[0])
    assert limiter.reserve(("slack", "T1"), 0) == 0.0
    assert limiter.reserve(("slack", "T1"), 0) is None
    assert limiter.reserve(("slack", "T2"), 0) == 0.0
    free = WorkspaceLimiter(rate=None, burst=1.0, now=lambda: clock[0])
    for _ in range(1000):
        assert free.reserve(("d", "G"), 0) == 0.0
    free.block_for(("d", "G"), 5.0)
    assert free.reserve(("d", "G"), 1.0) is None
