"""The prep pack a prep reminder carries, as a port the composition root fills in.

The pack (research checklist, tailored questions, earlier notes) belongs to the
questions feature; the reminders feature only shows it. It used to be looked up by
module name at send time, which hid the dependency from the import checker and type
checker alike; now :func:`bot.bootstrap.build_services` passes it in, and a core
without it (a test, a build without that feature) sends the shorter reminder.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.domain import Actor, Contact, Interview
from bot.ports import UnitOfWork
from bot.reply import Section


class PrepPack(Protocol):
    async def __call__(
        self,
        uow: UnitOfWork,
        actor: Actor,
        contact: Contact,
        *,
        now: datetime,
        upcoming: Interview | None = None,
        mistakes: bool = False,
    ) -> tuple[Section, ...]:
        """The sections of `actor`'s pack for talking to `contact`; `upcoming` is the
        conversation it is for, `mistakes` adds what to avoid right before the call."""
        ...
