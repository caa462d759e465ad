"""Per-person settings and custom questions."""

from __future__ import annotations

from collections.abc import Sequence

from bot.domain import Actor, CustomQuestion, UserSettings
from storage import tables
from storage.repositories.base import SqlRepository, owned_by


class SqlUserSettingsRepository(SqlRepository[UserSettings]):
    model = UserSettings
    table = tables.user_settings

    async def get(self, owner: Actor) -> UserSettings | None:
        return await self._one(owned_by(self.table, owner))

    async def get_or_default(self, owner: Actor) -> UserSettings:
        found = await self.get(owner)
        if found is not None:
            return found
        return UserSettings(
            platform=owner.platform, workspace_id=owner.workspace_id, user_id=owner.user_id
        )

    async def save(self, settings: UserSettings) -> UserSettings:
        return await self.add(settings)


class SqlCustomQuestionRepository(SqlRepository[CustomQuestion]):
    model = CustomQuestion
    table = tables.custom_questions

    async def list(self, owner: Actor) -> Sequence[CustomQuestion]:
        return await self._many(owned_by(self.table, owner), order_by=[self.table.c.id])
