"""Warm introductions: members' company offers and seekers' requests (bot/ports/intros.py).

Plain Core statements and frozen values, not mapped objects: nothing here is edited in
place, and a request changes state only through :meth:`SqlIntroRepository.answer`, a
conditional UPDATE, so two clicks on Accept (two replicas, a double tap) answer once,
or through the sweep, which conversation requests share (:data:`INTRO_SWEEP`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.directory.intro_outbox import KEY_PREFIX
from bot.domain import Actor, Profile, ReminderKind
from bot.ports.intros import Introducers, IntroOffer, IntroRequest, IntroStatus
from bot.ports.requests import SweepResult
from storage import tables
from storage.repositories.base import in_tenant, owned_by
from storage.repositories.request_sweep import sweep_chunk
from storage.repositories.request_sweep_sql import SweepSpec
from storage.repositories.requests import blockers

_o, _r, _p = tables.intro_offers, tables.intro_requests, tables.profiles
#: Reminded: the member asked; told of expiry: the seeker (`user_id`). Both rows carry
#: only `intro:<id>`: the news is the answer row, rendered from the expired request.
INTRO_SWEEP = SweepSpec(
    table=_r,
    seeker="user_id",
    helper="member_id",
    closed="answered_at",
    waiting=(IntroStatus.OPEN.value,),
    open=IntroStatus.OPEN.value,
    expired=IntroStatus.EXPIRED.value,
    news=ReminderKind.INTRO_ANSWER,
    nudge=ReminderKind.INTRO_NUDGE,
    prefix=KEY_PREFIX,
)


def _request(row: Any) -> IntroRequest:
    return IntroRequest(
        platform=row.platform,
        workspace_id=row.workspace_id,
        seeker_id=row.user_id,
        member_id=row.member_id,
        company=row.company,
        company_key=row.company_key,
        reason=row.reason,
        created_at=row.created_at,
        status=row.status,
        answered_at=row.answered_at,
        reminded_at=row.reminded_at,
        expires_at=row.expires_at,
        next_check_at=row.next_check_at,
        id=row.id,
    )


def _visible(seeker: Actor, now: datetime) -> list[ColumnElement[bool]]:
    """The only offers `seeker` may be shown: the member is listed in the directory, not
    paused, and has not blocked them (in the count too, so nothing hints at a blocker)."""
    return [
        _p.c.listed_at.is_not(None),
        or_(_p.c.listing_paused_until.is_(None), _p.c.listing_paused_until <= now),
        _o.c.user_id.not_in(blockers(seeker)),
    ]


class SqlIntroRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def offers(self, owner: Actor) -> Sequence[IntroOffer]:
        rows = await self.session.execute(
            select(_o).where(owned_by(_o, owner)).order_by(_o.c.company_key)
        )
        return [
            IntroOffer(r.platform, r.workspace_id, r.user_id, r.company, r.company_key)
            for r in rows
        ]

    async def add_offers(
        self, owner: Actor, companies: Sequence[tuple[str, str]], now: datetime
    ) -> int:
        have = {o.key for o in await self.offers(owner)}
        fresh: dict[str, str] = {}
        for company, key in companies:
            if key and key not in have:
                fresh.setdefault(key, company)
        if not fresh:
            return 0
        await self.session.execute(
            insert(_o),
            [
                {
                    "platform": owner.platform,
                    "workspace_id": owner.workspace_id,
                    "user_id": owner.user_id,
                    "company": company,
                    "company_key": key,
                    "created_at": now,
                }
                for key, company in fresh.items()
            ],
        )
        return len(fresh)

    async def remove_offers(self, owner: Actor, keys: Sequence[str]) -> int:
        result = await self.session.execute(
            delete(_o).where(owned_by(_o, owner), _o.c.company_key.in_(list(keys)))
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def clear_offers(self, owner: Actor) -> int:
        result = await self.session.execute(delete(_o).where(owned_by(_o, owner)))
        return int(getattr(result, "rowcount", 0) or 0)

    async def introducers(
        self,
        platform: str,
        workspace_id: str,
        key: str,
        *,
        seeker_id: str,
        now: datetime,
        limit: int,
    ) -> Introducers:
        where = [
            in_tenant(_o, platform, workspace_id),
            _o.c.company_key == key,
            _o.c.user_id != seeker_id,
            *_visible(Actor(platform, workspace_id, seeker_id), now),
        ]
        joined = (
            (_p.c.platform == _o.c.platform)
            & (_p.c.workspace_id == _o.c.workspace_id)
            & (_p.c.user_id == _o.c.user_id)
        )
        total, company = (
            await self.session.execute(
                select(func.count(), func.min(_o.c.company))
                .select_from(_o.join(_p, joined))
                .where(*where)
            )
        ).one()
        found = await self.session.execute(
            select(Profile)
            .join_from(_p, _o, joined)
            .where(*where)
            .order_by(_p.c.listing_rank, _p.c.id)
            .limit(limit)
        )
        return Introducers(int(total or 0), list(found.scalars().all()), company or "")

    async def offered(
        self, platform: str, workspace_id: str, *, seeker_id: str, now: datetime, limit: int
    ) -> Sequence[tuple[str, str]]:
        joined = (
            (_p.c.platform == _o.c.platform)
            & (_p.c.workspace_id == _o.c.workspace_id)
            & (_p.c.user_id == _o.c.user_id)
        )
        rows = await self.session.execute(
            select(_o.c.company_key, func.min(_o.c.company))
            .select_from(_o.join(_p, joined))
            .where(
                in_tenant(_o, platform, workspace_id),
                *_visible(Actor(platform, workspace_id, seeker_id), now),
            )
            .group_by(_o.c.company_key)
            .order_by(func.count().desc(), _o.c.company_key)
            .limit(limit)
        )
        return [(key, company) for key, company in rows.all()]

    async def add_request(self, request: IntroRequest) -> IntroRequest:
        result = await self.session.execute(
            insert(_r)
            .returning(_r.c.id)
            .values(
                platform=request.platform,
                workspace_id=request.workspace_id,
                user_id=request.seeker_id,
                member_id=request.member_id,
                company=request.company,
                company_key=request.company_key,
                reason=request.reason,
                status=request.status,
                created_at=request.created_at,
                answered_at=request.answered_at,
                reminded_at=request.reminded_at,
                expires_at=request.expires_at,
                next_check_at=request.next_check_at,
            )
        )
        request.id = int(result.scalar_one())
        return request

    async def get_request(
        self, platform: str, workspace_id: str, request_id: int
    ) -> IntroRequest | None:
        row = (
            await self.session.execute(
                select(_r).where(in_tenant(_r, platform, workspace_id), _r.c.id == request_id)
            )
        ).first()
        return None if row is None else _request(row)

    async def requests_by(self, seeker: Actor) -> Sequence[IntroRequest]:
        rows = await self.session.execute(
            select(_r).where(owned_by(_r, seeker)).order_by(_r.c.created_at.desc(), _r.c.id.desc())
        )
        return [_request(r) for r in rows]

    async def requests_to(self, member: Actor, *, status: str) -> Sequence[IntroRequest]:
        rows = await self.session.execute(
            select(_r)
            .where(
                in_tenant(_r, member.platform, member.workspace_id),
                _r.c.member_id == member.user_id,
                _r.c.status == status,
            )
            .order_by(_r.c.created_at, _r.c.id)
        )
        return [_request(r) for r in rows]

    async def answer(
        self, request: IntroRequest, status: str, at: datetime, *, expected: str
    ) -> bool:
        result = await self.session.execute(
            update(_r)
            .where(
                in_tenant(_r, request.platform, request.workspace_id),
                _r.c.id == request.id,
                _r.c.status == expected,
            )
            .values(status=status, answered_at=at, next_check_at=None)
        )
        moved = int(getattr(result, "rowcount", 0) or 0) == 1
        if moved:
            request.status, request.answered_at, request.next_check_at = status, at, None
        return moved

    async def sweep(self, now: datetime, *, limit: int) -> SweepResult:
        return await sweep_chunk(self.session, INTRO_SWEEP, now, limit=limit)

    async def forget(self, actor: Actor) -> int:
        """Erase the actor's offers and every request they made or were sent."""
        removed = await self.clear_offers(actor)
        result = await self.session.execute(
            delete(_r).where(
                in_tenant(_r, actor.platform, actor.workspace_id),
                or_(_r.c.user_id == actor.user_id, _r.c.member_id == actor.user_id),
            )
        )
        return removed + int(getattr(result, "rowcount", 0) or 0)
