"""One shape for the fixed-id sweeps (mentor rounds, expired imports): an interval job
that runs at start and then every `seconds`, whose failure is logged and retried by the
next run, and which says what it did only when it did something."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from adapters.scheduler.component import SchedulerComponent

log = logging.getLogger(__name__)

#: Sweeps are about days-long cadences and day-long expiries: an hour is plenty.
SWEEP_SECONDS = 3600.0


async def sweep_once(work: Awaitable[int], *, failed: str, done: str) -> int:
    """Run one sweep; `done` is a %d message for how many things it handled."""
    try:
        handled = await work
    except Exception:
        log.exception("%s; the next sweep will try again", failed)
        return 0
    if handled:
        log.info(done, handled)
    return handled


def register_sweep(
    scheduler: SchedulerComponent,
    job_id: str,
    run: Callable[..., Awaitable[Any]],
    args: tuple[Any, ...],
    *,
    seconds: float = SWEEP_SECONDS,
) -> None:
    """The sweep's job, first run at start (what came due while down runs at once)."""
    scheduler.add_interval_job(job_id, run, seconds=seconds, args=args, first_run=datetime.now(UTC))
