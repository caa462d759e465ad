"""The open-to-chat directory's search index and search (see bot/ports/directory.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import ColumnElement, delete, insert, literal, or_, select
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
                "listing_rank": profile.listing_rank,
            }
            for kind, value in sorted(set(terms))
        ]
        if rows:
            await self.session.execute(insert(tables.directory_terms), rows)

    async def unindex(self, owner: Actor) -> None:
        t = tables.directory_terms
        await self.session.execute(delete(t).where(owned_by(t, owner)))

    async def search(self, query: DirectoryQuery) -> Sequence[DirectoryHit]:
        """With filters, the first one drives: its holders come off the terms index
        already in rotation order, each joined to its profile and checked against the
        other filters (index-only probes), so a popular term stops after `limit` hits
        and a rare one reads only its few holders. Without filters, the listing index
        of profiles gives the same order."""
        found = await self._page(query, after=True, limit=query.limit)
        if len(found) < query.limit:
            found += await self._page(query, after=False, limit=query.limit - len(found))
        return [DirectoryHit(profile) for profile in found]

    async def _page(self, query: DirectoryQuery, *, after: bool, limit: int) -> list[Profile]:
        p, t = tables.profiles, tables.directory_terms
        conditions: list[ColumnElement[bool]] = [
            in_tenant(p, query.platform, query.workspace_id),
            p.c.listed_at.is_not(None),
            or_(p.c.listing_paused_until.is_(None), p.c.listing_paused_until <= query.now),
            p.c.user_id != query.seeker_id,
        ]
        rest = query.filters
        if query.filters:
            first, rest = query.filters[0], query.filters[1:]
            rank = t.c.listing_rank
            statement = (
                select(Profile)
                .join_from(t, p, p.c.id == t.c.profile_id)
                .where(
                    in_tenant(t, query.platform, query.workspace_id),
                    t.c.kind == first.kind,
                    t.c.value.in_(_values(first.values)),
                )
            )
        else:
            rank = p.c.listing_rank
            statement = select(Profile)
        for wanted in rest:
            held = t.alias()
            # LIMIT 1 keeps this a per-member index probe: without it PostgreSQL may turn
            # it into a hash over every holder of a common term ("co", "leeds").
            conditions.append(
                select(literal(1))
                .where(
                    held.c.profile_id == p.c.id,
                    held.c.kind == wanted.kind,
                    held.c.value.in_(_values(wanted.values)),
                    held.c.platform == query.platform,
                    held.c.workspace_id == query.workspace_id,
                )
                .limit(1)
                .exists()
            )
        where = rank >= query.start if after else rank < query.start
        # A member holding two of the driving values comes twice: read a few more.
        extra = limit if query.filters and len(query.filters[0].values) > 1 else 0
        result = await self.session.execute(
            statement.where(*conditions, where).order_by(rank, p.c.id).limit(limit + extra)
        )
        unique: dict[int | None, Profile] = {}
        for profile in result.scalars().all():
            unique.setdefault(profile.id, profile)
        return list(unique.values())[:limit]


def _values(values: frozenset[str]) -> list[str]:
    return sorted(v[:TERM_CHARS] for v in values)
