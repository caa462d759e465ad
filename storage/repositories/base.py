"""Shared pieces of the SQL repositories: owner scoping and simple CRUD."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, Table, and_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import Actor
from bot.ids import storable_id
from storage import numbering

T = TypeVar("T")


def owned_by(table: Table, owner: Actor) -> ColumnElement[bool]:
    """The filter every private query carries: platform, workspace and user."""
    return and_(
        table.c.platform == owner.platform,
        table.c.workspace_id == owner.workspace_id,
        table.c.user_id == owner.user_id,
    )


def in_tenant(table: Table, platform: str, workspace_id: str) -> ColumnElement[bool]:
    return and_(table.c.platform == platform, table.c.workspace_id == workspace_id)


class SqlRepository(Generic[T]):
    """CRUD for one mapped class whose rows belong to one owner."""

    model: type[T]
    table: Table

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, item: T) -> T:
        await numbering.assign(self.session, [item])  # its per-person number, if it has one
        self.session.add(item)
        await self.session.flush()
        return item

    async def delete(self, item: T) -> None:
        await self.session.delete(item)
        await self.session.flush()

    async def _one(self, *conditions: ColumnElement[bool]) -> T | None:
        result = await self.session.execute(select(self.model).where(*conditions))
        return result.scalars().first()

    async def _many(
        self,
        *conditions: ColumnElement[bool],
        order_by: Sequence[Any] = (),
        limit: int | None = None,
    ) -> Sequence[T]:
        query = select(self.model).where(*conditions).order_by(*order_by).limit(limit)
        result = await self.session.execute(query)
        return result.scalars().all()

    async def _owned_by_id(self, owner: Actor, item_id: int) -> T | None:
        if not storable_id(item_id):  # beyond the id column's range: cannot exist
            return None
        return await self._one(owned_by(self.table, owner), self.table.c.id == item_id)

    async def by_number(self, owner: Actor, number: int) -> T | None:
        """The owner's row with this per-person number (what people type and buttons
        carry). Scoped like every read, so someone else's number finds only your own."""
        if not storable_id(number):
            return None
        return await self._one(owned_by(self.table, owner), self.table.c.number == number)
