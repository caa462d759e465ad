"""A round's messages go through the outbox, never out of the admin's transaction.

Sending from inside `mentor round run` had two faults: a commit that failed after the
intros went out left the round unsent, so a rerun introduced everyone again (Slack has
no idempotency key to catch that); and the process that ran the command (a console,
say) sent the messages itself. So, like cosmicpython's message bus, the round only
*records* what is to be said: one reminders-table row per introduction, per unmatched
notice and for the announcement, written in the round's own transaction. They exist
exactly when the round does, and the reminder dispatcher delivers them after the
commit, whichever process runs it, with its claims, leases, in-flight marks, retries
and platform-side dedupe (:mod:`bot.reminders.dispatch`).

The rows carry no text: only the match (intros) or the round (``round:<id>`` in
``text``) they are about. The message is rendered when it is sent, from the rows as
they are then, so someone erased in between is never named; an intro whose member left
is dropped, and so is a notice for a seeker who left.

Who owns a row: the seeker, for an intro and an unmatched notice (their `forget-me`
erases it); nobody (user id ``""``) for the announcement, which names no one. Owned
rows are round business, not check-ins: `checkin` never lists or acts on them.

Pacing, chosen per kind:

* an introduction waits until neither member is in their quiet hours (the check-in
  settings' hours and time zone, as for any DM) (looking a day
  ahead at most; two people whose waking hours never meet get it in the seeker's);
* an unmatched notice is a DM like a check-in: the seeker's quiet hours apply;
* the announcement is a channel post: nobody's quiet hours, it goes at once;
* the matching rules' DMs (bot/mentoring/nudges.py: the availability poll, the nudge
  to a silent pair's seeker, "still want to be matched?") are DMs like the notice:
  their one recipient's quiet hours apply, and each is dropped at send time if it has
  become pointless (the round it asked about went out, the pair answered, the member
  answered or left);
* all of them count against the workspace's send rate like any other outbox row, and
  none of them waits for a person's check-in pause (that pause is about check-ins).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain import FORGOTTEN_ID, Actor, GroupConfig, Match, Reminder, ReminderKind, UserSettings
from bot.domain import ReminderStatus as S
from bot.mentoring.announce import announcement_reply
from bot.mentoring.intros import intro_reply, unmatched_reason, unmatched_reply
from bot.mentoring.nudges import nudge_reply, poll_reply, still_in_reply
from bot.mentoring.polls import polled_round
from bot.ports import UnitOfWork
from bot.reminders.outgoing import Outgoing
from bot.reminders.quiet import next_allowed
from bot.states import ROUND_MESSAGE_KINDS

INTRO = ReminderKind.MATCH_INTRO.value
UNMATCHED = ReminderKind.MATCH_UNMATCHED.value
ANNOUNCEMENT = ReminderKind.ROUND_ANNOUNCEMENT.value
POLL = ReminderKind.MATCH_POLL.value
NUDGE = ReminderKind.MATCH_NUDGE.value
STILL_IN = ReminderKind.MATCH_STILL_IN.value
#: A new pair silent this long gets one nudge (to the seeker).
NUDGE_AFTER = timedelta(days=3)
ROUND_KINDS = ROUND_MESSAGE_KINDS
#: How far an introduction may wait for a waking hour both members share.
SHARED_HOURS_LOOKAHEAD = timedelta(days=1)
HELD_BACK = "The group's admin held back your proposed pair this round."
#: Match statuses (bot.mentoring.rounds, which imports this module).
INTRODUCED, UNDELIVERABLE, DROPPED = "sent", "failed", "dropped"


def round_key(round_id: int | None) -> str:
    """What a round message's row carries in `text`: which round it is about."""
    return f"round:{round_id or 0}"


def round_of(row: Reminder) -> int:
    _, _, number = row.text.partition(":")
    return int(number) if number.isdigit() else 0


def _row(
    config: GroupConfig, kind: str, user_id: str, round_id: int | None, now: datetime
) -> Reminder:
    return Reminder(
        platform=config.platform,
        workspace_id=config.workspace_id,
        user_id=user_id,
        kind=kind,
        due_at=now,
        text=round_key(round_id),
        created_at=now,
    )


