"""Quiet hours and local wall-clock times, computed with zoneinfo so DST never bites.

A person's quiet window is a pair of local wall times (default 21:00–08:00). Nothing is
delivered inside it; a reminder that falls inside moves to the first allowed minute after
it. Wall times are turned into instants only through ``zoneinfo``: on the night the
clocks change, "08:00" is still 08:00 on the person's clock, whatever the UTC offset.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from bot.domain import UserSettings
from bot.errors import UsageError
from bot.timeparse import zone

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
QUIET_EXAMPLE = "checkin settings quiet:21:00-08:00"


def parse_hhmm(text: str) -> time:
    match = _HHMM.match(text.strip())
    if not match:
        raise UsageError(
            f"`{text[:20]}` isn't a time of day.",
            hint="Use 24-hour HH:MM, for example 21:00 or 07:30.",
            example=QUIET_EXAMPLE,
        )
    return time(int(match.group(1)), int(match.group(2)))


def parse_quiet(text: str) -> tuple[str, str]:
    """`21:00-08:00` → ("21:00", "08:00"); `off` → an empty window ("00:00", "00:00")."""
    cleaned = text.strip().lower()
    if cleaned in {"off", "none", "no"}:
        return "00:00", "00:00"
    parts = re.split(r"\s*(?:-|–|to)\s*", cleaned)
    if len(parts) != 2:
        raise UsageError(
            f"`{text[:40]}` isn't a quiet-hours window.",
            hint="Give a start and an end, like 21:00-08:00, or `off`.",
            example=QUIET_EXAMPLE,
        )
    start, end = (parse_hhmm(p) for p in parts)
    return f"{start:%H:%M}", f"{end:%H:%M}"


def in_quiet(local: time, start: time, end: time) -> bool:
    """Whether a wall time falls in [start, end); the window may wrap past midnight."""
    if start == end:
        return False
    if start < end:
        return start <= local < end
    return local >= start or local < end


def next_allowed(moment: datetime, prefs: UserSettings) -> datetime:
    """`moment` if it is outside the person's quiet hours, else the end of that window."""
    tz = zone(prefs.timezone)
    start, end = parse_hhmm(prefs.quiet_start), parse_hhmm(prefs.quiet_end)
    result = moment.astimezone(UTC)
    for _ in range(3):  # a second pass only matters around a DST jump
        local = result.astimezone(tz)
        wall = local.time().replace(second=0, microsecond=0, tzinfo=None)
        if not in_quiet(wall, start, end):
            return result
        end_day = local.date()
        if start > end and wall >= start:
            end_day += timedelta(days=1)
        result = wall_time(end_day, end, prefs.timezone)
    return result


def wall_time(day: date, at: time, timezone: str) -> datetime:
    """The UTC instant at which clocks in `timezone` show `day` `at`.

    A wall time skipped by a spring-forward jump maps to the instant just after the jump
    (zoneinfo's fold=0 reading); an ambiguous autumn time maps to its first occurrence.
    """
    return datetime.combine(day, at, tzinfo=zone(timezone)).astimezone(UTC)


def local_day_at(moment: datetime, days_later: int, at: time, timezone: str) -> datetime:
    """`days_later` calendar days after `moment`'s local date, at wall time `at`."""
    local_day = moment.astimezone(zone(timezone)).date() + timedelta(days=days_later)
    return wall_time(local_day, at, timezone)
