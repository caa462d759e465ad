"""Reading record numbers (`12`, `#12`) and small whole numbers from what people type.

One reader for every command, so a number that cannot be a record — Unicode digits such
as `²`, a 30-digit id beyond the database's integer range — is simply "not a number" or
"not found" everywhere, never a crash in some corner.
"""

from __future__ import annotations

import re

#: Ids are 32-bit on PostgreSQL; nothing above this can exist.
MAX_RECORD_ID = 2**31 - 1

_ID_SHAPE = re.compile(r"#?[0-9]+")
_WHOLE = re.compile(r"[0-9]{1,9}")


def is_id_shaped(text: str) -> bool:
    """True for `12` or `#12` (ASCII digits only): the person meant a record number."""
    return bool(_ID_SHAPE.fullmatch(text.strip()))


def record_id(text: str) -> int | None:
    """The record number `text` names, or None when it isn't one that could exist."""
    cleaned = text.strip()
    if not is_id_shaped(cleaned) or len(cleaned.lstrip("#")) > 10:
        return None
    number = int(cleaned.lstrip("#"))
    return number if 0 < number <= MAX_RECORD_ID else None


def whole_number(text: str, low: int, high: int) -> int | None:
    """A whole number within [low, high], or None."""
    cleaned = text.strip()
    if not _WHOLE.fullmatch(cleaned):
        return None
    number = int(cleaned)
    return number if low <= number <= high else None


def storable_id(number: int) -> bool:
    """Whether an id can be looked up at all (repositories answer "none" otherwise)."""
    return 0 < number <= MAX_RECORD_ID
