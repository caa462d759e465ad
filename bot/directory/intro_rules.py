"""Limits on warm-introduction requests, and who a seeker may try next.

In one place so the command that sends a request (bot/directory/intro_request.py) and
the news that one expired (bot/directory/intro_outbox.py) apply the same rules: the
cascade never offers a member the seeker could not then ask.
"""

from __future__ import annotations

from datetime import datetime

from bot.directory.request_model import EXPIRE_AFTER, NUDGE_AFTER
from bot.domain import Actor, Profile
from bot.ports import UnitOfWork
from bot.ports.intros import IntroRequest, IntroStatus

#: Open requests one seeker may have at once.
SEEKER_OPEN_LIMIT = 3
#: Unanswered requests one member may hold before more are held off.
MEMBER_WAITING_LIMIT = 3
#: The sweep's clock is the conversation requests' one: a reminder to the member at
#: three days, expiry at five. An open request older than that stops counting against
#: anyone even before the sweep has run.
REMIND_AFTER = NUDGE_AFTER
LAPSES_AFTER = EXPIRE_AFTER
#: Other members offered when a request expired unanswered.
NEXT_INTRODUCERS = 3
#: Introducers read to find them (the rest are asked already or full).
SCAN = 25


def live(requests: list[IntroRequest], now: datetime) -> list[IntroRequest]:
    """The open requests that still hold a place (not past their five days)."""
    return [
        r
        for r in requests
        if r.status == IntroStatus.OPEN.value and r.created_at > now - LAPSES_AFTER
    ]


async def member_is_full(uow: UnitOfWork, member: Actor, now: datetime) -> bool:
    waiting = await uow.intros.requests_to(member, status=IntroStatus.OPEN.value)
    return len(live(list(waiting), now)) >= MEMBER_WAITING_LIMIT


async def next_introducers(uow: UnitOfWork, request: IntroRequest, now: datetime) -> list[Profile]:
    """Up to NEXT_INTRODUCERS other members offering the request's company whom its
    seeker could ask now: listed and unpaused (as `people who-knows` shows them), not
    asked about this company before (whatever came of it), not holding too many
    requests, and never someone who blocked the seeker (who is never told either way):
    `introducers` leaves those out, as it does for `people who-knows`."""
    seeker = request.seeker
    found = await uow.intros.introducers(
        seeker.platform,
        seeker.workspace_id,
        request.company_key,
        seeker_id=seeker.user_id,
        now=now,
        limit=SCAN,
    )
    asked = {
        r.member_id
        for r in await uow.intros.requests_by(seeker)
        if r.company_key == request.company_key
    }
    skipped = asked | {request.member_id}
    chosen: list[Profile] = []
    for profile in found.profiles:
        if profile.user_id in skipped:
            continue
        member = Actor(seeker.platform, seeker.workspace_id, profile.user_id)
        if await member_is_full(uow, member, now):
            continue
        chosen.append(profile)
        if len(chosen) == NEXT_INTRODUCERS:
            break
    return chosen
