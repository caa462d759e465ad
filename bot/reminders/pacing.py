"""Pacing: no action lands a pile of check-ins on one person at once.

Back-filling a week of conversations (fifty `interview log`s, each held in the last few
days) asks for a thank-you and a reflection for each, all due now: a hundred DMs in a
minute for the person, and a hundred rows at the head of the outbox for their
workspace. So the automatic check-ins the journal schedules are paced:

- a person gets at most :data:`PER_HOUR` check-ins due in one clock hour (UTC hours,
  so slots line up across actions: slots counted from each action's own moment would
  drift, and several actions a few minutes apart could stack five or six into one
  hour); anything overdue counts in the current hour;
- a check-in that would land in a full hour moves to the start of the next hour with
  room, then out of the person's quiet hours; the ones already scheduled keep their
  place, so pacing never reshuffles what someone was already told;
- the same holds for later ones: fifty conversations back-filled from one conference
  day would otherwise bring fifty keep-in-touch nudges in the same hour a month on;
- a thank-you nudge due within its conversation's first 24 hours is never pushed past
  them (a thank-you is worth most that day); one that is already late is paced like the
  rest;
- prep nudges are left alone (they are tied to the start of a conversation), and so are
  the check-ins a person timed themselves (`checkin add`): those are theirs to pile up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from bot.domain import Reminder, ReminderKind
from bot.lifecycle.bus import EventContext
from bot.reminders.quiet import next_allowed

PER_HOUR = 3
SLOT = timedelta(hours=1)
#: How far a paced check-in may be pushed at most (then it keeps the last slot tried).
MAX_PUSH = timedelta(days=7)
PACED_KINDS = frozenset(
    {
        ReminderKind.THANK_YOU.value,
        ReminderKind.REFLECTION.value,
        ReminderKind.KEEP_IN_TOUCH.value,
        ReminderKind.FOLLOW_UP.value,
    }
)


def _slot(due: datetime, now: datetime) -> int:
    """The clock hour `due` falls in (the current one when it is overdue)."""
    return int(max(due, now).timestamp() // SLOT.total_seconds())


def _slot_start(slot: int) -> datetime:
    return datetime.fromtimestamp(slot * SLOT.total_seconds(), UTC)


#: A thank-you nudge is worth most on the day of the conversation (see cadence.py).
THANK_YOU_WINDOW = timedelta(hours=24)


async def _latest_slot(ctx: EventContext, row: Reminder) -> datetime:
    """How far this check-in may move: a week, or for a thank-you still inside its
    conversation's first day, the end of that day."""
    if row.kind == ReminderKind.THANK_YOU.value:
        interview = await ctx.interview(row.interview_id)
        held = interview.held_at if interview is not None else None
        if held is not None and row.due_at < held + THANK_YOU_WINDOW:
            return held + THANK_YOU_WINDOW - SLOT
    return row.due_at + MAX_PUSH


async def pace(ctx: EventContext, rows: Sequence[Reminder]) -> None:
    """Move those of `rows` (new, or just re-timed by this action) that would crowd the
    person's slots; every other pending check-in of theirs keeps its time."""
    now = ctx.now
    placing = sorted(
        (r for r in rows if r.kind in PACED_KINDS), key=lambda r: (r.due_at, r.id or 0)
    )
    if not placing:
        return
    prefs = await ctx.settings()
    latest = max(r.due_at for r in placing) + MAX_PUSH + SLOT
    # Read far enough for the keep-in-touch batch that usually follows in the same
    # command (a logged conversation schedules one at the first cadence point).
    first_cadence = min((d for d in prefs.keep_in_touch_days if d > 0), default=0)
    read_until = now + timedelta(days=first_cadence + 1) + MAX_PUSH + SLOT
    dues = await ctx.pending_dues(before=latest, read_until=read_until, placing=placing)
    taken = Counter(_slot(due, now) for due in dues)
    for row in placing:
        due = row.due_at
        give_up_at = await _latest_slot(ctx, row)
        while taken[_slot(due, now)] >= PER_HOUR and due < give_up_at:
            due = next_allowed(max(due, _slot_start(_slot(due, now) + 1)), prefs)
        taken[_slot(due, now)] += 1
        row.move(due)
