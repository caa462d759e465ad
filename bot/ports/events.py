"""The listener side of the lifecycle: features that follow what happens in the journal.

A listener gets every domain event of a command inside that command's unit of work
(through :class:`bot.lifecycle.bus.EventContext`), before its commit, so a change and
what follows from it commit together or not at all. The composition root passes the
listeners in through :attr:`bot.services.Services.journal_listeners`; the journal never
imports them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from bot.lifecycle.bus import EventContext
    from bot.lifecycle.events import DomainEvent


class LifecycleListener(Protocol):
    async def handle(self, event: DomainEvent, ctx: EventContext) -> None:
        """React to one event; a transition it makes is collected with
        :meth:`EventContext.collect` and handled in the same run."""
        ...