def intro_row(config: GroupConfig, match: Match, now: datetime) -> Reminder:
    row = _row(config, INTRO, match.seeker_id, match.round_id, now)
    row.match_id = match.id
    return row


def unmatched_row(
    config: GroupConfig, seeker_id: str, round_id: int | None, now: datetime
) -> Reminder:
    return _row(config, UNMATCHED, seeker_id, round_id, now)


def nudge_row(config: GroupConfig, match: Match, due: datetime) -> Reminder:
    """The seeker's one nudge if the pair is still silent at `due`. Its `text` is not the
    round key: `mentor stats` counts the round's sending, not nudges days later."""
    row = _row(config, NUDGE, match.seeker_id, match.round_id, due)
    row.text, row.match_id = f"nudge:{match.round_id or 0}", match.id
    return row


def still_in_row(config: GroupConfig, user_id: str, now: datetime) -> Reminder:
    row = _row(config, STILL_IN, user_id, None, now)
    row.text = "still-in"
    return row


def announcement_row(config: GroupConfig, round_id: int | None, now: datetime) -> Reminder:
    return _row(config, ANNOUNCEMENT, "", round_id, now)


@dataclass(frozen=True)
class Skip:
    """Nothing goes out for this row: `wait_until` later, or never (`why`)."""

    why: str = ""
    wait_until: datetime | None = None


Ready = Outgoing | Skip


async def prepare_round_message(uow: UnitOfWork, row: Reminder, now: datetime) -> Ready:
    """What `row` says now, to whom, or why it waits or is dropped (module docstring)."""
    if row.kind in (POLL, NUDGE, STILL_IN):
        return await prepare_rule_message(uow, row, now)
    ws = (row.platform, row.workspace_id)
    config = await uow.groups.get(*ws)
    match_round = await uow.matches.get_round(*ws, round_of(row))
    if config is None or match_round is None:
        return Skip("the group or its round is gone")
    next_round = (match_round.sent_at or now) + timedelta(days=config.cadence_days)
    if row.kind == ANNOUNCEMENT:
        if not config.announce_channel:
            return Skip("the group no longer has an announcement channel")
        rows = await uow.matches.list_round(*ws, match_round.id or 0)
        pairs = sum(1 for m in rows if m.status == INTRODUCED)
        return Outgoing(announcement_reply(pairs, next_round), channel=config.announce_channel)
    if row.kind == UNMATCHED:
        seeker = await uow.profiles.get(Actor(*ws, row.user_id))
        if seeker is None:
            return Skip("the seeker left the group")
        allowed = next_allowed(now, await uow.settings.get_or_default(Actor(*ws, row.user_id)))
        if allowed > now:
            return Skip(wait_until=allowed)
        rows = await uow.matches.list_round(*ws, match_round.id or 0)
        dropped = any(m.seeker_id == row.user_id and m.status == DROPPED for m in rows)
        reason = HELD_BACK if dropped else unmatched_reason(seeker)
        return Outgoing(unmatched_reply(seeker, reason=reason, next_round=next_round))
    match = await uow.matches.get(*ws, row.match_id or 0)
    if match is None or match.status != INTRODUCED:
        return Skip("the pair is no longer to be introduced")
    if FORGOTTEN_ID in (match.mentor_id, match.seeker_id):
        return Skip("a member of the pair left")
    members = (Actor(*ws, match.mentor_id), Actor(*ws, match.seeker_id))
    mentor, seeker = await uow.profiles.get(members[0]), await uow.profiles.get(members[1])
    if mentor is None or seeker is None:
        return Skip("a member of the pair left")
    allowed = shared_waking_hour(now, [await uow.settings.get_or_default(m) for m in members])
    if allowed > now:
        return Skip(wait_until=allowed)
    return Outgoing(intro_reply(match, mentor, seeker), members=members)


