"""Benchmarks seed their databases the way the app writes rows (issue 15, 18 figures).

Two benchmarks wrote rows directly and broke silently when per-person numbers became
NOT NULL: `make bench` stopped at them, and nothing in the suite ran their seeding. Here
each one that writes numbered rows itself seeds a small journal on the test databases,
and the rows come out numbered from 1 per person, as the app numbers them.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from benchmarks import bench_import, bench_journal
from storage import tables
from storage.uow import SqlUnitOfWorkFactory


async def _numbers(engine: AsyncEngine, table: str, user_id: str) -> list[int]:
    t = tables.metadata.tables[table]
    async with engine.connect() as conn:
        rows = await conn.execute(select(t.c.number).where(t.c.user_id == user_id))
        return sorted(int(n) for (n,) in rows.all())


async def test_the_journal_benchmark_seeds_numbered_contacts_and_interviews(
    sql_uow: SqlUnitOfWorkFactory, engine: AsyncEngine
) -> None:
    await bench_journal.seed(sql_uow, bench_import.ME, 12, 20)
    assert await _numbers(engine, "contacts", "U1") == list(range(1, 13))
    assert await _numbers(engine, "interviews", "U1") == list(range(1, 21))


async def test_the_import_benchmark_seeds_numbered_contacts(engine: AsyncEngine) -> None:
    await bench_import.seed(engine)
    for user in ("U1", "U2"):
        numbers = await _numbers(engine, "contacts", user)
        assert numbers == list(range(1, bench_import.EXISTING + 1))
    async with engine.connect() as conn:
        total = (await conn.execute(select(func.count()).select_from(tables.contacts))).scalar()
    assert total == 2 * bench_import.EXISTING
