"""The recurring mentor-matching job: one fixed-id sweep, not one job per group.

Every hour the sweep asks the core which groups are due (`run_due_rounds`): those with
automatic rounds on whose cadence has elapsed since their last round. Why not a job per
group: group settings change through commands on any replica, and each replica has its own
in-memory scheduler; per-group jobs would have to be re-synchronised on every change and
would fire once per replica. With one sweep the database stays the only source of truth,
and `GroupRepository.claim_round` (a conditional UPDATE) makes sure exactly one replica
sends each round. Cadences are in days, so an hour of granularity is plenty.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from adapters.scheduler.component import SchedulerComponent
from bot.mentoring.rounds import run_due_rounds
from bot.services import Services

log = logging.getLogger(__name__)

MENTOR_ROUNDS_JOB_ID = "mentor-rounds"
SWEEP_SECONDS = 3600.0


async def run_mentor_rounds(services: Services) -> None:
    """One sweep; errors are logged and the next sweep tries again."""
    try:
        sent = await run_due_rounds(services, services.clock.now())
    except Exception:
        log.exception("mentor round sweep failed; the next sweep will try again")
        return
    if sent:
        log.info("mentor matching: %d automatic round(s) sent", sent)


def register_mentor_rounds(
    scheduler: SchedulerComponent, services: Services, *, seconds: float = SWEEP_SECONDS
) -> None:
    scheduler.add_interval_job(
        MENTOR_ROUNDS_JOB_ID,
        run_mentor_rounds,
        seconds=seconds,
        args=(services,),
        first_run=datetime.now(UTC),  # a round that came due while down runs at start
    )
