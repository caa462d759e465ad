"""What the journal tells the rest of the core when a record changes.

The check-in engine (reminders) listens to keep cadences in step with the journal, in the
same unit of work, so an interview and its reminders commit together or not at all.
The journal does not import the listeners; the composition root passes them in through
:attr:`bot.services.Services.journal_listeners`.
"""

from __future__ import annotations

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
        """An interview was created or changed (logged, planned, held, thanked, edited)."""
        ...

    async def interview_deleted(self, uow: UnitOfWork, interview: Interview) -> None: ...

    async def contact_interaction(
        self, uow: UnitOfWork, contact: Contact, prefs: UserSettings, *, now: datetime
    ) -> None:
        """Any new interaction with a contact (resets keep-in-touch timers)."""
        ...
