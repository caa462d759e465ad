"""Automatic check-ins that follow the journal: prep, thank-you, reflection, keep in touch.

The lifecycle bus (:mod:`bot.lifecycle.bus`) hands :class:`CadenceListener` every move
of an interview, contact or reminder inside the command's own unit of work, so a change
and its reminders commit together. Scheduling is idempotent: another move of an
interview moves its *pending* automatic reminders instead of adding new ones, and never
revives one that was already sent, done, skipped or cancelled.

The rules (times in the person's zone, then moved out of their quiet hours):
- prep: 24 h and 2 h before a planned interview (the 2 h one is dropped when quiet hours
  would leave less than an hour before the start — the day-before one covers it); a
  conversation planned too late for both gets one prep nudge at once;
- thank-you: 3 h after it was held, and within 24 h whatever the quiet hours say about
  the 3 h mark (we fall back to the first allowed minute after the interview);
- reflection: the next day at 10:00;
- keep in touch: one nudge at a time, N days after the last interaction at 10:00, for
  each N of the person's cadence (30 and 90 by default), then every last-N days (180,
  270, ...) until they stop it (`checkin stop`). Any new interaction (a conversation, a
  thank-you, a keep-in-touch nudge marked done) restarts the count; a skipped or sent
  nudge hands over to the next point.
Interviews held more than a week before they were logged get no thank-you/reflection
nudges (back-filling history should not trigger a flood), only keep-in-touch timers; and
whatever one action schedules is paced (:mod:`bot.reminders.pacing`: at most three due
in any hour for one person), so back-filling a busy week does not either.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, time, timedelta

from bot.domain import (
    Actor,
    Contact,
    Interview,
    InterviewStatus,
    Reminder,
    ReminderKind,
    ReminderStatus,
    UserSettings,
)
from bot.lifecycle.bus import EventContext
from bot.lifecycle.events import (
    ContactInteracted,
    DomainEvent,
    InterviewDeleted,
    InterviewEvent,
    KeepInTouchChanged,
    ReminderCancelled,
)
from bot.reminders.pacing import pace
from bot.reminders.quiet import local_day_at, next_allowed

PREP_BEFORE = (timedelta(days=1), timedelta(hours=2))
PREP_MIN_LEAD = timedelta(hours=1)
THANK_YOU_AFTER = timedelta(hours=3)
THANK_YOU_DEADLINE = timedelta(hours=24)
MORNING = time(10, 0)
BACKFILL_LIMIT = timedelta(days=7)

PENDING = ReminderStatus.PENDING.value
Maker = Callable[[datetime], Reminder]
INTERVIEW_KINDS = (
    ReminderKind.PREP.value,
    ReminderKind.THANK_YOU.value,
    ReminderKind.REFLECTION.value,
)


def owner_of(item: Interview | Contact) -> Actor:
    return Actor(item.platform, item.workspace_id, item.user_id)


def desired_interview_reminders(
    interview: Interview, prefs: UserSettings, *, now: datetime
) -> dict[str, list[datetime]]:
    """Due times each automatic kind should have for this interview, soonest first."""
    wanted: dict[str, list[datetime]] = {kind: [] for kind in INTERVIEW_KINDS}
    status = interview.status
    start = interview.scheduled_at
    if status in (InterviewStatus.REQUESTED.value, InterviewStatus.SCHEDULED.value) and start:
        for lead in PREP_BEFORE:
            due = next_allowed(start - lead, prefs)
            if due > now and due <= start - PREP_MIN_LEAD:
                wanted[ReminderKind.PREP.value].append(due)
        if not wanted[ReminderKind.PREP.value] and start > now:
            wanted[ReminderKind.PREP.value].append(now)  # planned at short notice: prep now
    held = interview.held_at
    is_held = status in (InterviewStatus.HELD.value, InterviewStatus.THANKED.value)
    if is_held and held is not None and now - held <= BACKFILL_LIMIT:
        if status == InterviewStatus.HELD.value and interview.thanked_at is None:
            wanted[ReminderKind.THANK_YOU.value].append(thank_you_due(held, prefs, now=now))
        reflection = local_day_at(held, 1, MORNING, prefs.timezone)
        # An old conversation logged late is reflected on now, or when quiet hours end:
        # a time inside them is not when the nudge will come, so it is not stored.
        wanted[ReminderKind.REFLECTION.value].append(next_allowed(max(reflection, now), prefs))
    return wanted


def thank_you_due(held: datetime, prefs: UserSettings, *, now: datetime) -> datetime:
    due = next_allowed(max(held + THANK_YOU_AFTER, now), prefs)
    if due >= held + THANK_YOU_DEADLINE:
        due = next_allowed(max(held, now), prefs)
    return due


def keep_in_touch_offsets(prefs: UserSettings) -> Iterator[int]:
    """Days after the last interaction: the person's cadence (30 and 90 by default),
    then every last-step days for as long as they keep in touch (180, 270, ...)."""
    days = sorted({d for d in prefs.keep_in_touch_days if d > 0})
    if not days:
        return
    yield from days
    step = days[-1]
    yield from (days[-1] + step * n for n in itertools.count(1))


def next_keep_in_touch(last: datetime, prefs: UserSettings, *, after: datetime) -> datetime | None:
    """The first keep-in-touch moment after `after` (at 10:00 local, out of quiet hours)."""
    for offset in keep_in_touch_offsets(prefs):
        if last + timedelta(days=offset + 1) <= after:
            continue  # cheap skip of points long gone (a contact from years ago)
        due = next_allowed(local_day_at(last, offset, MORNING, prefs.timezone), prefs)
        if due > after:
            return due
    return None


class CadenceListener:
    """The reminders feature's :class:`bot.ports.events.LifecycleListener`: keeps the
    automatic check-ins in step with every move, in the command's transaction."""

    async def handle(self, event: DomainEvent, ctx: EventContext) -> None:
        if isinstance(event, InterviewDeleted):
            for row in list(await ctx.contact_reminders(event.interview.contact_id)):
                if row.interview_id == event.interview.id and row.status == PENDING:
                    await ctx.delete_reminder(row)
        elif isinstance(event, InterviewEvent):
            await self._interview_reminders(event.interview, ctx)
        elif isinstance(event, ContactInteracted | KeepInTouchChanged):
            await self.reset_keep_in_touch(event.contact, ctx)
        elif (
            isinstance(event, ReminderCancelled)
            and event.by_person
            and event.reminder.kind == ReminderKind.KEEP_IN_TOUCH.value
        ):
            # Skipping one catch-up keeps the rhythm: the next one comes at its time.
            contact = await ctx.contact(event.reminder.contact_id)
            if contact is not None:
                await self.reset_keep_in_touch(contact, ctx, after=event.reminder.due_at)

    async def _interview_reminders(self, interview: Interview, ctx: EventContext) -> None:
        contact = await ctx.contact(interview.contact_id)
        if contact is None:
            return
        prefs = await ctx.settings()
        existing = [
            r
            for r in await ctx.contact_reminders(contact.id or 0)
            if r.interview_id == interview.id
        ]
        wanted = desired_interview_reminders(interview, prefs, now=ctx.now)
        thanks = ReminderKind.THANK_YOU.value
        if (wanted[thanks] or interview.thanked_at is not None) and not await self._one_thank_you(
            interview, await ctx.contact_reminders(contact.id or 0), ctx
        ):
            wanted[thanks] = []
        if wanted[ReminderKind.PREP.value] == [ctx.now] and any(
            r.kind == ReminderKind.PREP.value and r.status != PENDING for r in existing
        ):
            wanted[ReminderKind.PREP.value] = []  # the last-minute prep already went out
        moved: list[Reminder] = []
        missing: list[Reminder] = []
        for kind, dues in wanted.items():
            rows = [r for r in existing if r.kind == kind]
            if kind != ReminderKind.PREP.value and any(r.status != PENDING for r in rows):
                continue  # already sent, done, skipped or cancelled: never revive it
            pending = [r for r in rows if r.status == PENDING]
            make = self._factory(interview, contact, kind, ctx.now)
            kept, added = await _reconcile(ctx, pending, dues, make)
            moved += kept
            missing += added
        await pace(ctx, [*moved, *missing])
        await ctx.add_reminders(missing)  # every kind in one batch

    @staticmethod
    async def _one_thank_you(
        interview: Interview, rows: Sequence[Reminder], ctx: EventContext
    ) -> bool:
        """One thank-you nudge per person at a time: a single note thanks them for
        conversations close together (two calls in a day, or last week's logged after
        today's), so a second nudge to thank the same person would ask for it twice.

        The latest conversation's nudge is kept: one pending for a later conversation
        covers this one (returns False: this one wants none); one for an earlier
        conversation is dropped in favour of this one's. And once this conversation is
        thanked, a nudge for any conversation held before that note goes: it was
        thanked in the same note."""
        covers = True
        held = interview.held_at or ctx.now
        for row in list(rows):
            if (
                row.kind != ReminderKind.THANK_YOU.value
                or row.status != PENDING
                or row.interview_id in (None, interview.id)
            ):
                continue
            other = await ctx.interview(row.interview_id)
            if other is None:
                continue
            other_held = other.held_at or ctx.now
            if interview.thanked_at is not None:
                if other_held <= interview.thanked_at:
                    await ctx.delete_reminder(row)
            elif other_held > held:
                covers = False
            else:
                await ctx.delete_reminder(row)
        return covers

    async def reset_keep_in_touch(
        self, contact: Contact, ctx: EventContext, *, after: datetime | None = None
    ) -> None:
        """One pending keep-in-touch nudge per contact, at the next point of the cadence
        after `after` (default: now), counted from the last interaction; none once the
        person stopped them."""
        prefs = await ctx.settings()
        rows = await ctx.contact_reminders(contact.id or 0)
        kind = ReminderKind.KEEP_IN_TOUCH.value
        pending = [r for r in rows if r.kind == kind and r.status == PENDING]
        dues: list[datetime] = []
        last = contact.last_interaction_at
        if contact.keep_in_touch and last is not None:
            due = next_keep_in_touch(last, prefs, after=max(ctx.now, after or ctx.now))
            dues = [due] if due is not None else []

        def make(due: datetime) -> Reminder:
            return keep_in_touch_reminder(contact, due, now=ctx.now)

        kept, added = await _reconcile(ctx, pending, dues, make)
        await pace(ctx, [*kept, *added])
        await ctx.add_reminders(added)

    @staticmethod
    def _factory(interview: Interview, contact: Contact, kind: str, now: datetime) -> Maker:
        def make(due: datetime) -> Reminder:
            return Reminder(
                platform=interview.platform,
                workspace_id=interview.workspace_id,
                user_id=interview.user_id,
                kind=kind,
                due_at=due,
                contact_id=contact.id,
                interview_id=interview.id,
                created_at=now,
            )

        return make


def keep_in_touch_reminder(contact: Contact, due: datetime, *, now: datetime) -> Reminder:
    return Reminder(
        platform=contact.platform,
        workspace_id=contact.workspace_id,
        user_id=contact.user_id,
        kind=ReminderKind.KEEP_IN_TOUCH.value,
        due_at=due,
        contact_id=contact.id,
        created_at=now,
    )


async def _reconcile(
    ctx: EventContext, pending: list[Reminder], dues: list[datetime], make: Maker
) -> tuple[list[Reminder], list[Reminder]]:
    """Move pending rows onto the wanted times and drop the extras; return the rows
    kept and the missing ones for the caller to pace and add (in one batch)."""
    pending = sorted(pending, key=lambda r: r.due_at)
    kept = pending[: len(dues)]
    for row, due in zip(kept, dues, strict=False):
        row.move(due)
    for row in pending[len(dues) :]:
        await ctx.delete_reminder(row)
    return kept, [make(due) for due in dues[len(pending) :]]
