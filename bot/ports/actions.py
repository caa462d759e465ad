"""The action-item repository: every method is scoped by its owner."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.domain import ActionItem, Actor


class ActionItemRepository(Protocol):
    async def add(self, item: ActionItem) -> ActionItem: ...

    async def get(self, owner: Actor, item_id: int) -> ActionItem | None: ...

    async def by_number(self, owner: Actor, number: int) -> ActionItem | None:
        """The owner's action item numbered `number` (`#3`: per person, never reused)."""
        ...

    async def list(
        self, owner: Actor, *, interview_id: int | None = None, open_only: bool = False
    ) -> Sequence[ActionItem]:
        """Open items first, soonest due first (undated after dated), then oldest first;
        `interview_id` keeps one conversation's items."""
        ...

    async def delete(self, item: ActionItem) -> None: ...
