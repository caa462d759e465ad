"""The hourly sweep that drops expired `contact import` batches, for everyone.

A staged import holds other people's details from an uploaded file until the person
confirms or cancels; the commands drop an expired one when its owner comes back, and this
sweep drops it when they don't (and undo records past their month). One fixed-id job:
every replica may run it, and a DELETE of what has expired is the same work twice.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.scheduler.component import SchedulerComponent
from storage.repositories.imports import purge_expired_imports

log = logging.getLogger(__name__)

IMPORT_EXPIRY_JOB_ID = "contact-imports-expiry"
SWEEP_SECONDS = 3600.0


async def run_import_expiry(engine: AsyncEngine) -> None:
    """One sweep; errors are logged and the next sweep tries again."""
    try:
        dropped = await purge_expired_imports(engine, datetime.now(UTC))
    except Exception:
        log.exception("dropping expired contact imports failed; the next sweep will retry")
        return
    if dropped:
        log.info("contact imports: %d expired batch(es) dropped", dropped)


def register_import_expiry(
    scheduler: SchedulerComponent, engine: AsyncEngine, *, seconds: float = SWEEP_SECONDS
) -> None:
    scheduler.add_interval_job(
        IMPORT_EXPIRY_JOB_ID,
        run_import_expiry,
        seconds=seconds,
        args=(engine,),
        first_run=datetime.now(UTC),
    )
