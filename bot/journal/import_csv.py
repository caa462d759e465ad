"""CSV files of contacts: LinkedIn's Connections.csv, and any CSV with a header row.

The header decides which column is which. Common spellings are known (LinkedIn's
``First Name, Last Name, URL, Email Address, Company, Position, Connected On``; Google's
``Organization Name``; Outlook's ``Job Title`` and ``E-mail Address``), and a
``columns:`` option names the rest: ``columns:"name=Full name, company=Employer"``.
The header may follow a few lines of preamble (LinkedIn writes a quoted "Notes:"
paragraph first); it is looked for in the first records. The delimiter may be a comma,
a semicolon (spreadsheets in many European locales) or a tab.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from datetime import date, datetime

from bot.journal.import_rows import (
    MAX_ROWS,
    ImportRefused,
    ImportRow,
    ParsedFile,
    make_row,
)
from bot.journal.names import fold

#: How many records may come before the header (LinkedIn: 0-3 lines of "Notes:").
HEADER_SEARCH = 10
FIELDS = ("name", "first", "last", "company", "role", "email", "url", "notes", "connected")
COLUMNS_EXAMPLE = 'contact import contacts.csv columns:"name=Full name, company=Employer"'
_ALIASES = {
    "name": {"name", "full name", "fullname", "display name", "contact name", "contact"},
    "first": {"first name", "firstname", "given name", "first", "forename"},
    "last": {"last name", "lastname", "surname", "family name", "last"},
    "company": {"company", "company name", "organization", "organisation", "employer", "org",
                "organization name", "organisation name", "organization 1 name"},
    "role": {"position", "title", "job title", "role", "job", "organization title",
             "organization 1 title", "jobtitle"},
    "email": {"email", "email address", "e mail", "e mail address", "e mail 1 value",
              "email 1 value", "primary email", "work email", "mail"},
    "url": {"url", "linkedin", "linkedin url", "profile url", "profile", "website",
            "web page", "web site", "linkedin profile", "homepage"},
    "notes": {"notes", "note", "comments"},
    "connected": {"connected on", "connected"},
}  # fmt: skip
_LINKEDIN = {"first", "last", "company", "role", "connected"}
_DATE_FORMATS = ("%d %b %Y", "%d %B %Y", "%Y-%m-%d", "%b %d, %Y", "%B %d, %Y")


def header_key(text: str) -> str:
    """ "E-mail Address", "email_address" and " EMAIL ADDRESS " all read the same."""
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()


def read_csv(text: str, *, columns: str = "") -> ParsedFile:
    """The people in CSV text (see the module docstring); raises ImportRefused."""
    wanted = read_columns(columns)
    best: tuple[str, int, dict[str, int], list[str]] | None = None
    for delimiter in (",", ";", "\t"):
        found = _find_header(text, delimiter, wanted)
        if found is not None:
            best = (delimiter, *found)
            break
    if best is None:
        raise _no_header(text, wanted)
    delimiter, header_index, mapping, header = best
    kind = "LinkedIn connections" if mapping.keys() >= _LINKEDIN else "CSV"
    parsed = ParsedFile(kind=kind)
    for index, (line, record) in enumerate(_records(text, delimiter)):
        if index <= header_index or not any(cell.strip() for cell in record):
            continue
        if len(parsed.rows) + len(parsed.skipped) >= MAX_ROWS:
            raise ImportRefused(
                f"That file has more than {MAX_ROWS:,} rows; I import up to {MAX_ROWS:,} "
                "at a time.",
                hint="Split it into smaller files and import them one after another.",
            )
        extra = record[len(header) :]
        if any(cell.strip() for cell in extra):
            parsed.skipped.append(
                (line, f"{len(record)} fields where the header has {len(header)} (a comma "
                 "that should be inside quotes?)")
            )  # fmt: skip
            continue
        row = _row(line, record, mapping)
        if isinstance(row, str):
            parsed.skipped.append((line, row))
        else:
            parsed.rows.append(row)
    if not parsed.rows and not parsed.skipped:
        raise ImportRefused(
            "That file has a header but no people under it.",
            hint="Check you exported the contacts themselves, then upload the file again.",
        )
    return parsed


def read_columns(columns: str) -> dict[str, str]:
    """`name=Full name, company=Employer` as {field: header key}; refuses unknown fields."""
    wanted: dict[str, str] = {}
    for part in re.split(r"[,;]", columns):
        if not part.strip():
            continue
        field, sep, header = part.partition("=")
        field = field.strip().lower()
        if field in ("position", "title", "job"):
            field = "role"
        if not sep or field not in FIELDS or not header.strip():
            raise ImportRefused(
                f"I can't read `{part.strip()[:60]}` in `columns:`.",
                hint="Write field=column pairs separated by commas; the fields are "
                + ", ".join(FIELDS)
                + ".",
                example=COLUMNS_EXAMPLE,
            )
        wanted[field] = header_key(header)
    if wanted and not ({"name", "first", "last"} & wanted.keys()):
        raise ImportRefused(
            "`columns:` needs to say which column has the name (name=, or first= and last=).",
            example=COLUMNS_EXAMPLE,
        )
    return wanted


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(first line, fields) of each record; a broken quote refuses the whole file."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    start = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise ImportRefused(
                f"Line {start} has a quote that never closes (or a field too long to be "
                "one), so I can't tell where its row ends. Nothing was imported.",
                hint="Open the file in a spreadsheet, check that line, and save it as CSV "
                "again; or export it once more.",
            ) from None
        yield start, record
        start = reader.line_num + 1


def _find_header(
    text: str, delimiter: str, wanted: dict[str, str]
) -> tuple[int, dict[str, int], list[str]] | None:
    try:
        for index, (_, record) in enumerate(_records(text, delimiter)):
            if index >= HEADER_SEARCH:
                return None
            mapping = _map_header(record, wanted)
            if mapping is not None:
                return index, mapping, record
    except ImportRefused:
        return None
    return None


def _map_header(record: Sequence[str], wanted: dict[str, str]) -> dict[str, int] | None:
    """{field: column index} when this record is a header with a name column."""
    keys = [header_key(cell) for cell in record]
    mapping: dict[str, int] = {}
    if wanted:
        for field, key in wanted.items():
            if key not in keys:
                return None
            mapping[field] = keys.index(key)
    else:
        for index, key in enumerate(keys):
            for field, aliases in _ALIASES.items():
                if key in aliases and field not in mapping:
                    mapping[field] = index
                    break
    if "name" in mapping or "first" in mapping or "last" in mapping:
        return mapping
    return None


def _row(line: int, record: list[str], mapping: dict[str, int]) -> ImportRow | str:
    def cell(field: str) -> str:
        index = mapping.get(field)
        return record[index].strip() if index is not None and index < len(record) else ""

    name = cell("name") or f"{cell('first')} {cell('last')}"
    return make_row(
        line,
        name,
        company=cell("company"),
        role=cell("role"),
        email=cell("email"),
        url=cell("url"),
        connected_on=read_date(cell("connected")),
        notes=cell("notes"),
    )


def read_date(text: str) -> date | None:
    """LinkedIn's `12 Mar 2024` (and ISO dates); anything else is left out, not guessed."""
    text = " ".join(text.split())
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _no_header(text: str, wanted: dict[str, str]) -> ImportRefused:
    """The refusal for a CSV without a usable header, naming the columns it does have."""
    first: list[str] = []
    try:
        for _, record in _records(text, ","):
            if any(cell.strip() for cell in record):
                first = record
                break
    except ImportRefused as exc:
        return exc
    shown = ", ".join(" ".join(c.split())[:40] for c in first[:12]) or "nothing"
    if wanted:
        problem = f"I can't find the columns named in `columns:` in that file's header ({shown})."
    else:
        problem = f"I can't tell which column has the names. The first line has: {shown}."
    sample = first[0].strip()[:40] if first and first[0].strip() else "Full name"
    return ImportRefused(
        problem,
        hint="Say which column is which with columns:, or use LinkedIn's Connections.csv "
        "or a vCard (.vcf).",
        example=f'contact import contacts.csv columns:"name={sample}"',
    )
