"""The core's wiring, written once: which features follow the lifecycle, which hooks
amend a reply, and the default clock and settings.

`adapters/runtime.py` calls this with the SQL unit of work and the platforms' notifier;
the tests call it with in-memory fakes or a test database. Keeping one builder is what
makes a unit test exercise the same core that production runs: before it, the wiring was
written out three times, and a feature added to one copy (a listener, a reply hook) was
silently missing from the others. Everything here is part of the core, so it lives in
`bot/` and imports nothing outside it; engines, SDK clients and the scheduler are built
by the composition root in `adapters/`.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.commands import AnySpec
from bot.dispatcher import Dispatcher
from bot.ports import Clock, Notifier, UnitOfWorkFactory
from bot.questions.prep import prep_pack
from bot.registry import all_specs
from bot.reminders.cadence import CadenceListener
from bot.reminders.notices import PendingNotices, show_pending_notice
from bot.services import CoreConfig, Services, SystemClock


def build_services(
    uow: UnitOfWorkFactory,
    *,
    clock: Clock | None = None,
    notifier: Notifier | None = None,
    config: CoreConfig | None = None,
    pending_notices: PendingNotices | None = None,
) -> Services:
    """The core as production runs it, on the given ports.

    Only the ports and the community's defaults vary between callers; the features
    (the check-in cadence following the lifecycle, the pending-notice hook and its
    index, the prep pack a prep reminder carries) are always the same, so they are not
    parameters. `pending_notices` lets a test pass an index with its own clock; by
    default each Services gets a fresh one.
    """
    return Services(
        uow=uow,
        clock=clock or SystemClock(),
        notifier=notifier,
        config=config or CoreConfig(),
        journal_listeners=(CadenceListener(),),
        reply_hooks=(show_pending_notice,),
        pending_notices=pending_notices or PendingNotices(),
        prep_pack=prep_pack,
    )


def build_dispatcher(services: Services, specs: Sequence[AnySpec] | None = None) -> Dispatcher:
    """Every registered command on `services` (a test may narrow `specs`)."""
    return Dispatcher(services, all_specs() if specs is None else specs)
