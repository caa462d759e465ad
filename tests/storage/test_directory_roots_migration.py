"""Migration 0019 gives listings already in the directory their word roots, on SQLite and
PostgreSQL: the same `root` and `topic-root` terms `people join` writes today, so a
search for "nurses" finds a nurse who listed before roots existed. Downgrading drops
only those terms."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain import Actor
from storage import tables
from storage.migrate import downgrade, upgrade
from tests.conftest import ALICE, BOB, CoreHarness

SEEKER = Actor("console", "w1", "sam", "Sam")
ROOT_KINDS = ("root", "topic-root")


async def _terms(engine: AsyncEngine, kinds: tuple[str, ...]) -> set[tuple[int, str, str]]:
    t = tables.directory_terms
    async with engine.connect() as conn:
        rows = await conn.execute(
            sa.select(t.c.profile_id, t.c.kind, t.c.value).where(t.c.kind.in_(kinds))
        )
        return {(int(p), str(k), str(v)) for p, k, v in rows.all()}


async def test_0019_gives_existing_listings_their_roots(
    sql_core: CoreHarness, engine: AsyncEngine
) -> None:
    await sql_core.say(
        'people join role:"nurse" industry:health topics:"career changes, night shifts"', ALICE
    )
    await sql_core.say('people join role:"product designer" path:"left teaching"', BOB)
    written = await _terms(engine, ROOT_KINDS)
    assert written

    await downgrade(engine, "0018")
    assert await _terms(engine, ROOT_KINDS) == set()
    nobody = await sql_core.dispatcher.run_text(SEEKER, "people find nurses")
    assert nobody.title == "Nobody found"  # what listing before 0019 meant

    await upgrade(engine)
    assert await _terms(engine, ROOT_KINDS) == written  # the same rules as terms_of
    assert "works as nurse" in await sql_core.say("people find nurses", SEEKER)
    assert "happy to talk about career changes" in await sql_core.say(
        'people find topic:"career change"', SEEKER
    )
    assert "left teaching" in await sql_core.say("people find teachers", SEEKER)
