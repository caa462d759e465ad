"""Contacts, interviews and outcomes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    Table,
    bindparam,
    cast,
    delete,
    exists,
    false,
    func,
    literal_column,
    null,
    select,
    true,
    union_all,
    update,
)

from bot.domain import Actor, Contact, Interview, Outcome, ReminderStatus
from bot.ids import storable_id
from bot.ports.journal import ContactFootprint, ContactName, NameLookup, ReferralRow, StageRow
from storage import tables
from storage.direct import Direct, attached
from storage.repositories.base import (
    SqlRepository,
    kept,
    owned_by,
    owned_by_params,
    owner_params,
)

#: Reminders still to be sent (a claimed one is being sent right now).
OPEN_REMINDERS = (ReminderStatus.PENDING.value, ReminderStatus.CLAIMED.value)


class SqlContactRepository(SqlRepository[Contact]):
    model = Contact
    table = tables.contacts

    async def get(self, owner: Actor, contact_id: int) -> Contact | None:
        return await self._owned_by_id(owner, contact_id)

    async def list(self, owner: Actor) -> Sequence[Contact]:
        return await self._many(
            owned_by(self.table, owner), order_by=[func.lower(self.table.c.name), self.table.c.id]
        )

    async def get_many(self, owner: Actor, contact_ids: Sequence[int]) -> Sequence[Contact]:
        wanted = sorted({i for i in contact_ids if storable_id(i)})
        if not wanted:
            return []
        return await self._many(owned_by(self.table, owner), self.table.c.id.in_(wanted))

    async def find_by_member(self, owner: Actor, member_id: str) -> Contact | None:
        return await self._one(owned_by(self.table, owner), self.table.c.member_id == member_id)

    async def find_by_name(
        self, owner: Actor, name: str, company: str | None = None
    ) -> Sequence[Contact]:
        t = self.table

        def build(with_company: bool) -> Direct:
            conditions = [owned_by_params(t), func.lower(t.c.name) == bindparam("name")]
            if with_company:
                conditions.append(func.lower(t.c.company) == bindparam("company"))
            return Direct(select(t).where(*conditions).order_by(t.c.id))

        with_company = company is not None
        query = kept(type(self), f"by_name_{with_company}", lambda: build(with_company))
        values = owner_params(owner, name=name.strip().lower())
        if company is not None:
            values["company"] = company.strip().lower()
        return await query.load(self.session, Contact, values)

    async def names(self, owner: Actor) -> Sequence[ContactName]:
        t = self.table
        query = kept(
            type(self),
            "names",
            lambda: Direct(
                select(t.c.id, t.c.name, t.c.company).where(owned_by_params(t)).order_by(t.c.id)
            ),
        )
        rows = await query.rows(self.session, owner_params(owner))
        return [ContactName(int(cid), name, company or "") for cid, name, company in rows]

    async def lookup_name(self, owner: Actor, name: str) -> NameLookup:
        query = kept(type(self), "lookup_name", _lookup_name_statement)
        rows = await query.rows(self.session, owner_params(owner, name=name.strip().lower()))
        if rows and rows[0]["found"]:
            return NameLookup(attached(self.session, Contact, rows), [])
        return NameLookup([], [ContactName(r["id"], r["name"], r["company"] or "") for r in rows])

    async def referral_rows(self, owner: Actor) -> Sequence[ReferralRow]:
        t = self.table
        query = select(t.c.id, t.c.name, t.c.referred_by_id, t.c.number).where(owned_by(t, owner))
        return [ReferralRow(*row) for row in (await self.session.execute(query)).all()]

    async def footprint(self, owner: Actor, contact_id: int) -> ContactFootprint:
        """Four counts in one round trip (scalar subqueries)."""

        def count(table: Table, *extra: ColumnElement[bool]) -> ScalarSelect[int]:
            column = table.c.referred_by_id if table is tables.contacts else table.c.contact_id
            return (
                select(func.count())
                .where(owned_by(table, owner), column == contact_id, *extra)
                .scalar_subquery()
            )

        open_ = tables.reminders.c.status.in_(OPEN_REMINDERS)
        row = (
            await self.session.execute(
                select(
                    count(tables.interviews),
                    count(tables.reminders, open_),
                    count(tables.outcomes),
                    count(tables.contacts),
                )
            )
        ).one()
        return ContactFootprint(*(int(n or 0) for n in row))

    async def move_links(self, owner: Actor, from_id: int, to_id: int) -> None:
        await self.session.flush()
        for table in (
            tables.interviews,
            tables.reminders,
            tables.outcomes,
            tables.action_items,
        ):
            await self.session.execute(
                update(table)
                .where(owned_by(table, owner), table.c.contact_id == from_id)
                .values(contact_id=to_id)
            )
        t = self.table
        await self.session.execute(
            update(t)
            .where(owned_by(t, owner), t.c.referred_by_id == from_id, t.c.id != to_id)
            .values(referred_by_id=to_id)
        )

    async def remove(self, owner: Actor, contact: Contact) -> None:
        cid = contact.id
        await self.session.flush()
        for table in (
            tables.action_items,
            tables.reminders,
            tables.outcomes,
            tables.interviews,
        ):
            await self.session.execute(
                delete(table).where(owned_by(table, owner), table.c.contact_id == cid)
            )
        t = self.table
        await self.session.execute(
            update(t)
            .where(owned_by(t, owner), t.c.referred_by_id == cid)
            .values(referred_by_id=None)
        )
        await self.session.execute(delete(t).where(owned_by(t, owner), t.c.id == cid))
        self.session.expunge(contact)


def _lookup_name_statement() -> Direct:
    """The contacts named $name with every column, or when there are none, every
    contact's id, name and company (the other columns NULL), each row saying which."""
    t = tables.contacts
    named = (
        select(t).where(owned_by_params(t), func.lower(t.c.name) == bindparam("name")).cte("named")
    )
    light = {"id", "name", "company"}
    found = select(*named.c, true().label("found"))
    others = select(
        *(c if c.key in light else cast(null(), c.type).label(c.key) for c in t.columns),
        false().label("found"),
    ).where(owned_by_params(t), ~exists(select(named.c.id)))
    return Direct(union_all(found, others).order_by(literal_column("id")))


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
        when = func.coalesce(t.c.held_at, t.c.scheduled_at, t.c.requested_at, t.c.created_at)
        return await self._many(
            *self._filters(owner, status, contact_ids),
            # Undated last on both databases (PostgreSQL puts NULLs first when descending).
            order_by=[when.desc().nulls_last(), t.c.id.desc()],
            limit=limit,
        )

    async def count(
        self,
        owner: Actor,
        *,
        status: str | None = None,
        contact_ids: Sequence[int] | None = None,
    ) -> int:
        query = select(func.count()).where(*self._filters(owner, status, contact_ids))
        return int(await self.session.scalar(query) or 0)

    async def count_by_contact(self, owner: Actor) -> Mapping[int, int]:
        t = self.table
        query = (
            select(t.c.contact_id, func.count()).where(owned_by(t, owner)).group_by(t.c.contact_id)
        )
        return {int(cid): int(n) for cid, n in (await self.session.execute(query)).all()}

    async def stage_rows(self, owner: Actor) -> Sequence[StageRow]:
        t = self.table
        query = select(t.c.id, t.c.status, t.c.held_at, t.c.thanked_at).where(owned_by(t, owner))
        return [StageRow(*row) for row in (await self.session.execute(query)).all()]

    def _filters(
        self, owner: Actor, status: str | None, contact_ids: Sequence[int] | None
    ) -> Sequence[ColumnElement[bool]]:
        t = self.table
        conditions = [owned_by(t, owner)]
        if status is not None:
            conditions.append(t.c.status == status)
        if contact_ids is not None:
            conditions.append(t.c.contact_id.in_(list(contact_ids)))
        return conditions


class SqlOutcomeRepository(SqlRepository[Outcome]):
    model = Outcome
    table = tables.outcomes

    async def list(self, owner: Actor) -> Sequence[Outcome]:
        return await self._many(owned_by(self.table, owner), order_by=[self.table.c.id])
