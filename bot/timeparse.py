"""Natural-language dates and durations, read in the person's own time zone, kept in UTC."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import dateparser

from bot.errors import UsageError

EARLIEST_YEAR = 1950
MAX_DATE_CHARS = 80
LATEST_YEARS_AHEAD = 5

_DURATION = re.compile(
    r"^\s*(\d{1,4})\s*(m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|wk|wks|weeks?)\s*$",
    re.IGNORECASE,
)
_UNIT_SECONDS = {"m": 60, "h": 3600, "d": 86400, "w": 604800}
_DATE_EXAMPLES = '"yesterday 3pm", "last Tuesday", "2026-11-03 14:00", "in 2 weeks"'


def zone(name: str) -> ZoneInfo:
    """The IANA zone called `name`, or a UsageError naming a few that work."""
    cleaned = name.strip()
    if cleaned.upper() == "UTC":
        return ZoneInfo("UTC")
    try:
        return ZoneInfo(cleaned)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        lowered = cleaned.lower()
        for candidate in available_timezones():
            if candidate.lower() == lowered:
                return ZoneInfo(candidate)
        raise UsageError(
            f"I don't know the time zone `{name}`.",
            hint="Use an IANA name such as Europe/Paris, America/New_York or Asia/Tokyo.",
            example="checkin settings timezone:America/New_York",
        ) from exc


def parse_when(
    text: str,
    *,
    timezone: str,
    now: datetime,
    prefer: Literal["past", "future"],
    field_name: str = "when",
) -> datetime:
    """Read `text` as a moment in `timezone` relative to `now`; return it in UTC.

    Dates outside a sane range (before 1950, or more than five years ahead) are refused:
    they are almost always typos, and accepting them would quietly corrupt stats.
    """
    tz = zone(timezone)
    cleaned = text.strip()
    if not cleaned:
        raise UsageError(f"`{field_name}` is empty.", hint=f"Examples: {_DATE_EXAMPLES}.")
    if len(cleaned) > MAX_DATE_CHARS:
        raise UsageError(
            f"`{field_name}` is {len(cleaned)} characters long; a date fits in {MAX_DATE_CHARS}.",
            hint=f"Examples that work: {_DATE_EXAMPLES}.",
        )
    local_now = now.astimezone(tz).replace(tzinfo=None)
    # English only: the bot speaks English, and searching every language dateparser
    # knows is ~100x slower and lets odd input stall the event loop.
    try:
        parsed = dateparser.parse(
            cleaned,
            languages=["en"],
            settings={
                "RELATIVE_BASE": local_now,
                "PREFER_DATES_FROM": prefer,
                "TIMEZONE": tz.key,
                "RETURN_AS_TIMEZONE_AWARE": True,
            },
        )
    except OverflowError:  # e.g. 0001-01-01 in a zone east of UTC (found by fuzzing)
        parsed = None
    if parsed is None:
        raise UsageError(
            f"I couldn't read `{cleaned[:80]}` as a date or time.",
            hint=f"Examples that work: {_DATE_EXAMPLES}.",
        )
    result = parsed.astimezone(UTC)
    if result.year < EARLIEST_YEAR or result > now + timedelta(days=365 * LATEST_YEARS_AHEAD):
        raise UsageError(
            f"`{cleaned[:80]}` is {result:%Y-%m-%d}, which looks like a typo.",
            hint=f"Use a date between {EARLIEST_YEAR} and {LATEST_YEARS_AHEAD} years from now.",
        )
    return result


def parse_duration(text: str) -> timedelta:
    """Read "30m", "2h", "1 day", "2 weeks" into a timedelta (at most a year)."""
    match = _DURATION.match(text)
    if not match:
        raise UsageError(
            f"I couldn't read `{text[:40]}` as a duration.",
            hint="Use a number and a unit: 30m, 2h, 1d, 1w (or 2 days, 3 weeks).",
        )
    amount = int(match.group(1))
    seconds = amount * _UNIT_SECONDS[match.group(2)[0].lower()]
    if amount <= 0 or seconds > 366 * 86400:
        raise UsageError("A duration must be more than zero and at most a year.", example="1w")
    return timedelta(seconds=seconds)


def format_local(moment: datetime | None, timezone: str) -> str:
    """A moment shown in the person's zone, e.g. `Tue 3 Nov 2026 14:00 (Europe/Paris)`."""
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(zone(timezone))
    return f"{local:%a} {local.day} {local:%b %Y %H:%M} ({timezone})"


def ensure_utc(moment: datetime) -> datetime:
    """Databases hand back naive datetimes (SQLite); we always store UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
