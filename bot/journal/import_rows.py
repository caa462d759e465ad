"""What every import format produces: rows of people, skipped lines, or a refusal."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from bot.errors import UsageError

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
IMPORT_EXAMPLE = "contact import Connections.csv"
WHAT_WORKS = (
    "I read LinkedIn's Connections.csv (or the export zip that holds it), vCard files "
    "(.vcf) and CSV files with a header row that names a name column."
)


class ImportRefused(UsageError):
    """The file as a whole can't be imported; nothing was written."""

    def __init__(self, problem: str, *, hint: str = WHAT_WORKS, example: str = "") -> None:
        super().__init__(problem, hint=hint, example=example or IMPORT_EXAMPLE)


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One person as the file gives them, already trimmed; `line` is where they start."""

    line: int
    name: str
    company: str = ""
    role: str = ""
    email: str = ""
    url: str = ""
    connected_on: date | None = None
    notes: str = ""


@dataclass(slots=True)
class ParsedFile:
    """What a file holds: its kind ("LinkedIn connections", "vCard", "CSV"), the people
    in it, and the rows skipped with the reason (line, reason)."""

    kind: str
    rows: list[ImportRow] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)


MAX_FIELD_CHARS = 200
MAX_NOTES_CHARS = 5_000
MAX_URL_CHARS = 300
_EMAIL = re.compile(r"[^@\s,;<>\"']+@[^@\s,;<>\"'.]+(?:\.[^@\s,;<>\"'.]+)+")
_URL = re.compile(r"(?:https?://)?[^\s/.,:;<>\"']+(?:\.[^\s/.,:;<>\"']+)+(?:[/?#]\S*)?", re.I)


def make_row(
    line: int,
    name: str,
    *,
    company: str = "",
    role: str = "",
    email: str = "",
    url: str = "",
    connected_on: date | None = None,
    notes: str = "",
) -> ImportRow | str:
    """A row of one person, or the reason it is skipped. Spaces are tidied; an email or
    address that isn't one is left out (the person still comes in), notes are capped."""
    name, company, role = (" ".join(v.split()) for v in (name, company, role))
    if not name:
        return "no name"
    for label, value in (("name", name), ("company", company), ("role", role)):
        if len(value) > MAX_FIELD_CHARS:
            return f"the {label} is over {MAX_FIELD_CHARS} characters"
    email = email.strip()
    url = url.strip()
    return ImportRow(
        line=line,
        name=name,
        company=company,
        role=role,
        email=email if _EMAIL.fullmatch(email) and len(email) <= MAX_URL_CHARS else "",
        url=url if _URL.fullmatch(url) and len(url) <= MAX_URL_CHARS else "",
        connected_on=connected_on,
        notes=notes.strip()[:MAX_NOTES_CHARS],
    )
