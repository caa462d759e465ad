"""Reading what members type into a mentoring profile: lists, the role, the capacity.

Split from profiles.py (the commands) so the directory, which shares the profile's
lists, reads them the same way without importing the mentoring commands.
"""

from __future__ import annotations

from bot.domain import ProfileRole
from bot.errors import UsageError
from bot.typos import not_a_choice

JOIN_EXAMPLE = (
    'mentor join role:mentor industries:"fintech, health" topics:"career change" '
    "timezone:Europe/Paris languages:en capacity:2"
)
MAX_ITEMS = 10
MAX_ITEM_CHARS = 40
MAX_CAPACITY = 10


def normalise_list(text: str, *, what: str) -> list[str]:
    """ "FinTech, health ,fintech" → ["FinTech", "health"]: kept as typed (a profile
    shows "SQL", not "sql"), the same item twice kept once whatever its case; matching
    compares them case aside. Refuses absurd input."""
    items: list[str] = []
    seen: set[str] = set()
    for raw in text.replace(";", ",").split(","):
        item = " ".join(raw.split())
        if what == "languages":
            item = item.lower()  # language codes: "EN" and "en" are one
        if item and item.casefold() not in seen:
            items.append(item)
            seen.add(item.casefold())
    if len(items) > MAX_ITEMS:
        raise UsageError(
            f"That's {len(items)} {what}; list at most {MAX_ITEMS} so matches stay meaningful.",
            example=JOIN_EXAMPLE,
        )
    long = next((i for i in items if len(i) > MAX_ITEM_CHARS), None)
    if long is not None:
        raise UsageError(
            f"`{long[:50]}…` is long for one of your {what}; keep each under "
            f"{MAX_ITEM_CHARS} characters and separate them with commas.",
            example=JOIN_EXAMPLE,
        )
    return items


def parse_role(text: str) -> str | None:
    if not text:
        return None
    try:
        return ProfileRole(text.strip().lower()).value
    except ValueError:
        raise not_a_choice(
            f"`{text[:30]}` isn't a mentoring role.",
            text,
            [r.value for r in ProfileRole],
            hint="Use role:mentor, role:seeker or role:both.",
            example=JOIN_EXAMPLE,
        ) from None


def parse_capacity(text: str) -> int | None:
    if not text:
        return None
    try:
        value = int(text.strip())
    except ValueError:
        raise UsageError(
            f"Capacity must be a whole number, not `{text[:20]}`.",
            hint=f"How many people can you mentor per round? 1 to {MAX_CAPACITY}.",
            example="mentor join role:mentor capacity:2",
        ) from None
    if not 1 <= value <= MAX_CAPACITY:
        raise UsageError(
            f"Capacity {value} won't work: mentors take 1 to {MAX_CAPACITY} people per round.",
            hint="To take a break instead, use `mentor pause until:<date>`.",
            example="mentor join role:mentor capacity:2",
        )
    return value
