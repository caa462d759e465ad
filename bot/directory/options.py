"""Reading `people join` options into checked values; a bad value changes nothing.

Kept apart from the commands so the refusals (each saying what would work) can be read
in one place: budget 0–10, a medium from a short list, a length in minutes, a class
year that could be someone's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from bot.errors import UsageError
from bot.grammar import ParsedArgs
from bot.mentoring.profile_input import normalise_list
from bot.timeparse import zone

JOIN_EXAMPLE = (
    'people join role:"category manager" industry:grocery company:Tesco '
    'school:Leeds year:2015 topics:"pricing, changing careers" budget:2'
)
MAX_BUDGET = 10
MEDIA = ("video", "phone", "coffee", "in person", "messages")
MEDIUM_WORDS = {"call": "phone", "in-person": "in person", "chat": "messages", "text": "messages"}
MIN_MINUTES, MAX_MINUTES = 10, 90
FIRST_YEAR = 1940
TEXT_LIMITS = {"company": 200, "school": 200}
JOIN_OPTIONS = (
    "role",
    "roles",
    "industry",
    "industries",
    "company",
    "path",
    "school",
    "year",
    "languages",
    "timezone",
    "tz",
    "topics",
    "medium",
    "length",
    "budget",
)


@dataclass(frozen=True, slots=True)
class ListingChanges:
    """What a `people join` line sets; None leaves a field as it is."""

    roles: list[str] | None = None
    industries: list[str] | None = None
    topics: list[str] | None = None
    languages: list[str] | None = None
    timezone: str | None = None
    company: str | None = None
    path_tags: list[str] | None = None
    school: str | None = None
    class_year: int | None = None
    chat_medium: str | None = None
    chat_minutes: int | None = None
    ask_budget: int | None = None


def _list(args: ParsedArgs, *names: str, what: str) -> list[str] | None:
    value = args.option(*names)
    if value is None:
        return None
    try:
        return normalise_list(str(value), what=what)
    except UsageError as exc:
        raise UsageError(exc.problem, example=JOIN_EXAMPLE) from None


def _text(args: ParsedArgs, name: str) -> str | None:
    value = args.option(name)
    if value is None:
        return None
    text = " ".join(str(value).split())
    if len(text) > TEXT_LIMITS[name]:
        raise UsageError(
            f"`{name}` is {len(text)} characters; {TEXT_LIMITS[name]} is plenty for a name.",
            example=JOIN_EXAMPLE,
        )
    return text


def parse_budget(text: str) -> int | None:
    if not text:
        return None
    try:
        value = int(text.strip())
    except ValueError:
        value = -1
    if not 0 <= value <= MAX_BUDGET:
        raise UsageError(
            f"Your ask budget is how many requests a month you'll take: a whole number "
            f"from 0 to {MAX_BUDGET}, not `{text[:20]}`.",
            hint="0 keeps you listed but shows you have no room this month; "
            "`people pause` hides you for a while instead.",
            example="people join budget:2",
        )
    return value


def parse_medium(text: str) -> str | None:
    if not text:
        return None
    cleaned = " ".join(text.lower().replace("-", " ").split())
    cleaned = MEDIUM_WORDS.get(cleaned, cleaned)
    if cleaned not in MEDIA:
        raise UsageError(
            f"`{text[:30]}` isn't a way to talk I can show people.",
            hint="Pick one of: " + ", ".join(MEDIA) + ".",
            example="people join medium:video length:20m",
        )
    return cleaned


def parse_minutes(text: str) -> int | None:
    if not text:
        return None
    found = re.fullmatch(r"\s*(\d{1,3})\s*(m|min|mins|minutes)?\s*", text.lower())
    minutes = int(found.group(1)) if found else 0
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        raise UsageError(
            f"`{text[:20]}` won't work as a length: say minutes from {MIN_MINUTES} to "
            f"{MAX_MINUTES}, like `length:20m`.",
            hint="Most informational conversations take 20 to 30 minutes.",
            example="people join length:20m",
        )
    return minutes


def parse_year(text: str, now: datetime) -> int | None:
    if not text:
        return None
    last = now.year + 6  # a first-year student's expected graduation
    try:
        year = int(text.strip())
    except ValueError:
        year = 0
    if not FIRST_YEAR <= year <= last:
        raise UsageError(
            f"`{text[:20]}` isn't a class year I can show: use the four-digit year you "
            f"graduated or expect to, {FIRST_YEAR} to {last}.",
            example="people join school:Leeds year:2015",
        )
    return year


def read_changes(args: ParsedArgs, now: datetime) -> ListingChanges:
    """Every option checked before anything is written."""
    if args.positionals:
        raise UsageError(
            "`people join` takes options only (`name:value`), so I can't tell what "
            f"`{str(args.positionals[0])[:30]}` is for.",
            example=JOIN_EXAMPLE,
        )
    tz_text = args.option_text("timezone", "tz")
    return ListingChanges(
        roles=_list(args, "role", "roles", what="roles"),
        industries=_list(args, "industry", "industries", what="industries"),
        topics=_list(args, "topics", what="topics"),
        languages=_list(args, "languages", what="languages"),
        timezone=zone(tz_text).key if tz_text else None,
        company=_text(args, "company"),
        path_tags=_list(args, "path", what="path tags"),
        school=_text(args, "school"),
        class_year=parse_year(args.option_text("year"), now),
        chat_medium=parse_medium(args.option_text("medium")),
        chat_minutes=parse_minutes(args.option_text("length")),
        ask_budget=parse_budget(args.option_text("budget")),
    )
