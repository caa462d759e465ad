"""The hourly sweep that drops expired `contact import` batches, for everyone.

A staged import holds other people's details from an uploaded file until the person
confirms or cancels; the commands drop an expired one when its owner comes back, and this
sweep drops it when they don't (and undo records past their month). One fixed-id job:
every replica may run it, and a DELETE of what has expired is the same work twice.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.scheduler.component import SchedulerComponent
from adapters.scheduler.sweeps import SWEEP_SECONDS, register_sweep, sweep_once
from storage.repositories.imports import purge_expired_imports

IMPORT_EXPIRY_JOB_ID = "contact-imports-expiry"


async def run_import_expiry(engine: AsyncEngine) -> None:
    """One sweep; errors are logged and the next sweep tries again."""
    await sweep_once(
        purge_expired_imports(engine, datetime.now(UTC)),
        failed="dropping expired contact imports failed",
        done="contact imports: %d expired batch(es) dropped",
    )


def register_import_expiry(
    scheduler: SchedulerComponent, engine: AsyncEngine, *, seconds: float = SWEEP_SECONDS
) -> None:
    register_sweep(scheduler, IMPORT_EXPIRY_JOB_ID, run_import_expiry, (engine,), seconds=seconds)
