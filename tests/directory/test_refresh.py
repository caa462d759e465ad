"""Listings follow the rules that make their search terms (bot/directory/refresh.py): when
the field model or the term rules change, the sweep rebuilds every listing once, under a
claim one replica gets; on the fakes and on both real databases."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.scheduler.component import SchedulerComponent
from adapters.scheduler.directory import DIRECTORY_REFRESH_JOB_ID, register_directory_refresh
from bot.directory import refresh
from bot.directory.refresh import refresh_listings, terms_fingerprint
from bot.domain import Actor
from storage import tables
from tests.conftest import ALICE, BOB, CoreHarness

SEEKER = Actor("console", "w1", "sam", "Sam")


async def _listed(core: CoreHarness) -> None:
    await core.say('people join role:"nurse" industry:health topics:"night shifts"', ALICE)
    await core.say('people join role:"wholesale buyer" company:"Ortega Foods"', BOB)


def _forget_roots(core: CoreHarness) -> None:
    """As a listing written before roots existed: its words, no roots."""
    terms = core.uow.store.table("directory_terms")
    terms[:] = [t for t in terms if t.kind not in ("root", "topic-root")]


async def test_new_rules_rebuild_every_listing_once(core: CoreHarness) -> None:
    services = core.dispatcher.services
    await _listed(core)
    assert await refresh_listings(services) == 2  # the index had no fingerprint yet
    assert await refresh_listings(services) == 0  # same rules: nothing to do
    _forget_roots(core)
    assert (await core.dispatcher.run_text(SEEKER, "people find nurses")).title == "Nobody found"
    assert await refresh_listings(services) == 0  # the rules did not change meanwhile
    core.uow.store.table("directory_state")[0]["rules_version"] = "built by older rules"
    assert await refresh_listings(services) == 2
    assert "works as nurse" in await core.say("people find nurses", SEEKER)
    # The field model learnt that a wholesale buyer is in supply chain: found by it.
    assert "wholesale buyer" in await core.say("people find industry:logistics", SEEKER)


async def test_a_changed_term_format_is_a_new_fingerprint(
    core: CoreHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    services = core.dispatcher.services
    await _listed(core)
    await refresh_listings(services)
    before = terms_fingerprint()
    monkeypatch.setattr(refresh, "TERMS_FORMAT", refresh.TERMS_FORMAT + 1)
    assert terms_fingerprint() != before
    assert await refresh_listings(services) == 2


async def test_one_replica_at_a_time_and_a_dead_ones_claim_expires(core: CoreHarness) -> None:
    services = core.dispatcher.services
    await _listed(core)
    held = {"rules_version": None, "claimed_until": core.clock.now() + timedelta(minutes=5)}
    core.uow.store.table("directory_state").append(held)
    assert await refresh_listings(services) == 0  # another replica holds the claim
    core.clock.advance(timedelta(minutes=6))
    assert await refresh_listings(services) == 2  # it died: taken over
    [state] = core.uow.store.table("directory_state")
    assert state == {"rules_version": terms_fingerprint(), "claimed_until": None}


async def test_the_sweep_is_registered_once(core: CoreHarness) -> None:
    services = core.dispatcher.services
    scheduler = SchedulerComponent(services, interval_seconds=60)
    register_directory_refresh(scheduler, services)
    assert scheduler.job_ids().count(DIRECTORY_REFRESH_JOB_ID) == 1


async def test_on_a_real_database(sql_core: CoreHarness, engine: AsyncEngine) -> None:
    services = sql_core.dispatcher.services
    await _listed(sql_core)
    t, s = tables.directory_terms, tables.directory_state
    async with engine.begin() as conn:
        await conn.execute(sa.delete(t).where(t.c.kind.in_(("root", "topic-root"))))
    nobody = await sql_core.dispatcher.run_text(SEEKER, "people find nurses")
    assert nobody.title == "Nobody found"
    assert await refresh_listings(services) == 2
    assert await refresh_listings(services) == 0
    assert "works as nurse" in await sql_core.say("people find nurses", SEEKER)
    async with engine.connect() as conn:
        row = (await conn.execute(sa.select(s.c.rules_version, s.c.claimed_until))).one()
    assert tuple(row) == (terms_fingerprint(), None)
    # A claim another replica holds keeps this one out until it lapses.
    async with engine.begin() as conn:
        held = sql_core.clock.now() + timedelta(minutes=5)
        await conn.execute(sa.update(s).values(rules_version="older", claimed_until=held))
    assert await refresh_listings(services) == 0
    sql_core.clock.advance(timedelta(minutes=6))
    assert await refresh_listings(services) == 2
