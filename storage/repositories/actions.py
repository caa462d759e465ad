"""Action items: one list across every conversation, scoped by owner."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import case

from bot.domain import ActionItem, Actor
from storage import tables
from storage.repositories.base import SqlRepository, owned_by


class SqlActionItemRepository(SqlRepository[ActionItem]):
    model = ActionItem
    table = tables.action_items

    async def get(self, owner: Actor, item_id: int) -> ActionItem | None:
        return await self._owned_by_id(owner, item_id)

    async def list(
        self, owner: Actor, *, interview_id: int | None = None, open_only: bool = False
    ) -> Sequence[ActionItem]:
        t = self.table
        conditions = [owned_by(t, owner)]
        if interview_id is not None:
            conditions.append(t.c.interview_id == interview_id)
        if open_only:
            conditions.append(t.c.done_at.is_(None))
        done_last = case((t.c.done_at.is_(None), 0), else_=1)
        # Both databases sort NULLs differently by default: say where undated items go.
        return await self._many(
            *conditions, order_by=[done_last, t.c.due_at.asc().nulls_last(), t.c.id]
        )
