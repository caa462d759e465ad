"""The in-memory contact import repository (tests/fakes.py's unit of work holds one).

Bulk writes the SQL repository does in a few statements happen here one object at a
time; what a caller can see (scoping, ids, what undo may remove) is the same, and the
import tests run against both.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from bot.domain import Actor, Contact
from bot.ports.imports import ContactDetails, ContactImport, ImportStatus, NewContact


def owns(item: Any, owner: Actor) -> bool:
    return (item.platform, item.workspace_id, item.user_id) == owner.key


class FakeContactImports:
    """Import batches, and the bulk contact writes the SQL repository does in a few
    statements (here, one object at a time)."""

    name = "contact_imports"

    def __init__(self, store: Any) -> None:
        self.store = store  # tests.fakes.MemoryStore

    @property
    def items(self) -> list[Any]:
        return self.store.table(self.name)  # type: ignore[no-any-return]

    def _owned(self, owner: Actor) -> list[Any]:
        return [i for i in self.items if owns(i, owner)]

    async def details(self, owner: Actor) -> Sequence[ContactDetails]:
        contacts = sorted(
            (c for c in self.store.table("contacts") if owns(c, owner)), key=lambda c: c.id
        )
        return [
            ContactDetails(c.id, c.name, c.company, c.role, c.how_known, c.links, c.notes, c.number)
            for c in contacts
        ]

    async def stage(self, batch: ContactImport) -> ContactImport:
        owner = Actor(batch.platform, batch.workspace_id, batch.user_id)
        self.items[:] = [
            b for b in self.items if not (owns(b, owner) and b.status == ImportStatus.STAGED.value)
        ]
        return self.store.insert(self.name, batch)  # type: ignore[no-any-return]

    async def by_number(self, owner: Actor, number: int) -> ContactImport | None:
        return next((b for b in self._owned(owner) if b.number == number), None)

    async def latest(self, owner: Actor, status: str) -> ContactImport | None:
        found = [b for b in self._owned(owner) if b.status == status]
        return max(found, key=lambda b: b.id) if found else None

    async def save(self, batch: ContactImport) -> None:
        return None  # the store holds the object itself

    async def discard(self, owner: Actor, batch_id: int) -> None:
        self.items[:] = [b for b in self.items if not (owns(b, owner) and b.id == batch_id)]

    async def expire(
        self, owner: Actor, *, staged_before: datetime, applied_before: datetime
    ) -> None:
        def old(b: ContactImport) -> bool:
            if b.status == ImportStatus.STAGED.value:
                return b.created_at is not None and b.created_at < staged_before
            return b.applied_at is not None and b.applied_at < applied_before

        self.items[:] = [b for b in self.items if not (owns(b, owner) and old(b))]

    async def add_contacts(
        self, owner: Actor, contacts: Sequence[NewContact], *, now: datetime
    ) -> list[int]:
        ids = []
        for new in contacts:
            contact = Contact(
                owner.platform, owner.workspace_id, owner.user_id, new.name,
                company=new.company, role=new.role, how_known=new.how_known,
                links=new.links, notes=new.notes, created_at=now,
            )  # fmt: skip
            ids.append(self.store.insert("contacts", contact).id)
        return ids

    async def fill(self, owner: Actor, changes: Sequence[tuple[int, Mapping[str, str]]]) -> None:
        by_id = {c.id: c for c in self.store.table("contacts") if owns(c, owner)}
        for contact_id, values in changes:
            contact = by_id.get(contact_id)
            if contact is not None:
                for attr, value in values.items():
                    setattr(contact, attr, value)

    async def removable(self, owner: Actor, contact_ids: Sequence[int]) -> list[int]:
        hanging = {
            r.contact_id
            for table in ("interviews", "reminders", "outcomes", "action_items")
            for r in self.store.table(table)
            if owns(r, owner)
        }
        contacts = [c for c in self.store.table("contacts") if owns(c, owner)]
        hanging |= {c.referred_by_id for c in contacts}
        wanted = set(contact_ids)
        return sorted(
            c.id
            for c in contacts
            if c.id in wanted
            and c.id not in hanging
            and not (c.industry or c.seniority or c.research or c.member_id)
            and c.last_interaction_at is None
            and c.keep_in_touch
        )

    async def remove_contacts(self, owner: Actor, contact_ids: Sequence[int]) -> None:
        gone = set(contact_ids)
        rows = self.store.table("contacts")
        rows[:] = [c for c in rows if not (owns(c, owner) and c.id in gone)]
