"""The open-to-chat directory's search index and search (see bot/ports/directory.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.domain import Actor, Profile
from bot.ports.directory import DirectoryHit, DirectoryQuery, TermFilter
from storage import tables
from storage.engine import dialect_name
from storage.repositories.base import in_tenant, owned_by

#: Longest stored term; longer ones are cut (the core's terms are words and short phrases).
TERM_CHARS = 100
#: Holders counted per filter to find the rarest: enough to tell rare from common.
COUNT_CAP = 2_000
#: Members of the driving filter checked per round: the first (enough for a page of
#: 100 when about a third pass), and the largest (rounds double up to it).
FIRST_CHUNK, MAX_CHUNK = 400, 3_200


class SqlDirectoryRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def index(self, profile: Profile, terms: Iterable[tuple[str, str]]) -> None:
        # By owner too: rows a profile of theirs left behind (SQLite cascades only
        # with foreign keys on) go as well.
        await self.unindex(Actor(profile.platform, profile.workspace_id, profile.user_id))
        await self.index_all([(profile, terms)])

    async def index_all(
        self, listings: Sequence[tuple[Profile, Iterable[tuple[str, str]]]]
    ) -> None:
        """Two statements for the page, not two per listing: its rows go by profile id
        (the profile index), then every listing's new terms in one INSERT."""
        if not listings:
            return
        t = tables.directory_terms
        await self.session.execute(delete(t).where(t.c.profile_id.in_([p.id for p, _ in listings])))
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
            for profile, terms in listings
            for kind, value in sorted(set(terms))
        ]
        if rows:
            await self.session.execute(insert(t), rows)

    async def unindex(self, owner: Actor) -> None:
        t = tables.directory_terms
        await self.session.execute(delete(t).where(owned_by(t, owner)))

    async def claim_rules_refresh(self, version: str, *, now: datetime, until: datetime) -> bool:
        s = tables.directory_state
        claimed = await self.session.execute(
            update(s)
            .where(
                s.c.id == 1,
                or_(s.c.rules_version.is_(None), s.c.rules_version != version),
                or_(s.c.claimed_until.is_(None), s.c.claimed_until < now),
            )
            .values(claimed_until=until)
        )
        if getattr(claimed, "rowcount", 0):
            return True
        # No row at all (the migration writes one; a schema copied without data has
        # none): the first claimant makes it, and a row already there refuses again.
        dialect = postgresql if dialect_name(self.session) == "postgresql" else sqlite
        made = await self.session.execute(
            dialect.insert(s)
            .values(id=1, rules_version=None, claimed_until=until)
            .on_conflict_do_nothing(index_elements=["id"])
        )
        return bool(getattr(made, "rowcount", 0))

    async def listed_after(self, after_id: int, limit: int) -> Sequence[Profile]:
        p = tables.profiles
        result = await self.session.execute(
            select(Profile)
            .where(p.c.listed_at.is_not(None), p.c.id > after_id)
            .order_by(p.c.id)
            .limit(limit)
            .with_for_update()
        )
        return list(result.scalars().all())

    async def finish_rules_refresh(self, version: str) -> None:
        s = tables.directory_state
        await self.session.execute(
            update(s).where(s.c.id == 1).values(rules_version=version, claimed_until=None)
        )

    async def search(self, query: DirectoryQuery) -> Sequence[DirectoryHit]:
        """Members from `start` first, then from the lowest rank: the rotation wraps round.

        Without filters, the listing index of profiles gives that order directly; with
        one, its holders come off the terms index in that order (`_walk`). With several,
        the rarest drives (`_rarest_first`) and the others are checked member by member
        (`_intersect`)."""
        if len(query.filters) < 2:
            found = await self._walk(query, after=True, limit=query.limit)
            if len(found) < query.limit:
                found += await self._walk(query, after=False, limit=query.limit - len(found))
            return [DirectoryHit(profile) for profile in found]
        filters = await self._rarest_first(query)
        ids = await self._intersect(query, filters, after=True, limit=query.limit)
        if len(ids) < query.limit:
            ids += await self._intersect(query, filters, after=False, limit=query.limit - len(ids))
        return [DirectoryHit(profile) for profile in await self._load(ids)]

    async def _walk(self, query: DirectoryQuery, *, after: bool, limit: int) -> list[Profile]:
        """One filter at most, in one statement: its holders come off the terms index
        already in rotation order (one walk per value, merged), each joined to its
        profile, so a popular term stops after `limit` hits and a rare one reads only
        its few holders. Without a filter, the listing index of profiles."""
        p, t = tables.profiles, tables.directory_terms
        conditions = _listed(query)
        if not query.filters:
            rank = p.c.listing_rank
            result = await self.session.execute(
                select(Profile)
                .where(*conditions, rank >= query.start if after else rank < query.start)
                .order_by(rank, p.c.id)
                .limit(limit)
            )
            return list(result.scalars().all())
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

    async def _rarest_first(self, query: DirectoryQuery) -> tuple[TermFilter, ...]:
        """The filters, fewest holders first: each filter's holders counted up to
        COUNT_CAP from the terms index alone, all in one statement. Ties (two common
        filters) keep the core's order."""
        t = tables.directory_terms
        counts = [
            select(func.count())
            .select_from(
                select(literal(1))
                .where(
                    in_tenant(t, query.platform, query.workspace_id),
                    t.c.kind == wanted.kind,
                    t.c.value.in_(_values(wanted.values)),
                )
                .limit(COUNT_CAP)
                .subquery()
            )
            .scalar_subquery()
            for wanted in query.filters
        ]
        row = (await self.session.execute(select(*counts))).one()
        order = sorted(range(len(query.filters)), key=lambda i: int(row[i] or 0))
        return tuple(query.filters[i] for i in order)

    async def _intersect(
        self, query: DirectoryQuery, filters: tuple[TermFilter, ...], *, after: bool, limit: int
    ) -> list[int]:
        """Profile ids passing every filter, in rotation order, at most `limit`.

        The rarest filter's holders are read a chunk at a time in rotation order; one
        statement per chunk checks each of them against the other filters (an index
        probe per member and filter) and against visibility. The planner is never left
        to join a common term's tens of thousands of holders: on skewed data it
        misjudged their number and hashed them all (94 ms for three filters). A chunk
        that yields too few is followed by a larger one."""
        kept: list[int] = []
        cursor: tuple[int, int] | None = None
        size = max(FIRST_CHUNK, 4 * limit)
        while len(kept) < limit:
            rows = await self.session.execute(self._round(query, filters, after, cursor, size))
            chunk = rows.all()
            kept += [int(row.pid) for row in chunk if all(row[2:])]
            if len(chunk) < size:
                break
            cursor, size = (int(chunk[-1].rank), int(chunk[-1].pid)), min(2 * size, MAX_CHUNK)
        return kept[:limit]

    def _round(
        self,
        query: DirectoryQuery,
        filters: tuple[TermFilter, ...],
        after: bool,
        cursor: tuple[int, int] | None,
        size: int,
    ) -> Select[Any]:
        """One chunk of the driving filter's holders, with a pass mark per other filter
        and for visibility: (rank, pid, passes...)."""
        t, p = tables.directory_terms, tables.profiles
        rank, pid = t.c.listing_rank, t.c.profile_id
        where: list[ColumnElement[bool]] = [
            in_tenant(t, query.platform, query.workspace_id),
            t.c.kind == filters[0].kind,
            rank >= query.start if after else rank < query.start,
        ]
        if cursor is not None:
            where.append(or_(rank > cursor[0], and_(rank == cursor[0], pid > cursor[1])))
        branches = [
            select(rank.label("rank"), pid.label("pid"))
            .where(*where, t.c.value == value)
            .order_by(rank, pid)
            .limit(size)
            .subquery()
            for value in _values(filters[0].values)
        ]
        merged = union_all(*(select(b.c.rank, b.c.pid) for b in branches)).subquery()
        chunk = (
            select(merged.c.rank, merged.c.pid)
            .distinct()
            .order_by(merged.c.rank, merged.c.pid)
            .limit(size)
            .subquery("chunk")
        )
        marks: list[Any] = []
        for n, wanted in enumerate(filters[1:]):
            held = t.alias(f"held{n}")
            # By profile id alone (the chunk is this workspace's, and its profile is
            # checked below): a tenant condition here lets the planner's generic plan
            # walk every holder of the term through the lookup index instead.
            marks.append(
                exists()
                .where(
                    held.c.profile_id == chunk.c.pid,
                    held.c.kind == wanted.kind,
                    held.c.value.in_(_values(wanted.values)),
                )
                .correlate(chunk)
            )
        visible = exists().where(p.c.id == chunk.c.pid, *_listed(query)).correlate(chunk)
        return select(chunk.c.rank, chunk.c.pid, *marks, visible).order_by(
            chunk.c.rank, chunk.c.pid
        )

    async def _load(self, ids: list[int]) -> list[Profile]:
        if not ids:
            return []
        p = tables.profiles
        result = await self.session.execute(select(Profile).where(p.c.id.in_(ids)))
        by_id = {profile.id: profile for profile in result.scalars().all()}
        return [by_id[pid] for pid in ids if pid in by_id]


def _listed(query: DirectoryQuery) -> list[ColumnElement[bool]]:
    """Listed, not paused, in the workspace, and not the seeker."""
    p = tables.profiles
    return [
        in_tenant(p, query.platform, query.workspace_id),
        p.c.listed_at.is_not(None),
        or_(p.c.listing_paused_until.is_(None), p.c.listing_paused_until <= query.now),
        p.c.user_id != query.seeker_id,
    ]


def _values(values: frozenset[str]) -> list[str]:
    return sorted(v[:TERM_CHARS] for v in values)
