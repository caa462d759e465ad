"""The recurring sweep is registered with a fixed id and runs due rounds."""

from __future__ import annotations

from adapters.scheduler.component import SchedulerComponent
from adapters.scheduler.mentoring import (
    MENTOR_ROUNDS_JOB_ID,
    register_mentor_rounds,
    run_mentor_rounds,
)
from tests.conftest import ALICE, BOB, CoreHarness
from tests.mentoring.test_commands import DAN


async def test_sweep_job_is_registered_once_and_runs_due_rounds(core: CoreHarness) -> None:
    services = core.dispatcher.services
    scheduler = SchedulerComponent(services, interval_seconds=60)
    register_mentor_rounds(scheduler, services)
    assert scheduler.job_ids().count(MENTOR_ROUNDS_JOB_ID) == 1
    await core.say("mentor config auto:on", ALICE)
    await core.say("mentor join role:mentor topics:interviewing", BOB)
    await core.say("mentor seek topics:interviewing", DAN)
    await run_mentor_rounds(services)
    assert core.notifier.sent == []  # the round's messages wait in the outbox
    await core.deliver()
    intros = [m for m in core.notifier.sent if len(m.recipients) == 2]
    assert len(intros) == 1
    assert {a.user_id for a in intros[0].recipients} == {"bob", "dan"}
    sent_before = len(core.notifier.sent)
    await run_mentor_rounds(services)  # not due again yet
    await core.deliver()
    assert len(core.notifier.sent) == sent_before
