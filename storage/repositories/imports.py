"""Contact import batches, and the bulk writes an import of thousands of rows needs.

Plain SQL (no ORM objects): a 30,000-row import inserts its contacts with one
multi-row INSERT … RETURNING per page (SQLAlchemy's insertmanyvalues, ids in order on
both databases), and fills or reverts details with executemany, grouped by which
details change. Every statement is scoped by the owner.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import and_, bindparam, delete, exists, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import Actor, Contact
from bot.ids import storable_id
from bot.ports.imports import ContactImport, ImportStatus
from storage import tables
from storage.repositories.base import owned_by

_CHUNK = 500
_FILLABLE = ("company", "role", "how_known", "links", "notes")
_CONTACT_COLUMNS = (
    "platform", "workspace_id", "user_id", "name", "company", "role", "industry", "seniority",
    "member_id", "how_known", "referred_by_id", "notes", "links", "research", "research_done",
    "keep_in_touch", "created_at", "last_interaction_at",
)  # fmt: skip
_BATCH_COLUMNS = ("status", "kind", "rows", "skipped", "added_ids", "changes", "applied_at")


class SqlContactImportRepository:
    table = tables.contact_imports

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def stage(self, batch: ContactImport) -> ContactImport:
        t = self.table
        await self.session.execute(
            delete(t).where(owned_by(t, _owner(batch)), t.c.status == ImportStatus.STAGED.value)
        )
        values = {name: getattr(batch, name) for name in (*_BATCH_COLUMNS, "created_at")}
        values.update(platform=batch.platform, workspace_id=batch.workspace_id)
        values["user_id"] = batch.user_id
        batch.id = int(await self.session.scalar(insert(t).values(values).returning(t.c.id)) or 0)
        return batch

    async def get(self, owner: Actor, batch_id: int) -> ContactImport | None:
        if not storable_id(batch_id):
            return None
        return await self._one(owner, self.table.c.id == batch_id)

    async def latest(self, owner: Actor, status: str) -> ContactImport | None:
        return await self._one(owner, self.table.c.status == status)

    async def _one(self, owner: Actor, condition: Any) -> ContactImport | None:
        t = self.table
        query = select(t).where(owned_by(t, owner), condition).order_by(t.c.id.desc()).limit(1)
        row = (await self.session.execute(query)).mappings().first()
        if row is None:
            return None
        return ContactImport(**{key: row[key] for key in row})

    async def save(self, batch: ContactImport) -> None:
        t = self.table
        await self.session.execute(
            update(t)
            .where(owned_by(t, _owner(batch)), t.c.id == batch.id)
            .values({name: getattr(batch, name) for name in _BATCH_COLUMNS})
        )

    async def discard(self, owner: Actor, batch_id: int) -> None:
        t = self.table
        await self.session.execute(delete(t).where(owned_by(t, owner), t.c.id == batch_id))

    async def expire(
        self, owner: Actor, *, staged_before: datetime, applied_before: datetime
    ) -> None:
        t = self.table
        await self.session.execute(
            delete(t).where(
                owned_by(t, owner),
                ((t.c.status == ImportStatus.STAGED.value) & (t.c.created_at < staged_before))
                | ((t.c.status != ImportStatus.STAGED.value) & (t.c.applied_at < applied_before)),
            )
        )

    async def add_contacts(self, owner: Actor, contacts: Sequence[Contact]) -> list[int]:
        if not contacts:
            return []
        rows = [{name: getattr(c, name) for name in _CONTACT_COLUMNS} for c in contacts]
        for row in rows:
            row.update(platform=owner.platform, workspace_id=owner.workspace_id)
            row["user_id"] = owner.user_id
        t = tables.contacts
        result = await self.session.execute(
            insert(t).returning(t.c.id, sort_by_parameter_order=True), rows
        )
        return [int(cid) for cid in result.scalars().all()]

    async def fill(self, owner: Actor, changes: Sequence[tuple[int, Mapping[str, str]]]) -> None:
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for contact_id, values in changes:
            columns = tuple(sorted(c for c in values if c in _FILLABLE))
            if columns:
                params = {f"v_{c}": values[c] for c in columns}
                groups.setdefault(columns, []).append({"cid": contact_id, **params})
        t = tables.contacts
        for columns, batch in groups.items():
            statement = (
                update(t)
                .where(owned_by(t, owner), t.c.id == bindparam("cid"))
                .values({c: bindparam(f"v_{c}") for c in columns})
            )
            connection = await self.session.connection()
            await connection.execute(statement, batch)

    async def removable(self, owner: Actor, contact_ids: Sequence[int]) -> list[int]:
        c = tables.contacts
        referred = c.alias("referred")
        found: list[int] = []
        ids = sorted({i for i in contact_ids if storable_id(i)})
        for start in range(0, len(ids), _CHUNK):
            hanging = [
                exists().where(table.c.contact_id == c.c.id)
                for table in (
                    tables.interviews,
                    tables.reminders,
                    tables.outcomes,
                    tables.action_items,
                )
            ]
            hanging.append(exists().where(referred.c.referred_by_id == c.c.id))
            query = select(c.c.id).where(
                owned_by(c, owner),
                c.c.id.in_(ids[start : start + _CHUNK]),
                *(~condition for condition in hanging),
            )
            found.extend(int(cid) for cid in (await self.session.scalars(query)).all())
        return sorted(found)

    async def remove_contacts(self, owner: Actor, contact_ids: Sequence[int]) -> None:
        t = tables.contacts
        ids = sorted(set(contact_ids))
        for start in range(0, len(ids), _CHUNK):
            await self.session.execute(
                delete(t).where(and_(owned_by(t, owner), t.c.id.in_(ids[start : start + _CHUNK])))
            )


def _owner(batch: ContactImport) -> Actor:
    return Actor(platform=batch.platform, workspace_id=batch.workspace_id, user_id=batch.user_id)
