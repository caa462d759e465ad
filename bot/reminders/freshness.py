"""Whether a due reminder still fits the journal as it is at send time.

The lifecycle ends reminders when the journal moves (:mod:`bot.lifecycle.rules`); the
dispatcher checks once more with the rows it has just read, for rows written before that
rule existed or a move that raced the claim, so nothing stale or naming someone erased
goes out.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.domain import (
    FORGOTTEN_ID,
    Actor,
    Contact,
    Interview,
    InterviewStatus,
    Match,
    Reminder,
    ReminderKind,
)
from bot.errors import UsageError
from bot.ports import UnitOfWork
from bot.reply import Reply, Tone


def outgrown(
    row: Reminder,
    contact: Contact | None,
    interview: Interview | None,
    *,
    now: datetime | None = None,
) -> str:
    """Why a due reminder no longer fits the journal as it is now ("" when it does).

    The lifecycle ends these when the journal moves; this is the last check at send time
    (rows written before that rule existed, or a move racing the claim). With `now` (the
    send time), a prep that would arrive once the conversation's time has come is late
    advice, not help: it is dropped (a bot that was down, a reminder deferred by quiet
    hours past the start)."""
    kind = row.kind
    start = interview.scheduled_at if interview is not None else None
    if kind == ReminderKind.PREP.value and now is not None and start is not None and now >= start:
        return "the conversation's time has come"
    if kind == ReminderKind.FOLLOW_UP.value and (
        interview is None or interview.status != InterviewStatus.REQUESTED.value
    ):
        return "they replied: the conversation moved on"
    if kind == ReminderKind.PREP.value and interview is not None and not interview.is_open:
        return "the conversation already happened"
    if kind == ReminderKind.KEEP_IN_TOUCH.value and (contact is None or not contact.keep_in_touch):
        return "keep-in-touch is off for this contact"
    return ""


def partner_of(match: Match | None, row: Reminder) -> str | None:
    """The other member of a match, for the "did you meet?" DM; None when it should not
    go (answered already, never introduced, another tenant's row, or the partner used
    forget-me)."""
    if match is None or match.met is not None or match.status != "sent":
        return None  # answered, or never introduced (its introduction failed)
    if (match.platform, match.workspace_id) != (row.platform, row.workspace_id):
        return None
    if row.user_id not in (match.mentor_id, match.seeker_id):
        return None
    other = match.seeker_id if row.user_id == match.mentor_id else match.mentor_id
    return None if other == FORGOTTEN_ID else other


async def snooze_refusal(
    uow: UnitOfWork, actor: Actor, row: Reminder, base: datetime, by: timedelta
) -> Reply | None:
    """What to say instead of snoozing `row` by `by` from `base` (nothing changes), or
    None when the snooze may go ahead: a nudge whose moment has passed (a prep for a
    conversation that already happened, a follow-up after a reply) is left alone, and a
    prep is never brought back once its conversation has begun."""
    contact = await uow.contacts.get(actor, row.contact_id) if row.contact_id else None
    interview = await uow.interviews.get(actor, row.interview_id) if row.interview_id else None
    if stale := outgrown(row, contact, interview):
        return Reply(
            text=f"Check-in #{row.number} no longer applies: {stale}, so I left it alone.",
            tone=Tone.INFO,
        )
    if not outgrown(row, contact, interview, now=base + by):
        return None
    shorter = not outgrown(row, contact, interview, now=base + timedelta(hours=1))
    raise UsageError(
        f"Snoozed that long, check-in #{row.number} would come back once your "
        "conversation has started, when it's no help.",
        hint="Snooze it for less, or mark it done if you're ready."
        if shorter
        else "It's already due after the conversation begins, so it won't be sent: "
        "mark it done to clear it.",
        example=f"checkin snooze {row.number} 1h" if shorter else f"checkin done {row.number}",
    )
