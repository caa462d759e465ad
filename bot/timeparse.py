"""Natural-language dates and durations, read in the person's own time zone, kept in UTC."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.datereader import DateOrder, DateTextError, read_phrase, resolve
from bot.errors import UsageError

EARLIEST_YEAR = 1950
MAX_DATE_CHARS = 80
LATEST_YEARS_AHEAD = 5

_DURATION = re.compile(
    r"^\s*(\d{1,4})\s*(m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|wk|wks|weeks?)\s*$",
    re.IGNORECASE,
)
_UNIT_SECONDS = {"m": 60, "h": 3600, "d": 86400, "w": 604800}
_DATE_EXAMPLES = '"yesterday 3pm", "next Tuesday 10am", "3 February 14:00", "in 2 weeks"'
#: Zones in the United States (and their old aliases), where dates are written month first.
US_ZONES = frozenset(
    [
        "America/New_York",
        "America/Detroit",
        "America/Kentucky/Louisville",
        "America/Kentucky/Monticello",
        "America/Indiana/Indianapolis",
        "America/Indiana/Vincennes",
        "America/Indiana/Winamac",
        "America/Indiana/Marengo",
        "America/Indiana/Petersburg",
        "America/Indiana/Vevay",
        "America/Chicago",
        "America/Indiana/Tell_City",
        "America/Indiana/Knox",
        "America/Menominee",
        "America/North_Dakota/Center",
        "America/North_Dakota/New_Salem",
        "America/North_Dakota/Beulah",
        "America/Denver",
        "America/Boise",
        "America/Phoenix",
        "America/Los_Angeles",
        "America/Anchorage",
        "America/Juneau",
        "America/Sitka",
        "America/Metlakatla",
        "America/Yakutat",
        "America/Nome",
        "America/Adak",
        "Pacific/Honolulu",
        "America/Indianapolis",
        "America/Fort_Wayne",
        "America/Louisville",
        "America/Knox_IN",
        "America/Shiprock",
        "Navajo",
        "EST5EDT",
        "CST6CDT",
        "MST7MDT",
        "PST8PDT",
    ]
)


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


def numeric_order(setting: str, timezone: str) -> DateOrder:
    """How this person writes numeric dates: their setting, else what their zone suggests.

    Month first is a United States habit; nearly everywhere else writes the day first,
    so a zone outside the US (or no zone at all) reads 02/03 as 2 March.
    """
    if setting in ("dmy", "mdy"):
        return setting  # type: ignore[return-value]
    return "mdy" if timezone in US_ZONES or timezone.startswith("US/") else "dmy"


def describe_order(order: DateOrder) -> str:
    """The order in words, with an example a person can check against their habit."""
    if order == "mdy":
        return "month first (2/3 is 3 February)"
    return "day first (2/3 is 2 March)"


def parse_when(
    text: str,
    *,
    timezone: str,
    now: datetime,
    prefer: Literal["past", "future"],
    field_name: str = "when",
    date_order: str = "",
) -> datetime:
    """Read `text` as a moment in `timezone` relative to `now`; return it in UTC.

    `date_order` is the person's setting ("dmy", "mdy", or "" to follow the zone).
    Every word must mean something (bot/datereader.py); dates outside a sane range
    (before 1950, or more than five years ahead) are refused: they are almost always
    typos, and accepting them would quietly corrupt stats.
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
    order = numeric_order(date_order, tz.key)
    try:
        phrase = read_phrase(cleaned, order)
        local = resolve(phrase, local_now, prefer)
    except DateTextError as exc:
        raise UsageError(
            exc.problem,
            hint=exc.hint or f"Dates I understand look like {_DATE_EXAMPLES}.",
            fixes=exc.fixes,
        ) from None
    except (OverflowError, ValueError):  # "in 9000 years": past what a calendar holds
        raise _typo(cleaned, None) from None
    if local.year < EARLIEST_YEAR or local.year > now.year + LATEST_YEARS_AHEAD:
        raise _typo(cleaned, local)
    result = local.replace(tzinfo=tz).astimezone(UTC)
    if result > now + timedelta(days=365 * LATEST_YEARS_AHEAD):
        raise _typo(cleaned, local)
    return result


def parse_future(
    text: str,
    *,
    timezone: str,
    now: datetime,
    field_name: str,
    date_order: str = "auto",
    example: str = "",
) -> datetime:
    """A moment that must lie ahead (a due date, the end of a pause), read like any other,
    with one friendly refusal, naming its field, when it has already passed."""
    moment = parse_when(
        text,
        timezone=timezone,
        now=now,
        prefer="future",
        field_name=field_name,
        date_order=date_order,
    )
    if moment <= now:
        raise UsageError(
            f"`{text[:40]}` is already past ({format_local(moment, timezone)}); "
            "pick a moment ahead.",
            example=example,
            field=field_name,
        )
    return moment


def _typo(text: str, local: datetime | None) -> UsageError:
    shown = f" is in the year {local.year}, which" if local is not None else ""
    return UsageError(
        f"`{text[:80]}`{shown} looks like a typo.",
        hint=f"Use a date between {EARLIEST_YEAR} and {LATEST_YEARS_AHEAD} years from now.",
    )


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
