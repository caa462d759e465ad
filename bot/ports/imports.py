"""Contact imports: a staged batch between preview and confirm, then what undo needs.

A batch holds the parsed rows only while it is staged (at most a day: `STAGED_FOR`), so
other people's details from an uploaded file are not kept once the person has decided.
Once applied it keeps only the ids it added and, per contact it completed, the values
before and after (for `contact import undo`, within `UNDO_FOR`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

from bot.domain import Actor

STAGED_FOR = timedelta(hours=24)
UNDO_FOR = timedelta(days=30)


class ImportStatus(StrEnum):
    STAGED = "staged"
    APPLIED = "applied"
    UNDONE = "undone"


@dataclass(eq=False)
class ContactImport:
    platform: str
    workspace_id: str
    user_id: str
    status: str
    kind: str
    #: Staged rows, as JSON objects (see bot.journal.import_plan.row_json); [] once applied.
    rows: list[dict[str, Any]] = field(default_factory=list)
    #: Rows of the file that could not be used (counted for the confirm reply).
    skipped: int = 0
    added_ids: list[int] = field(default_factory=list)
    #: [{"id": contact id, "before": {attr: value}, "after": {attr: value}}]
    changes: list[dict[str, Any]] = field(default_factory=list)
    created_at: datetime | None = None
    applied_at: datetime | None = None
    id: int | None = None
    #: What the person sees and types (`contact import undo 2`): their own count.
    number: int | None = None


@dataclass(frozen=True, slots=True)
class ContactDetails:
    """What an import compares and may fill in of one existing contact (one light row
    each: a 30,000-row import reads the whole journal once, not contact by contact)."""

    id: int
    name: str
    company: str = ""
    role: str = ""
    how_known: str = ""
    links: str = ""
    notes: str = ""
    number: int = 0  # the person's own number for it (what replies show)


@dataclass(frozen=True, slots=True)
class NewContact:
    """A contact an import adds: plain values, not a mapped Contact (building 30,000
    instrumented objects cost more than inserting them)."""

    name: str
    company: str = ""
    role: str = ""
    how_known: str = ""
    links: str = ""
    notes: str = ""


class ContactImportRepository(Protocol):
    async def details(self, owner: Actor) -> Sequence[ContactDetails]:
        """Every contact of the owner, as ContactDetails, by id."""
        ...

    async def stage(self, batch: ContactImport) -> ContactImport:
        """Save a new staged batch; the owner's earlier staged batches are dropped."""
        ...

    async def by_number(self, owner: Actor, number: int) -> ContactImport | None:
        """The owner's batch with this number (what replies show and buttons carry)."""
        ...

    async def latest(self, owner: Actor, status: str) -> ContactImport | None:
        """The owner's newest batch in `status`."""
        ...

    async def save(self, batch: ContactImport) -> None:
        """Write the batch's status, rows, ids, changes and applied time."""
        ...

    async def discard(self, owner: Actor, batch_id: int) -> None: ...

    async def expire(
        self, owner: Actor, *, staged_before: datetime, applied_before: datetime
    ) -> None:
        """Drop the owner's staged batches older than `staged_before` and the undo records
        of batches applied before `applied_before`."""
        ...

    async def add_contacts(
        self, owner: Actor, contacts: Sequence[NewContact], *, now: datetime
    ) -> list[int]:
        """Insert many contacts at once; their ids (ascending, not in the given order)."""
        ...

    async def fill(self, owner: Actor, changes: Sequence[tuple[int, Mapping[str, str]]]) -> None:
        """Set the given details (company, role, how_known, links, notes) of many contacts."""
        ...

    async def removable(self, owner: Actor, contact_ids: Sequence[int]) -> list[int]:
        """Those of `contact_ids` that still exist, have nothing hanging on them (no
        interview, reminder, outcome, action item, nobody they referred) and none of the
        details an import never writes (industry, seniority, research, a member, a last
        interaction, keep-in-touch stopped): the person's own work is never undone."""
        ...

    async def remove_contacts(self, owner: Actor, contact_ids: Sequence[int]) -> None: ...
