"""The open-to-chat directory's search index and search (see bot/ports/directory.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import ColumnElement, delete, insert, literal, or_, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import Actor, Profile
from bot.ports.directory import DirectoryHit, DirectoryQuery, TermFilter
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
        already in rotation order (one walk per value, merged), each joined to its
        profile and checked against the other filters (index probes), so a popular term
        stops after `limit` hits and a rare one reads only its few holders. Without
        filters, the listing index of profiles gives the same order. Members from
        `start` first, then from the lowest rank: the rotation wraps round."""
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
            *(self._holds(wanted, query) for wanted in query.filters[1:]),
        ]
        if not query.filters:
            rank = p.c.listing_rank
            result = await self.session.execute(
                select(Profile)
                .where(*conditions, rank >= query.start if after else rank < query.start)
                .order_by(rank, p.c.id)
                .limit(limit)
            )
            return list(result.scalars().all())
        # One ordered, limited index walk per value of the driving filter ("changed",
        # "careers", "teaching"), merged: never a sort of every holder of any of them.
        first, rank = query.filters[0], t.c.listing_rank
        branches = [
            select(p.c.id.label("pid"), rank.label("rank"))
            .join_from(t, p, p.c.id == t.c.profile_id)
            .where(
                in_tenant(t, query.platform, query.workspace_id),
                t.c.kind == first.kind,
                t.c.value == value,
                rank >= query.start if after else rank < query.start,
                *conditions,
            )
            .order_by(rank, p.c.id)
            .limit(limit)
            .subquery()
            for value in _values(first.values)
        ]
        merged = union_all(*(select(b.c.pid, b.c.rank) for b in branches)).subquery()
        result = await self.session.execute(
            select(Profile)
            .join_from(merged, p, p.c.id == merged.c.pid)
            .order_by(merged.c.rank, p.c.id)
            .limit(limit * len(branches))
        )
        unique: dict[int | None, Profile] = {}
        for profile in result.scalars().all():  # a member holding two values comes twice
            unique.setdefault(profile.id, profile)
        return list(unique.values())[:limit]

    @staticmethod
    def _holds(wanted: TermFilter, query: DirectoryQuery) -> ColumnElement[bool]:
        """The member holds one of the wanted values. LIMIT 1 keeps it a per-member
        index probe: without it PostgreSQL may hash every holder of a common term."""
        p, held = tables.profiles, tables.directory_terms.alias()
        return (
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


def _values(values: frozenset[str]) -> list[str]:
    return sorted(v[:TERM_CHARS] for v in values)
