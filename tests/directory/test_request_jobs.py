"""The request sweep's scheduler job, and the community gauges on a real database."""

from __future__ import annotations

from datetime import timedelta

from prometheus_client import generate_latest
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.ops.community_metrics import community_refresher
from adapters.ops.metrics import Metrics
from adapters.scheduler.component import SchedulerComponent
from adapters.scheduler.requests import (
    REQUEST_SWEEP_JOB_ID,
    register_request_sweep,
    run_request_sweep,
)
from bot.bootstrap import build_dispatcher, build_services
from storage.engine import session_factory
from storage.uow import SqlUnitOfWorkFactory
from tests.conftest import CoreHarness
from tests.directory.requests_helpers import ALICE, BOB, ask_and_send, setup, to
from tests.fakes import FixedClock, RecordingNotifier


async def test_the_sweep_job_is_registered_once_and_expires_requests(core: CoreHarness) -> None:
    services = core.dispatcher.services
    scheduler = SchedulerComponent(services, interval_seconds=60)
    register_request_sweep(scheduler, services)
    assert scheduler.job_ids().count(REQUEST_SWEEP_JOB_ID) == 1
    await setup(core)
    await ask_and_send(core)
    await core.deliver()
    core.clock.advance(timedelta(days=6))
    await run_request_sweep(services)
    await core.deliver()
    [news] = to(core, ALICE)
    assert "expired" in news.reply.text


async def test_community_gauges_are_counts_without_names(engine: AsyncEngine) -> None:
    clock = FixedClock()
    services = build_services(
        SqlUnitOfWorkFactory(session_factory(engine)), clock=clock, notifier=RecordingNotifier()
    )
    core = CoreHarness(build_dispatcher(services), services.uow, clock, RecordingNotifier())
    await setup(core)
    await core.say(f'people ask @bob reason:"{"secret reason words"}"')
    async with services.uow() as uow:
        [draft] = await uow.requests.list_for(ALICE)
    await core.say(f"people send {draft.id}")
    clock.advance(timedelta(hours=3))
    await core.say(f"people answer {draft.id} accept", BOB)
    metrics = Metrics()
    refresh = community_refresher(services, metrics)
    await refresh()
    scraped = generate_latest(metrics.registry).decode()
    assert "inroads_directory_members 1.0" in scraped
    assert "inroads_requests_accepted 1.0" in scraped
    assert "inroads_request_answer_median_seconds 10800.0" in scraped
    assert "inroads_helpers_over_budget 0.0" in scraped
    for private in ("alice", "bob", "secret", "Acme"):
        assert private not in scraped


async def test_the_same_job_expires_introduction_requests(core: CoreHarness) -> None:
    """One fixed-id job sweeps both kinds of request: no second job to forget."""
    services = core.dispatcher.services
    await core.say('people join role:"supply planner" industry:grocery', BOB)
    await core.say("people intros add company:Acme", BOB)
    await core.say(
        'people intro-request @bob company:Acme reason:"how demand planning works there"'
    )
    await core.deliver()
    core.clock.advance(timedelta(days=3, hours=1))
    await run_request_sweep(services)
    await core.deliver()
    assert [m.reply.title for m in to(core, BOB)] == [
        "An introduction at Acme?",
        "Still open: an introduction at Acme",
    ]
    core.clock.advance(timedelta(days=2))
    await run_request_sweep(services)
    await core.deliver()
    [news] = to(core, ALICE)
    assert "closed after five days without an answer" in news.reply.text