async def prepare_rule_message(uow: UnitOfWork, row: Reminder, now: datetime) -> Ready:
    """A poll, nudge or still-in DM: to its one owner, in their waking hours, unless it
    has become pointless since it was queued."""
    me = Actor(row.platform, row.workspace_id, row.user_id)
    profile = await uow.profiles.get(me)
    if profile is None or not profile.in_matching:
        return Skip("the member left mentor matching")
    reply = None
    if row.kind == POLL:
        config = await uow.groups.get(row.platform, row.workspace_id)
        round_at = polled_round(row)
        if config is None or round_at is None or round_at <= now:
            return Skip("the round it asked about is due already")
        if config.last_round_at is not None and config.last_round_at >= (row.created_at or now):
            return Skip("a round went out since")
        reply = poll_reply(profile, round_at)
    elif row.kind == NUDGE:
        match = await uow.matches.get(row.platform, row.workspace_id, row.match_id or 0)
        if (
            match is None
            or match.status != INTRODUCED
            or FORGOTTEN_ID
            in (
                match.mentor_id,
                match.seeker_id,
            )
        ):
            return Skip("the pair is no longer introduced")
        if match.answered_at is not None or match.met is not None:
            return Skip("the pair is talking")
        reply = nudge_reply(match)
    else:
        if profile.still_asked_at is None:
            return Skip("the member answered already")
        reply = still_in_reply(profile)
    allowed = next_allowed(now, await uow.settings.get_or_default(me))
    if allowed > now:
        return Skip(wait_until=allowed)
    return Outgoing(reply)


def shared_waking_hour(now: datetime, prefs: Sequence[UserSettings]) -> datetime:
    """The first moment from `now` outside everyone's quiet hours, within a day; if
    there is none, the last person's (the seeker's) own next allowed moment."""
    moment = now
    for _ in range(8):
        later = max(next_allowed(moment, p) for p in prefs)
        if later == moment:
            return moment
        moment = later
        if moment - now > SHARED_HOURS_LOOKAHEAD:
            break
    return next_allowed(now, prefs[-1])


async def intro_undeliverable(uow: UnitOfWork, row: Reminder) -> None:
    """An intro the platform refused for good: the pair was never introduced, so the
    match is `failed` (no "did you meet?" follows, the pair may meet in a later round)
    and the seeker waits one more round (priority next time). They get no "not this
    time" DM: a refusal usually means their DMs are closed to the bot."""
    if row.kind != INTRO or row.match_id is None:
        return
    match = await uow.matches.get(row.platform, row.workspace_id, row.match_id)
    if match is not None and match.status == INTRODUCED:
        match.status = UNDELIVERABLE
        seeker = await uow.profiles.get(Actor(row.platform, row.workspace_id, match.seeker_id))
        if seeker is not None:
            seeker.unmatched_rounds += 1
            await uow.profiles.save(seeker)
        for me in (match.mentor_id, match.seeker_id):
            for other in await uow.reminders.list(
                Actor(row.platform, row.workspace_id, me), statuses=[S.PENDING.value]
            ):
                if other.match_id == match.id and other.kind == ReminderKind.MATCH_FOLLOW_UP:
                    other.status = S.CANCELLED.value


@dataclass(frozen=True)
class Deliveries:
    """How a round's messages fared so far, for `mentor stats`."""

    delivered: int = 0
    waiting: int = 0
    failed: int = 0
    dropped: int = 0

    def summary(self) -> str:
        text = f"{self.delivered} delivered, {self.waiting} waiting, {self.failed} failed"
        return text + (f", {self.dropped} not needed any more" if self.dropped else "")


def tally(rows: Sequence[Reminder]) -> Deliveries:
    counts = {"delivered": 0, "waiting": 0, "failed": 0, "dropped": 0}
    for row in rows:
        if row.status == S.SENT.value:
            counts["delivered"] += 1
        elif row.status == S.FAILED.value:
            counts["failed"] += 1
        elif row.status in (S.PENDING.value, S.CLAIMED.value):
            counts["waiting"] += 1
        else:
            counts["dropped"] += 1
    return Deliveries(**counts)
