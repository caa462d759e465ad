"""The lifecycle's own rules: what always follows a move, whatever command made it.

- A conversation that leaves `requested` (planned, held, ...) ends its "no reply yet?"
  follow-ups: the person did reply.
- A held conversation and a thank-you are interactions with the contact (keep-in-touch
  counts from them).
- A thank-you nudge marked done means the thank-you went out: the interview is thanked,
  exactly as `interview thanked` would (and so keep-in-touch moves the same way).
- A held conversation ends the research ticks that belonged to it (the time confirmed,
  your two sentences for it): the next conversation with the same person starts those
  afresh, while what you learnt about them (role, organisation, field) stays ticked.
- A keep-in-touch nudge marked done means the person reconnected: an interaction.
- A snoozed keep-in-touch nudge is the contact's one pending nudge: snoozing one that was
  already sent ("remind me again in a week") replaces the next cadence point that its
  sending had scheduled, which comes back once the snoozed one is sent.

Reminder timing (prep, thank-you, keep-in-touch cadence) is the check-in feature's
listener (:class:`bot.reminders.cadence.CadenceListener`), run after these rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.lifecycle.events import (
    DomainEvent,
    InterviewDeleted,
    InterviewEvent,
    InterviewHeld,
    InterviewThanked,
    ReminderDone,
    ReminderSnoozed,
)
from bot.states import InterviewStatus, ReminderKind, ReminderStatus

if TYPE_CHECKING:
    from bot.domain import Interview
    from bot.lifecycle.bus import EventContext

#: Research checklist keys (bot/questions/checklist.py) that belong to one conversation.
PER_CONVERSATION = frozenset({"time", "pitch"})
OPEN_ROWS = (ReminderStatus.PENDING.value, ReminderStatus.CLAIMED.value)


class CoreRules:
    async def handle(self, event: DomainEvent, ctx: EventContext) -> None:
        if isinstance(event, InterviewDeleted):
            return
        if isinstance(event, InterviewEvent):
            interview = event.interview
            if interview.status != InterviewStatus.REQUESTED.value:
                await self._end_follow_ups(interview, ctx)
            moment = None
            if isinstance(event, InterviewHeld):
                moment = interview.held_at
            elif isinstance(event, InterviewThanked):
                moment = interview.thanked_at
            if moment is not None:
                contact = await ctx.contact(interview.contact_id)
                if contact is None:
                    return
                changed = contact.interacted(moment)
                if isinstance(event, InterviewHeld) and PER_CONVERSATION & set(
                    contact.research_done
                ):
                    contact.research_done = [
                        k for k in contact.research_done if k not in PER_CONVERSATION
                    ]
                    changed = True
                if changed:
                    ctx.collect(contact)
        elif isinstance(event, ReminderDone):
            await self._reminder_done(event, ctx)
        elif isinstance(event, ReminderSnoozed):
            await self._one_keep_in_touch(event, ctx)

    async def _end_follow_ups(self, interview: Interview, ctx: EventContext) -> None:
        for row in await ctx.contact_reminders(interview.contact_id):
            if (
                row.kind == ReminderKind.FOLLOW_UP.value
                and row.interview_id == interview.id
                and row.status in OPEN_ROWS
            ):
                row.cancel(by_person=False)
                ctx.collect(row)

    async def _one_keep_in_touch(self, event: ReminderSnoozed, ctx: EventContext) -> None:
        row = event.reminder
        if row.kind != ReminderKind.KEEP_IN_TOUCH.value or row.contact_id is None:
            return
        for other in await ctx.contact_reminders(row.contact_id):
            if (
                other is not row
                and other.id != row.id
                and other.kind == ReminderKind.KEEP_IN_TOUCH.value
                and other.status in OPEN_ROWS
            ):
                other.cancel(by_person=False)
                ctx.collect(other)

    async def _reminder_done(self, event: ReminderDone, ctx: EventContext) -> None:
        row = event.reminder
        if row.kind == ReminderKind.THANK_YOU.value:
            interview = await ctx.interview(row.interview_id)
            if interview is None or interview.status != InterviewStatus.HELD.value:
                return
            prefs = await ctx.settings()
            at = max(ctx.now, interview.held_at or ctx.now)
            interview.thank(at, now=ctx.now, tz=prefs.timezone)
            ctx.collect(interview)
        elif row.kind == ReminderKind.KEEP_IN_TOUCH.value:
            contact = await ctx.contact(row.contact_id)
            if contact is not None and contact.interacted(ctx.now):
                ctx.collect(contact)


CORE_RULES = (CoreRules(),)
