"""Conversation requests and member blocks (see bot/ports/requests.py).

The sweep is the one warm-introduction requests share (storage/repositories/request_sweep.py):
:data:`REQUEST_SWEEP` says which of this table's columns and words are whose.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, delete, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.directory.request_model import (
    ACCEPTED,
    EXPIRED,
    OPEN,
    WAITING,
    ConversationRequest,
    MemberBlock,
)
from bot.domain import Actor, ReminderKind
from bot.ids import storable_id
from bot.ports.requests import RequestFigures, SweepResult
from storage import tables
from storage.repositories.base import in_tenant, owned_by
from storage.repositories.request_sweep import sweep_chunk
from storage.repositories.request_sweep_sql import SweepSpec

_r = tables.conversation_requests
_b = tables.member_blocks
HELD = ("held", "thanked")
#: Reminded: the helper; told of expiry: the seeker, with `request:<id>:expired`.
REQUEST_SWEEP = SweepSpec(
    table=_r,
    seeker="seeker_id",
    helper="helper_id",
    closed="closed_at",
    waiting=WAITING,
    open=OPEN,
    expired=EXPIRED,
    news=ReminderKind.REQUEST_NEWS,
    nudge=ReminderKind.REQUEST_NUDGE,
    prefix="request:",
    news_suffix=":" + EXPIRED,
)


def blockers(member: Actor) -> Select[tuple[Any]]:
    """The ids of the members who blocked `member`, in their workspace: the one statement
    behind every path that hides a blocker from them (:meth:`SqlRequestRepository.blockers_of`,
    and `people who-knows` as a subquery, so its count leaves blockers out too)."""
    return select(_b.c.user_id).where(
        in_tenant(_b, member.platform, member.workspace_id),
        _b.c.blocked_id == member.user_id,
    )


class SqlRequestRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add(self, request: ConversationRequest) -> ConversationRequest:
        self.session.add(request)
        await self.session.flush()
        return request

    async def get(
        self, platform: str, workspace_id: str, request_id: int
    ) -> ConversationRequest | None:
        if not storable_id(request_id):
            return None
        result = await self.session.execute(
            select(ConversationRequest).where(
                in_tenant(_r, platform, workspace_id), _r.c.id == request_id
            )
        )
        return result.scalars().first()

    async def list_for(self, member: Actor, *, limit: int = 50) -> Sequence[ConversationRequest]:
        """Two index walks (as seeker, as helper) merged: one query with an OR between the
        two columns walks the whole workspace on PostgreSQL."""
        found: dict[int | None, ConversationRequest] = {}
        for column in (_r.c.seeker_id, _r.c.helper_id):
            result = await self.session.execute(
                select(ConversationRequest)
                .where(
                    in_tenant(_r, member.platform, member.workspace_id), column == member.user_id
                )
                .order_by(_r.c.id.desc())
                .limit(limit)
            )
            found.update((r.id, r) for r in result.scalars().all())
        return sorted(found.values(), key=lambda r: -(r.id or 0))[:limit]

    async def sent_by(
        self, seeker: Actor, *, statuses: Sequence[str]
    ) -> Sequence[ConversationRequest]:
        result = await self.session.execute(
            select(ConversationRequest)
            .where(
                in_tenant(_r, seeker.platform, seeker.workspace_id),
                _r.c.seeker_id == seeker.user_id,
                _r.c.status.in_(list(statuses)),
            )
            .order_by(_r.c.id)
        )
        return result.scalars().all()

    async def waiting_for(self, helper: Actor) -> Sequence[ConversationRequest]:
        result = await self.session.execute(
            select(ConversationRequest)
            .where(
                in_tenant(_r, helper.platform, helper.workspace_id),
                _r.c.helper_id == helper.user_id,
                _r.c.status.in_(WAITING),
            )
            .order_by(_r.c.id)
        )
        return result.scalars().all()

    async def charges(
        self, platform: str, workspace_id: str, helper_ids: Sequence[str], *, since: datetime
    ) -> Mapping[str, int]:
        if not helper_ids:
            return {}
        counted = or_(
            _r.c.status.in_(WAITING), and_(_r.c.status == ACCEPTED, _r.c.answered_at >= since)
        )
        result = await self.session.execute(
            select(_r.c.helper_id, func.count())
            .where(
                in_tenant(_r, platform, workspace_id),
                _r.c.helper_id.in_(sorted(set(helper_ids))),
                counted,
            )
            .group_by(_r.c.helper_id)
        )
        return {helper: int(count) for helper, count in result.all()}

    # --- the sweep -------------------------------------------------------------------

    async def sweep(self, now: datetime, *, limit: int) -> SweepResult:
        return await sweep_chunk(self.session, REQUEST_SWEEP, now, limit=limit)

    # --- aggregates ------------------------------------------------------------------

    async def figures(
        self,
        platform: str | None,
        workspace_id: str | None,
        *,
        now: datetime,
        month_start: datetime,
    ) -> RequestFigures:
        def scope(table: Any) -> list[Any]:
            if platform is None or workspace_id is None:
                return []
            return [in_tenant(table, platform, workspace_id)]

        sent = [*scope(_r), _r.c.sent_at.is_not(None)]
        run = self.session.execute
        statuses = {
            s: int(n)
            for s, n in (
                await run(select(_r.c.status, func.count()).where(*sent).group_by(_r.c.status))
            ).all()
        }
        answered = await run(
            select(_r.c.sent_at, _r.c.answered_at).where(*sent, _r.c.answered_at.is_not(None))
        )
        seconds = [max(0.0, (a - s).total_seconds()) for s, a in answered.all()]
        received = (
            await run(
                select(func.count())
                .where(*sent)
                .group_by(_r.c.platform, _r.c.workspace_id, _r.c.helper_id)
            )
        ).scalars()
        load = (
            select(_r.c.platform, _r.c.workspace_id, _r.c.helper_id, func.count().label("taken"))
            .where(*scope(_r), _r.c.status == ACCEPTED, _r.c.answered_at >= month_start)
            .group_by(_r.c.platform, _r.c.workspace_id, _r.c.helper_id)
            .subquery()
        )
        p = tables.profiles
        over = await run(
            select(func.count())
            .select_from(load)
            .join(
                p,
                and_(
                    p.c.platform == load.c.platform,
                    p.c.workspace_id == load.c.workspace_id,
                    p.c.user_id == load.c.helper_id,
                ),
            )
            .where(load.c.taken > p.c.ask_budget)
        )
        i = tables.interviews
        held = await run(
            select(func.count())
            .select_from(_r)
            .join(i, i.c.id == _r.c.interview_id)
            .where(*scope(_r), _r.c.status == ACCEPTED, i.c.status.in_(HELD))
        )
        listed = [*scope(p), p.c.listed_at.is_not(None)]
        listed_count = await run(select(func.count()).select_from(p).where(*listed))
        paused = await run(
            select(func.count())
            .select_from(p)
            .where(*listed, p.c.listing_paused_until.is_not(None), p.c.listing_paused_until > now)
        )
        m = tables.matches
        intros = await run(select(func.count()).where(*scope(m), m.c.status == "sent"))
        met = await run(
            select(func.count()).where(*scope(m), m.c.status == "sent", m.c.met.is_(True))
        )
        return RequestFigures(
            statuses=statuses,
            answer_seconds=seconds,
            received=[int(n) for n in received],
            over_budget=int(over.scalar_one()),
            held=int(held.scalar_one()),
            listed=int(listed_count.scalar_one()),
            paused=int(paused.scalar_one()),
            mentor_intros=int(intros.scalar_one()),
            mentor_met=int(met.scalar_one()),
        )

    # --- blocks ----------------------------------------------------------------------

    async def block(self, block: MemberBlock) -> bool:
        owner = Actor(block.platform, block.workspace_id, block.user_id)
        found = await self.session.execute(
            select(_b.c.id).where(owned_by(_b, owner), _b.c.blocked_id == block.blocked_id)
        )
        if found.first() is not None:
            return False
        self.session.add(block)
        await self.session.flush()
        return True

    async def unblock(self, blocker: Actor, blocked_id: str) -> bool:
        result = await self.session.execute(
            delete(_b).where(owned_by(_b, blocker), _b.c.blocked_id == blocked_id)
        )
        return int(getattr(result, "rowcount", 0) or 0) > 0

    async def blocks(self, blocker: Actor) -> Sequence[MemberBlock]:
        result = await self.session.execute(
            select(MemberBlock).where(owned_by(_b, blocker)).order_by(_b.c.id)
        )
        return result.scalars().all()

    async def blockers_of(self, member: Actor) -> frozenset[str]:
        result = await self.session.execute(blockers(member))
        return frozenset(result.scalars().all())
