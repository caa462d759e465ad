"""The sweep that rebuilds the directory's search terms when the rules behind them change
(bot/directory/refresh.py): a fixed-id job, run at start and hourly. Almost every run
finds the fingerprint unchanged and costs one UPDATE that matches nothing; after a
deploy that changed the field model, one replica's run rebuilds every listing."""

from __future__ import annotations

from adapters.scheduler.component import SchedulerComponent
from adapters.scheduler.sweeps import SWEEP_SECONDS, register_sweep, sweep_once
from bot.directory.refresh import refresh_listings
from bot.services import Services

DIRECTORY_REFRESH_JOB_ID = "directory-terms-refresh"


async def run_directory_refresh(services: Services) -> None:
    """One sweep; errors are logged and the next sweep tries again."""
    await sweep_once(
        refresh_listings(services),
        failed="rebuilding the directory's search terms failed",
        done="directory: search terms of %d listing(s) rebuilt for new rules",
    )


def register_directory_refresh(
    scheduler: SchedulerComponent, services: Services, *, seconds: float = SWEEP_SECONDS
) -> None:
    register_sweep(
        scheduler, DIRECTORY_REFRESH_JOB_ID, run_directory_refresh, (services,), seconds=seconds
    )
