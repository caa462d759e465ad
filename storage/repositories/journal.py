"""Contacts, interviews and outcomes."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func

from bot.domain import Actor, Contact, Interview, Outcome
from storage import tables
from storage.repositories.base import SqlRepository, owned_by


class SqlContactRepository(SqlRepository[Contact]):
    model = Contact
    table = tables.contacts

    async def get(self, owner: Actor, contact_id: int) -> Contact | None:
        return await self._owned_by_id(owner, contact_id)

    async def list(self, owner: Actor) -> Sequence[Contact]:
        return await self._many(
            owned_by(self.table, owner), order_by=[func.lower(self.table.c.name)]
        )

    async def find_by_member(self, owner: Actor, member_id: str) -> Contact | None:
        return await self._one(owned_by(self.table, owner), self.table.c.member_id == member_id)

    async def find_by_name(
        self, owner: Actor, name: str, company: str | None = None
    ) -> Sequence[Contact]:
        conditions = [
            owned_by(self.table, owner),
            func.lower(self.table.c.name) == name.strip().lower(),
        ]
        if company is not None:
            conditions.append(func.lower(self.table.c.company) == company.strip().lower())
        return await self._many(*conditions, order_by=[self.table.c.id])


class SqlInterviewRepository(SqlRepository[Interview]):
    model = Interview
    table = tables.interviews

    async def get(self, owner: Actor, interview_id: int) -> Interview | None:
        return await self._owned_by_id(owner, interview_id)

    async def list(
        self,
        owner: Actor,
        *,
        status: str | None = None,
        contact_ids: Sequence[int] | None = None,
        limit: int | None = None,
    ) -> Sequence[Interview]:
        t = self.table
        conditions = [owned_by(t, owner)]
        if status is not None:
            conditions.append(t.c.status == status)
        if contact_ids is not None:
            conditions.append(t.c.contact_id.in_(list(contact_ids)))
        when = func.coalesce(t.c.held_at, t.c.scheduled_at, t.c.requested_at, t.c.created_at)
        items = await self._many(*conditions, order_by=[when.desc(), t.c.id.desc()])
        return items[:limit] if limit is not None else items


class SqlOutcomeRepository(SqlRepository[Outcome]):
    model = Outcome
    table = tables.outcomes

    async def list(self, owner: Actor) -> Sequence[Outcome]:
        return await self._many(owned_by(self.table, owner), order_by=[self.table.c.id])
