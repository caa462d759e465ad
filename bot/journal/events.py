"""What the journal tells the rest of the core when a record changes.

The check-in engine (reminders) listens to keep cadences in step with the journal, in the
same unit of work, so an interview and its reminders commit together or not at all.
The journal does not import the listeners; the composition root passes them in through
:attr:`bot.services.Services.journal_listeners`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.domain import Contact, Interview, UserSettings
from bot.ports import UnitOfWork


class JournalListener(Protocol):
    async def interview_saved(
        self,
        uow: UnitOfWork,
        interview: Interview,
        contact: Contact,
        prefs: UserSettings,
        *,
        now: datetime,
    ) -> None:
        """An interview was created or changed (logged, planned, held, thanked, edited).

        The conversation of a held interview is also an interaction with its contact (at
        ``held_at``): listeners move keep-in-touch timers here, so
        :meth:`contact_interaction` is not sent again for it. A thank-you is a later
        interaction of its own and is sent as :meth:`contact_interaction`.
        """
        ...

    async def interview_deleted(self, uow: UnitOfWork, interview: Interview) -> None: ...

    async def contact_interaction(
        self, uow: UnitOfWork, contact: Contact, prefs: UserSettings, *, now: datetime
    ) -> None:
        """Any new interaction with a contact (resets keep-in-touch timers)."""
        ...


async def notify_interview_saved(
    listeners: Sequence[JournalListener],
    uow: UnitOfWork,
    interview: Interview,
    contact: Contact,
    prefs: UserSettings,
    *,
    now: datetime,
) -> None:
    """Tell every listener, inside the caller's unit of work (before its commit)."""
    for listener in listeners:
        await listener.interview_saved(uow, interview, contact, prefs, now=now)


async def notify_interview_deleted(
    listeners: Sequence[JournalListener], uow: UnitOfWork, interview: Interview
) -> None:
    for listener in listeners:
        await listener.interview_deleted(uow, interview)


async def notify_contact_interaction(
    listeners: Sequence[JournalListener],
    uow: UnitOfWork,
    contact: Contact,
    prefs: UserSettings,
    *,
    now: datetime,
) -> None:
    for listener in listeners:
        await listener.contact_interaction(uow, contact, prefs, now=now)
