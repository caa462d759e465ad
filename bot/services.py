"""What a handler may use: ports plus core defaults, assembled by the composition root."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from bot.domain import Actor
from bot.ports import Clock, Notifier, UnitOfWorkFactory
from bot.ports.events import LifecycleListener
from bot.reply import Reply

if TYPE_CHECKING:
    from bot.ports.prep import PrepPack
    from bot.reminders.notices import PendingNotices

#: Runs after every command with (who asked, the reply, services) and may return an
#: amended reply, e.g. to show a pending notice once (`bot.reminders.notices`).
ReplyHook = Callable[[Actor, Reply, "Services"], Awaitable[Reply]]


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True)
class CoreConfig:
    """Defaults a community can change in settings; per-person settings override them."""

    default_timezone: str = "UTC"
    quiet_start: str = "21:00"
    quiet_end: str = "08:00"
    keep_in_touch_days: tuple[int, ...] = (30, 90)
    max_note_chars_shown: int = 2_800


@dataclass
class Services:
    uow: UnitOfWorkFactory
    clock: Clock = field(default_factory=SystemClock)
    notifier: Notifier | None = None
    config: CoreConfig = field(default_factory=CoreConfig)
    #: Features that follow the lifecycle's events (the check-in cadence); see
    #: :mod:`bot.lifecycle.bus`. The lifecycle's own rules always run, listed or not.
    journal_listeners: tuple[LifecycleListener, ...] = ()
    reply_hooks: tuple[ReplyHook, ...] = ()
    #: Who may have a pending notice; None means "ask the database on every reply".
    pending_notices: PendingNotices | None = None
    #: What a prep reminder attaches (the questions feature's pack); None: nothing.
    prep_pack: PrepPack | None = None
