"""Mentoring profiles, group configuration and match rounds."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select, update

from bot.domain import Actor, GroupConfig, Match, MatchRound, Profile
from bot.ids import storable_id
from storage import numbering, tables
from storage.repositories.base import SqlRepository, in_tenant, owned_by


class SqlProfileRepository(SqlRepository[Profile]):
    model = Profile
    table = tables.profiles

    async def get(self, owner: Actor) -> Profile | None:
        return await self._one(owned_by(self.table, owner))

    async def save(self, profile: Profile) -> Profile:
        return await self.add(profile)

    async def list_workspace(self, platform: str, workspace_id: str) -> Sequence[Profile]:
        return await self._many(
            in_tenant(self.table, platform, workspace_id), order_by=[self.table.c.id]
        )


class SqlGroupRepository(SqlRepository[GroupConfig]):
    model = GroupConfig
    table = tables.group_configs

    async def get(self, platform: str, workspace_id: str) -> GroupConfig | None:
        return await self._one(in_tenant(self.table, platform, workspace_id))

    async def save(self, config: GroupConfig) -> GroupConfig:
        return await self.add(config)

    async def list_all(self) -> Sequence[GroupConfig]:
        return await self._many(order_by=[self.table.c.id])

    async def claim_round(
        self, config: GroupConfig, *, due_before: datetime, now: datetime
    ) -> bool:
        t = self.table
        result = await self.session.execute(
            update(t)
            .where(
                t.c.id == config.id,
                or_(t.c.last_round_at.is_(None), t.c.last_round_at <= due_before),
            )
            .values(last_round_at=now)
            .execution_options(synchronize_session=False)
        )
        claimed = int(getattr(result, "rowcount", 0) or 0) == 1
        if claimed:
            config.last_round_at = now
        return claimed

    async def claim_poll(self, config: GroupConfig, *, round_at: datetime) -> bool:
        t = self.table
        result = await self.session.execute(
            update(t)
            .where(
                t.c.id == config.id,
                or_(t.c.polled_for.is_(None), t.c.polled_for != round_at),
            )
            .values(polled_for=round_at)
            .execution_options(synchronize_session=False)
        )
        claimed = int(getattr(result, "rowcount", 0) or 0) == 1
        if claimed:
            config.polled_for = round_at
        return claimed


class SqlMatchRepository(SqlRepository[Match]):
    model = Match
    table = tables.matches

    async def add_round(self, match_round: MatchRound) -> MatchRound:
        await numbering.assign(self.session, [match_round])  # the group's next round number
        self.session.add(match_round)
        await self.session.flush()
        return match_round

    async def get_round(self, platform: str, workspace_id: str, round_id: int) -> MatchRound | None:
        if not storable_id(round_id):
            return None
        t = tables.match_rounds
        result = await self.session.execute(
            select(MatchRound).where(in_tenant(t, platform, workspace_id), t.c.id == round_id)
        )
        return result.scalars().first()

    async def latest_round(self, platform: str, workspace_id: str) -> MatchRound | None:
        t = tables.match_rounds
        result = await self.session.execute(
            select(MatchRound)
            .where(in_tenant(t, platform, workspace_id))
            .order_by(t.c.id.desc())
            .limit(1)
        )
        return result.scalars().first()

    async def get(self, platform: str, workspace_id: str, match_id: int) -> Match | None:
        if not storable_id(match_id):
            return None
        return await self._one(
            in_tenant(self.table, platform, workspace_id), self.table.c.id == match_id
        )

    async def by_group_number(self, platform: str, workspace_id: str, number: int) -> Match | None:
        if not storable_id(number):
            return None
        return await self._one(
            in_tenant(self.table, platform, workspace_id), self.table.c.number == number
        )

    async def get_many(self, match_ids: Sequence[int]) -> Sequence[Match]:
        wanted = [i for i in set(match_ids) if storable_id(i)]
        if not wanted:
            return []
        return await self._many(self.table.c.id.in_(wanted), order_by=[self.table.c.id])

    async def list_round(self, platform: str, workspace_id: str, round_id: int) -> Sequence[Match]:
        return await self._many(
            in_tenant(self.table, platform, workspace_id),
            self.table.c.round_id == round_id,
            order_by=[self.table.c.id],
        )

    async def list_workspace(self, platform: str, workspace_id: str) -> Sequence[Match]:
        return await self._many(
            in_tenant(self.table, platform, workspace_id), order_by=[self.table.c.id]
        )

    async def list_for_member(self, member: Actor) -> Sequence[Match]:
        t = self.table
        return await self._many(
            in_tenant(t, member.platform, member.workspace_id),
            or_(t.c.mentor_id == member.user_id, t.c.seeker_id == member.user_id),
            order_by=[t.c.id],
        )
