"""Per-person settings and custom questions."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import Actor, CustomQuestion, UserSettings
from storage import tables
from storage.direct import Direct
from storage.repositories.base import (
    SqlRepository,
    kept,
    owned_by,
    owned_by_params,
    owner_params,
)


class SqlUserSettingsRepository(SqlRepository[UserSettings]):
    model = UserSettings
    table = tables.user_settings

    def __init__(self, session: AsyncSession, *, default_timezone: str = "UTC") -> None:
        super().__init__(session)
        #: The community's zone (INROADS_DEFAULT_TIMEZONE) for people who set none.
        self.default_timezone = default_timezone

    async def get(self, owner: Actor) -> UserSettings | None:
        t = self.table
        query = kept(type(self), "of", lambda: Direct(select(t).where(owned_by_params(t))))
        found = await query.load(self.session, UserSettings, owner_params(owner))
        return found[0] if found else None

    async def get_or_default(self, owner: Actor) -> UserSettings:
        found = await self.get(owner)
        if found is not None:
            return found
        return UserSettings(
            platform=owner.platform,
            workspace_id=owner.workspace_id,
            user_id=owner.user_id,
            timezone=self.default_timezone,
        )

    async def save(self, settings: UserSettings) -> UserSettings:
        return await self.add(settings)

    async def get_many(self, owners: Sequence[Actor]) -> dict[tuple[str, str, str], UserSettings]:
        found: dict[tuple[str, str, str], UserSettings] = {}
        unique = list({owner.key: owner for owner in owners}.values())
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            keys = tuple_(self.table.c.platform, self.table.c.workspace_id, self.table.c.user_id)
            for item in await self._many(keys.in_([o.key for o in chunk])):
                found[(item.platform, item.workspace_id, item.user_id)] = item
        return found

    async def keys_with_pending_notice(self, *, limit: int) -> Sequence[tuple[str, str, str]]:
        c = self.table.c
        query = (
            select(c.platform, c.workspace_id, c.user_id).where(c.pending_notice != "").limit(limit)
        )
        rows = (await self.session.execute(query)).all()
        return [(str(p), str(w), str(u)) for p, w, u in rows]


class SqlCustomQuestionRepository(SqlRepository[CustomQuestion]):
    model = CustomQuestion
    table = tables.custom_questions

    async def list(self, owner: Actor) -> Sequence[CustomQuestion]:
        return await self._many(owned_by(self.table, owner), order_by=[self.table.c.id])
