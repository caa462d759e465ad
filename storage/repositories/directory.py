"""The open-to-chat directory's search index and search (see bot/ports/directory.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import ColumnElement, delete, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import Actor, Profile
from bot.ports.directory import DirectoryHit, DirectoryQuery
from storage import tables
from storage.repositories.base import in_tenant, owned_by

#: Longest stored term; longer ones are cut (the core's terms are words and short phrases).
TERM_CHARS = 100


class SqlDirectoryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def index(self, profile: Profile, terms: Iterable[tuple[str, str]]) -> None:
        owner = Actor(profile.platform, profile.workspace_id, profile.user_id)
        await self.unindex(owner)
        rows = [
            {
                "platform": profile.platform,
                "workspace_id": profile.workspace_id,
                "user_id": profile.user_id,
                "profile_id": profile.id,
                "kind": kind,
                "value": value[:TERM_CHARS],
            }
            for kind, value in sorted(set(terms))
        ]
        if rows:
            await self.session.execute(insert(tables.directory_terms), rows)

    async def unindex(self, owner: Actor) -> None:
        t = tables.directory_terms
        await self.session.execute(delete(t).where(owned_by(t, owner)))

    async def search(self, query: DirectoryQuery) -> Sequence[DirectoryHit]:
        p, t = tables.profiles, tables.directory_terms
        conditions: list[ColumnElement[bool]] = [
            in_tenant(p, query.platform, query.workspace_id),
            p.c.listed_at.is_not(None),
            or_(p.c.listing_paused_until.is_(None), p.c.listing_paused_until <= query.now),
            p.c.user_id != query.seeker_id,
        ]
        for wanted in query.filters:
            conditions.append(
                p.c.id.in_(
                    select(t.c.profile_id).where(
                        in_tenant(t, query.platform, query.workspace_id),
                        t.c.kind == wanted.kind,
                        t.c.value.in_(sorted(v[:TERM_CHARS] for v in wanted.values)),
                    )
                )
            )
        found = await self._page(conditions, p.c.listing_rank >= query.start, query.limit)
        if len(found) < query.limit:
            found += await self._page(
                conditions, p.c.listing_rank < query.start, query.limit - len(found)
            )
        return [DirectoryHit(profile) for profile in found]

    async def _page(
        self, conditions: list[ColumnElement[bool]], where: ColumnElement[bool], limit: int
    ) -> list[Profile]:
        p = tables.profiles
        result = await self.session.execute(
            select(Profile)
            .where(*conditions, where)
            .order_by(p.c.listing_rank, p.c.id)
            .limit(limit)
        )
        return list(result.scalars().all())
