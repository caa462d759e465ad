"""The hourly sweep that moves conversation and warm-introduction requests on (3-day
reminder, 5-day expiry): one job for both, as both wait the same way.

One fixed-id job, like the mentor rounds and import expiry: the database is the only
source of truth, and the repository's guarded updates move each request once however
many replicas sweep at the same moment. An hour's granularity against days-long
deadlines: a request expires within the hour after its fifth day.
"""

from __future__ import annotations

from adapters.scheduler.component import SchedulerComponent
from adapters.scheduler.sweeps import SWEEP_SECONDS, register_sweep, sweep_once
from bot.directory.requests_sweep import sweep_requests
from bot.services import Services

REQUEST_SWEEP_JOB_ID = "conversation-requests"


async def run_request_sweep(services: Services) -> None:
    """One sweep; errors are logged and the next sweep tries again."""
    await sweep_once(
        sweep_requests(services, services.clock.now()),
        failed="request sweep failed",
        done="conversation and introduction requests: %d reminded or expired",
    )


def register_request_sweep(
    scheduler: SchedulerComponent, services: Services, *, seconds: float = SWEEP_SECONDS
) -> None:
    register_sweep(scheduler, REQUEST_SWEEP_JOB_ID, run_request_sweep, (services,), seconds=seconds)
