"""What an import would do to a journal: who is new, who it completes, who is already there.

The journal's rule for "the same person" holds here as in `contact add`: the same name
once case and accents are set aside (:func:`bot.journal.names.fold`), at the same company,
a missing company fitting any. No first-name or near-miss guessing: a file of thousands
of people would otherwise file someone under a namesake. A row that fits several
contacts is skipped with their numbers, for the person to sort out by hand.

An import completes, never overwrites: a detail the person typed stays as they wrote it;
only empty ones are filled, links are added beside theirs, and a contact the file brings
nothing new to counts as already there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from bot.domain import Actor
from bot.journal.import_rows import ImportRow
from bot.journal.names import fold, same_company
from bot.ports import UnitOfWork
from bot.ports.imports import ContactDetails, NewContact

MAX_LINKS = 10
MAX_HOW_CHARS = 500
#: The details an import may fill in, in the order the preview names them.
FILLED = ("company", "role", "how_known", "links", "notes")
LABELS = {"company": "company", "role": "role", "how_known": "how you know them",
          "links": "links", "notes": "notes"}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Update:
    contact: ContactDetails
    row: ImportRow
    fills: dict[str, str]


@dataclass(slots=True)
class Plan:
    new: list[ImportRow] = field(default_factory=list)
    updates: list[Update] = field(default_factory=list)
    duplicates: list[tuple[ImportRow, str]] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)

    @property
    def writes(self) -> int:
        return len(self.new) + len(self.updates)


#: The ASCII part of names.fold's table: for plain ASCII, fold is exactly this and lower().
_ASCII_PLAIN = str.maketrans({"-": " ", "'": "", "`": "", ".": " "})


def name_key(text: str) -> str:
    """:func:`bot.journal.names.fold`, with a fast path for plain ASCII names (most of a
    LinkedIn export): Unicode normalisation is the bulk of a 30,000-row plan otherwise."""
    if text.isascii():
        return " ".join(text.translate(_ASCII_PLAIN).lower().split())
    return fold(text)


def how_known(row: ImportRow, kind: str) -> str:
    """What the journal says about how the person knows them (no email, no address)."""
    if kind != "LinkedIn connections":
        return ""
    if row.connected_on is None:
        return "LinkedIn connection"
    return f"LinkedIn connection since {row.connected_on.day} {row.connected_on:%b %Y}"


def row_links(row: ImportRow) -> list[str]:
    return [link for link in (row.url, row.email) if link]


def new_contact(row: ImportRow, kind: str) -> NewContact:
    return NewContact(
        name=row.name,
        company=row.company,
        role=row.role,
        how_known=how_known(row, kind),
        links="\n".join(row_links(row)),
        notes=row.notes,
    )


def fills_for(contact: ContactDetails, row: ImportRow, kind: str) -> dict[str, str]:
    """The details this row adds to an existing contact, without changing any it has."""
    offered = {
        "company": row.company,
        "role": row.role,
        "how_known": how_known(row, kind),
        "notes": row.notes,
    }
    fills = {attr: value for attr, value in offered.items() if value and not getattr(contact, attr)}
    have = [line for line in contact.links.splitlines() if line.strip()]
    known = {line.lower().removeprefix("https://").removeprefix("www.") for line in have}
    extra = [
        link
        for link in row_links(row)
        if link.lower().removeprefix("https://").removeprefix("www.") not in known
    ]
    if extra and len(have) + len(extra) <= MAX_LINKS:
        fills["links"] = "\n".join([*have, *extra])
    return fills


async def make_plan(uow: UnitOfWork, owner: Actor, rows: Sequence[ImportRow], kind: str) -> Plan:
    """Sort the rows against the owner's journal as it is now (nothing is written)."""
    plan = Plan()
    index: dict[str, list[ContactDetails]] = {}
    existing: dict[int, ContactDetails] = {}
    for person in await uow.contact_imports.details(owner):
        index.setdefault(name_key(person.name), []).append(person)
        existing[person.id] = person
    seen: dict[str, list[tuple[str, int]]] = {}  # folded name → (company, line) this file
    claimed: set[int] = set()
    matched: list[tuple[ImportRow, int]] = []
    for row in rows:
        key = name_key(row.name)
        twin = next((ln for co, ln in seen.get(key, []) if same_company(row.company, co)), None)
        if twin is not None:
            plan.duplicates.append((row, f"also on line {twin}"))
            continue
        seen.setdefault(key, []).append((row.company, row.line))
        fits = [p for p in index.get(key, []) if same_company(row.company, p.company)]
        fits = [p for p in fits if p.id not in claimed]
        if len(fits) > 1:
            exact = [p for p in fits if p.company and fold(p.company) == fold(row.company)]
            fits = exact if len(exact) == 1 else fits
        if len(fits) > 1:
            numbers = ", ".join(f"#{p.number}" for p in fits[:5])
            plan.skipped.append((row.line, f"fits {len(fits)} of your contacts ({numbers})"))
        elif fits:
            claimed.add(fits[0].id)
            matched.append((row, fits[0].id))
        else:
            plan.new.append(row)
    for row, cid in matched:
        found = existing[cid]
        fills = fills_for(found, row, kind)
        if fills:
            plan.updates.append(Update(found, row, fills))
        else:
            plan.duplicates.append((row, f"already in your contacts (#{cid})"))
    plan.new.sort(key=lambda r: r.line)
    return plan


def row_json(row: ImportRow) -> dict[str, Any]:
    """A staged row as stored between preview and confirm."""
    data: dict[str, Any] = {"line": row.line, "name": row.name}
    for attr in ("company", "role", "email", "url", "notes"):
        if getattr(row, attr):
            data[attr] = getattr(row, attr)
    if row.connected_on is not None:
        data["connected_on"] = row.connected_on.isoformat()
    return data


def row_from_json(data: dict[str, Any]) -> ImportRow:
    connected = data.get("connected_on")
    return ImportRow(
        line=int(data["line"]),
        name=str(data["name"]),
        company=str(data.get("company", "")),
        role=str(data.get("role", "")),
        email=str(data.get("email", "")),
        url=str(data.get("url", "")),
        connected_on=date.fromisoformat(connected) if connected else None,
        notes=str(data.get("notes", "")),
    )
