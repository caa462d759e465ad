"""Room in a helper's budget, and search results as a given seeker may see them.

Apart from bot/directory/requests_rules.py because `people find` needs these and the
rules need `people find`'s ranking.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime

from bot.domain import Actor, Profile
from bot.ports import UnitOfWork
from bot.ports.directory import DirectoryHit


def month_start(now: datetime) -> datetime:
    """Budgets count by calendar month in UTC: the same boundary for everyone."""
    moment = now.astimezone(UTC)
    return datetime(moment.year, moment.month, 1, tzinfo=UTC)


def listed_now(profile: Profile | None, now: datetime) -> bool:
    if profile is None or profile.listed_at is None:
        return False
    paused = profile.listing_paused_until
    return paused is None or paused <= now


async def blocked_by(uow: UnitOfWork, seeker: Actor, member_id: str) -> bool:
    """Whether `member_id` blocked `seeker`: the one check behind every ask, a
    conversation request (bot/directory/requests_rules.py) or an introduction
    (bot/directory/intro_request.py). The refusal it leads to reads like any other "can't
    be asked now", so the seeker never learns of the block."""
    return member_id in await uow.requests.blockers_of(seeker)


async def used(uow: UnitOfWork, helper: Actor, now: datetime) -> int:
    found = await uow.requests.charges(
        helper.platform, helper.workspace_id, [helper.user_id], since=month_start(now)
    )
    return found.get(helper.user_id, 0)


async def annotate(
    uow: UnitOfWork, seeker: Actor, hits: Sequence[DirectoryHit], now: datetime
) -> list[DirectoryHit]:
    """Search results as the seeker may see them: without members who blocked them,
    each with the requests already counted against their budget this month."""
    if not hits:
        return []
    blockers = await uow.requests.blockers_of(seeker)
    kept = [h for h in hits if h.profile.user_id not in blockers]
    counts = await uow.requests.charges(
        seeker.platform,
        seeker.workspace_id,
        [h.profile.user_id for h in kept],
        since=month_start(now),
    )
    return [replace(h, requests_this_month=counts.get(h.profile.user_id, 0)) for h in kept]
