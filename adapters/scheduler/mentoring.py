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

from adapters.scheduler.component import SchedulerComponent
from adapters.scheduler.sweeps import SWEEP_SECONDS, register_sweep, sweep_once
from bot.mentoring.rounds import run_due_rounds
from bot.services import Services

MENTOR_ROUNDS_JOB_ID = "mentor-rounds"


async def run_mentor_rounds(services: Services) -> None:
    """One sweep; errors are logged and the next sweep tries again."""
    await sweep_once(
        run_due_rounds(services, services.clock.now()),
        failed="mentor round sweep failed",
        done="mentor matching: %d automatic round(s) sent",
    )


def register_mentor_rounds(
    scheduler: SchedulerComponent, services: Services, *, seconds: float = SWEEP_SECONDS
) -> None:
    register_sweep(scheduler, MENTOR_ROUNDS_JOB_ID, run_mentor_rounds, (services,), seconds=seconds)
