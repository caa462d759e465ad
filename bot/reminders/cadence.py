"""Automatic check-ins that follow the journal: prep, thank-you, reflection, keep in touch.

The journal calls :class:`CadenceListener` inside its own unit of work whenever an
interview is saved or a contact is heard from, so an interview and its reminders commit
together. Scheduling is idempotent: re-saving an interview moves its *pending* automatic
reminders instead of adding new ones, and never revives one that was already sent, done,
skipped or cancelled.

The rules (times in the person's zone, then moved out of their quiet hours):
- prep: 24 h and 2 h before a planned interview (the 2 h one is dropped when quiet hours
  would leave less than an hour before the start — the day-before one covers it);
- thank-you: 3 h after it was held, and within 24 h whatever the quiet hours say about
  the 3 h mark (we fall back to the first allowed minute after the interview);
- reflection: the next day at 10:00;
- keep in touch: N days after the last interaction, at 10:00, for each N of the person's
  cadence (30 and 90 by default). Any new interaction resets the contact's timers.
Interviews held more than a week before they were logged get no thank-you/reflection
nudges (back-filling history should not trigger a flood), only keep-in-touch timers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
from bot.ports import UnitOfWork
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
    held = interview.held_at
    is_held = status in (InterviewStatus.HELD.value, InterviewStatus.THANKED.value)
    if is_held and held is not None and now - held <= BACKFILL_LIMIT:
        if status == InterviewStatus.HELD.value and interview.thanked_at is None:
            wanted[ReminderKind.THANK_YOU.value].append(thank_you_due(held, prefs, now=now))
        reflection = next_allowed(local_day_at(held, 1, MORNING, prefs.timezone), prefs)
        wanted[ReminderKind.REFLECTION.value].append(max(reflection, now))
    return wanted


def thank_you_due(held: datetime, prefs: UserSettings, *, now: datetime) -> datetime:
    due = next_allowed(max(held + THANK_YOU_AFTER, now), prefs)
    if due >= held + THANK_YOU_DEADLINE:
        due = next_allowed(max(held, now), prefs)
    return due


def keep_in_touch_dues(last: datetime, prefs: UserSettings) -> list[datetime]:
    days = sorted({d for d in prefs.keep_in_touch_days if d > 0})
    return [next_allowed(local_day_at(last, d, MORNING, prefs.timezone), prefs) for d in days]


class CadenceListener:
    """The reminders feature's :class:`bot.journal.events.JournalListener`."""

    async def interview_saved(
        self,
        uow: UnitOfWork,
        interview: Interview,
        contact: Contact,
        prefs: UserSettings,
        *,
        now: datetime,
    ) -> None:
        owner = owner_of(interview)
        # One read serves both halves: an interview's check-ins carry its contact (an
        # interview never changes contact), and so do the contact's keep-in-touch ones.
        contact_rows = list(await uow.reminders.list_for_contact(owner, contact.id or 0))
        existing = [r for r in contact_rows if r.interview_id == interview.id]
        wanted = desired_interview_reminders(interview, prefs, now=now)
        missing: list[Reminder] = []
        for kind, dues in wanted.items():
            rows = [r for r in existing if r.kind == kind]
            if kind != ReminderKind.PREP.value and any(r.status != PENDING for r in rows):
                continue  # already sent, done, skipped or cancelled: never revive it
            pending = [r for r in rows if r.status == PENDING]
            make = self._factory(interview, contact, kind, now)
            missing += await _reconcile(uow, pending, dues, make)
        if missing:  # every kind in one batch
            await uow.reminders.add_all(missing)
        if interview.status in (InterviewStatus.HELD.value, InterviewStatus.THANKED.value):
            held = interview.held_at or now
            if contact.last_interaction_at is None or held >= contact.last_interaction_at:
                await self._reset_keep_in_touch(
                    uow, contact, prefs, held, now=now, rows=contact_rows
                )

    async def interview_deleted(self, uow: UnitOfWork, interview: Interview) -> None:
        owner = owner_of(interview)
        for row in await uow.reminders.list_for_interview(owner, interview.id or 0):
            if row.status == PENDING:
                await uow.reminders.delete(row)

    async def contact_interaction(
        self, uow: UnitOfWork, contact: Contact, prefs: UserSettings, *, now: datetime
    ) -> None:
        last = contact.last_interaction_at or now
        await self._reset_keep_in_touch(uow, contact, prefs, last, now=now)

    async def _reset_keep_in_touch(
        self,
        uow: UnitOfWork,
        contact: Contact,
        prefs: UserSettings,
        last: datetime,
        *,
        now: datetime,
        rows: Sequence[Reminder] | None = None,
    ) -> None:
        """`rows`: the contact's reminders, when the caller has just read them."""
        if rows is None:
            rows = await uow.reminders.list_for_contact(owner_of(contact), contact.id or 0)
        kind = ReminderKind.KEEP_IN_TOUCH.value
        pending = [r for r in rows if r.kind == kind and r.status == PENDING]
        dues = [d for d in keep_in_touch_dues(last, prefs) if d > now]

        def make(due: datetime) -> Reminder:
            return Reminder(
                platform=contact.platform,
                workspace_id=contact.workspace_id,
                user_id=contact.user_id,
                kind=ReminderKind.KEEP_IN_TOUCH.value,
                due_at=due,
                contact_id=contact.id,
                created_at=now,
            )

        if missing := await _reconcile(uow, pending, dues, make):
            await uow.reminders.add_all(missing)

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


async def _reconcile(
    uow: UnitOfWork, pending: list[Reminder], dues: list[datetime], make: Maker
) -> list[Reminder]:
    """Move pending rows onto the wanted times and drop the extras; return the missing
    ones for the caller to add (in one batch with any others)."""
    pending = sorted(pending, key=lambda r: r.due_at)
    for row, due in zip(pending, dues, strict=False):
        if row.due_at != due:
            row.due_at = due
            row.not_before = None
            row.attempts = 0
    for row in pending[len(dues) :]:
        await uow.reminders.delete(row)
    return [make(due) for due in dues[len(pending) :]]
