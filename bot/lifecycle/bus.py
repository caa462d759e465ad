"""One small bus: hand a command's domain events to the listeners, in its transaction.

Handlers make their moves on the domain objects, then call :func:`publish` with the
objects they changed, before committing. The bus runs the lifecycle's own rules
(:mod:`bot.lifecycle.rules`) and then the configured listeners (the check-in cadence),
for each event in order; a listener's own moves are collected and handled in the same
run, so a chain (thank-you nudge done → interview thanked → contact interaction →
keep-in-touch restarted) completes before the commit, or not at all.

:class:`EventContext` also caches what several listeners read (settings, contacts, a
contact's reminders), so a command reads each at most once however many events it has.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from bot.domain import Actor, Contact, Interview, Reminder, ReminderStatus, UserSettings
from bot.lifecycle.events import DomainEvent
from bot.lifecycle.rules import CORE_RULES
from bot.ports import UnitOfWork
from bot.ports.events import LifecycleListener

if TYPE_CHECKING:
    from bot.services import Services

#: A chain longer than this is a listener feeding itself: stop it loudly.
MAX_EVENTS = 500


class HasEvents(Protocol):
    def pull_events(self) -> list[DomainEvent]: ...


class EventContext:
    """What the listeners of one command share: its unit of work, owner and clock."""

    def __init__(
        self,
        uow: UnitOfWork,
        owner: Actor,
        *,
        now: datetime,
        prefs: UserSettings | None = None,
        listeners: Sequence[LifecycleListener] = (),
    ) -> None:
        self.uow = uow
        self.owner = owner
        self.now = now
        self.listeners = tuple(listeners)
        self._prefs = prefs
        self._contacts: dict[int, Contact] = {}
        self._interviews: dict[int, Interview] = {}
        self._rows: dict[int, list[Reminder]] = {}
        self._queue: deque[DomainEvent] = deque()
        # The owner's pending due times as read once (see `pending_dues`).
        self._dues: dict[int, datetime] | None = None
        self._dues_before = now
        self._added: list[Reminder] = []
        # Rows the listeners add while the events run, written in one batch at the end
        # (see `add_reminders`); None outside `run`.
        self._unwritten: list[Reminder] | None = None

    def remember(self, *items: Contact | Interview) -> None:
        """Objects the handler already holds: listeners use them instead of reloading."""
        for item in items:
            if item.id is None:
                continue
            if isinstance(item, Contact):
                self._contacts[item.id] = item
            else:
                self._interviews[item.id] = item

    def created(self, *contacts: Contact) -> None:
        """Contacts this command has just inserted: no reminder can point at them yet, so
        their (empty) reminder list is known without a query."""
        for contact in contacts:
            if contact.id is not None:
                self._contacts[contact.id] = contact
                self._rows.setdefault(contact.id, [])

    async def settings(self) -> UserSettings:
        if self._prefs is None:
            self._prefs = await self.uow.settings.get_or_default(self.owner)
        return self._prefs

    async def contact(self, contact_id: int | None) -> Contact | None:
        if contact_id is None:
            return None
        if contact_id not in self._contacts:
            found = await self.uow.contacts.get(self.owner, contact_id)
            if found is None:
                return None
            self._contacts[contact_id] = found
        return self._contacts[contact_id]

    async def interview(self, interview_id: int | None) -> Interview | None:
        if interview_id is None:
            return None
        if interview_id not in self._interviews:
            found = await self.uow.interviews.get(self.owner, interview_id)
            if found is None:
                return None
            self._interviews[interview_id] = found
        return self._interviews[interview_id]

    async def contact_reminders(self, contact_id: int) -> list[Reminder]:
        """The contact's reminders (every kind and status), read once per command; rows
        added or deleted through this context keep the list current."""
        if contact_id not in self._rows:
            found = list(await self.uow.reminders.list_for_contact(self.owner, contact_id))
            unwritten = self._unwritten or []
            self._rows[contact_id] = found + [r for r in unwritten if r.contact_id == contact_id]
        return self._rows[contact_id]

    async def add_reminders(self, rows: Sequence[Reminder]) -> None:
        """Add check-ins. While the events run, the rows wait and are written together
        when the run ends (one `add_all`: one number upsert and one INSERT for a
        command's every check-in, instead of one each per listener's batch); what the
        listeners read in between comes from this context, which counts them."""
        if not rows:
            return
        if self._unwritten is not None:
            self._unwritten.extend(rows)
        else:
            await self.uow.reminders.add_all(rows)
        self._added.extend(rows)
        for row in rows:
            if row.contact_id is not None and row.contact_id in self._rows:
                self._rows[row.contact_id].append(row)

    async def delete_reminder(self, row: Reminder) -> None:
        if self._unwritten is not None and any(r is row for r in self._unwritten):
            self._unwritten = [r for r in self._unwritten if r is not row]
        else:
            await self.uow.reminders.delete(row)
        self._added = [r for r in self._added if r is not row]
        if self._dues is not None and row.id is not None:
            self._dues.pop(row.id, None)
        if row.contact_id is not None and row.contact_id in self._rows:
            self._rows[row.contact_id] = [r for r in self._rows[row.contact_id] if r is not row]

    async def pending_dues(
        self, *, before: datetime, read_until: datetime, placing: Sequence[Reminder] = ()
    ) -> list[datetime]:
        """Due times of the owner's pending reminders due before `before`, as this
        command has left them so far, leaving out the rows being `placing`.

        Pacing asks this once per batch of check-ins, and one `interview log` schedules
        two batches (thank-you and reflection, then keep-in-touch). The rows are read
        once, up to `read_until` (the caller's guess of the furthest it will ask), and
        later asks are answered from that read plus what this command changed since:
        rows it added or deleted, and every row it holds (the contacts' reminders, whose
        moves and cancellations are seen on the objects). Nothing else changes
        reminders while the listeners run, so the answer is what a new query would give,
        without the query, and without flushing the first batch's INSERT before the
        second batch exists (both go out as one multi-row INSERT at the commit). An ask
        past what was read reads again."""
        if self._dues is None or before > self._dues_before:
            until = max(before, read_until)
            found = await self.uow.reminders.pending_due(self.owner, before=until)
            # The read has every row written so far; rows still waiting are not in it.
            self._dues, self._dues_before = dict(found), until
            self._added = list(self._unwritten or [])
        skipped = {id(r) for r in placing}
        dues = dict(self._dues)
        fresh: list[datetime] = []
        held = {id(r): r for rows in self._rows.values() for r in rows}
        held |= {id(r): r for r in self._added}
        for row in [*held.values(), *placing]:
            if row.id is not None:
                dues.pop(row.id, None)  # as it stands now, below (or not at all)
            if id(row) in skipped or row.status != ReminderStatus.PENDING.value:
                continue
            if row.id is None:
                fresh.append(row.due_at)
            else:
                dues[row.id] = row.due_at
        return [due for due in [*dues.values(), *fresh] if due < before]

    def collect(self, *sources: HasEvents) -> None:
        """Queue what these objects recorded since they were last pulled."""
        for source in sources:
            self._queue.extend(source.pull_events())

    async def run(self) -> None:
        nested = self._unwritten is not None
        if not nested:
            self._unwritten = []
        handled = 0
        try:
            while self._queue:
                event = self._queue.popleft()
                handled += 1
                if handled > MAX_EVENTS:
                    raise RuntimeError("lifecycle events keep producing events; stopping")
                for listener in (*CORE_RULES, *self.listeners):
                    await listener.handle(event, self)
            if not nested and self._unwritten:
                await self.uow.reminders.add_all(self._unwritten)
        finally:
            if not nested:
                self._unwritten = None


def lifecycle(
    svc: Services,
    uow: UnitOfWork,
    owner: Actor,
    *,
    now: datetime,
    prefs: UserSettings | None = None,
) -> EventContext:
    """The context a handler publishes its moves through (listeners from `svc`)."""
    return EventContext(uow, owner, now=now, prefs=prefs, listeners=svc.journal_listeners)


async def publish(ctx: EventContext, *sources: HasEvents) -> None:
    """Handle every event `sources` recorded, and what follows from them, now."""
    for source in sources:
        if isinstance(source, Contact | Interview):
            ctx.remember(source)
    ctx.collect(*sources)
    await ctx.run()
