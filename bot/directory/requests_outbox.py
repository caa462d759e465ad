"""A request's outbox rows, prepared when the dispatcher delivers them.

The rows carry no words (only `request:<id>[:event]`), so what goes out is read from
the request as it is at that moment: an answered or withdrawn request's pending message
is dropped, an erased member is "a member", and the cascade offered to a seeker is
worked out from the directory as it is now (with room, not blocked, not asked before).

Pacing: a DM waits for its recipient's quiet hours; the introduction waits for a waking
hour both share (the mentor intro's rule). Like a round's messages, none waits for a
person's check-in pause (that pause is about their own check-ins).
"""

from __future__ import annotations

from datetime import datetime

from bot.directory.request_model import (
    ACCEPTED,
    DECLINED,
    EXPIRED,
    OPEN,
    TIMES,
    outbox_row,
    read_key,
)
from bot.directory.requests_room import listed_now
from bot.directory.requests_rules import next_best
from bot.directory.requests_view import helper_dm, intro_reply, news_reply
from bot.domain import FORGOTTEN_ID, Actor, Reminder, ReminderKind
from bot.mentoring.outbox import Ready, Skip, shared_waking_hour
from bot.ports import UnitOfWork
from bot.reminders.outgoing import Outgoing
from bot.reminders.quiet import next_allowed

ASK = ReminderKind.REQUEST_ASK.value
NUDGE = ReminderKind.REQUEST_NUDGE.value
INTRO = ReminderKind.REQUEST_INTRO.value
NEWS = ReminderKind.REQUEST_NEWS.value
#: News that ends a request without a conversation: the seeker is offered others.
CASCADE = ("declined", "expired", "left")
#: Which status each news event still needs, so a stale one is never sent.
STILL = {"times": (TIMES,), "not-now": ("not-now",), "declined": (DECLINED,)}


async def prepare_request_message(uow: UnitOfWork, row: Reminder, now: datetime) -> Ready:
    request_id, event = read_key(row.text)
    request = await uow.requests.get(row.platform, row.workspace_id, request_id)
    if request is None:
        return Skip("the request is gone")
    tenant = (row.platform, row.workspace_id)
    owner = Actor(*tenant, row.user_id)
    if row.kind in (ASK, NUDGE):
        if request.status != OPEN or row.user_id != request.helper_id:
            return Skip("the request was answered, withdrawn or closed")
        if request.seeker_id == FORGOTTEN_ID:
            return Skip("the seeker left")
        if wait := await _quiet(uow, owner, now):
            return wait
        seeker = await uow.profiles.get(Actor(*tenant, request.seeker_id))
        shown = seeker if listed_now(seeker, now) else None
        return Outgoing(helper_dm(request, shown, nudge=row.kind == NUDGE))
    if row.kind == INTRO:
        if request.status != ACCEPTED or FORGOTTEN_ID in (request.seeker_id, request.helper_id):
            return Skip("the pair can no longer be introduced")
        members = (Actor(*tenant, request.helper_id), Actor(*tenant, request.seeker_id))
        prefs = [await uow.settings.get_or_default(m) for m in members]
        allowed = shared_waking_hour(now, prefs)
        if allowed > now:
            return Skip(wait_until=allowed)
        return Outgoing(
            intro_reply(request, seeker_zone=prefs[1].timezone, helper_zone=prefs[0].timezone),
            members=members,
        )
    if row.user_id != request.seeker_id:
        return Skip("the seeker left")
    wanted = STILL.get(event, (EXPIRED,))
    if request.status not in wanted:
        return Skip("the request moved on since")
    if wait := await _quiet(uow, owner, now):
        return wait
    others = await next_best(uow, owner, request, now) if event in CASCADE else []
    zone = ""
    if event == "times":
        theirs = await uow.settings.get_or_default(Actor(*tenant, request.helper_id))
        mine = await uow.settings.get_or_default(owner)
        zone = theirs.timezone if theirs.timezone != mine.timezone else ""
    return Outgoing(news_reply(request, event, others=others, now=now, their_zone=zone))


async def _quiet(uow: UnitOfWork, person: Actor, now: datetime) -> Skip | None:
    allowed = next_allowed(now, await uow.settings.get_or_default(person))
    return Skip(wait_until=allowed) if allowed > now else None


async def request_undeliverable(uow: UnitOfWork, row: Reminder, now: datetime) -> None:
    """The platform refused the request itself for good (the helper's DMs are closed):
    it can never be answered, so it expires now, charging nothing, and the seeker is
    told as for any expiry (offered others). Other refused rows need nothing more."""
    if row.kind != ASK:
        return
    request = await uow.requests.get(row.platform, row.workspace_id, read_key(row.text)[0])
    if request is None or request.status != OPEN:
        return
    request.expire(now)
    await uow.reminders.add_all(
        [outbox_row(request, ReminderKind.REQUEST_NEWS, request.seeker_id, now, EXPIRED)]
    )
