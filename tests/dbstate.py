"""Read a whole database's state: row counts per table and full snapshots.

The reliability suites (fuzz, isolation, faults) assert "nothing was written" and "no one
else's row changed" against the real SQL engine, not against what a repository claims, so
a write that bypasses the repositories (or a table nobody registered) is still caught.
Tables are reflected from the live database, so tables added later (Slack installation
store, scheduler job store) are covered without editing this file.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import MetaData, Table, func, inspect, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncEngine

#: Bookkeeping tables that are not user data.
IGNORED_TABLES = frozenset({"alembic_version"})

Row = tuple[Any, ...]


async def reflect(engine: AsyncEngine) -> list[Table]:
    """Every data table in the engine's schema (its search_path on PostgreSQL)."""
    metadata = MetaData()
    async with engine.connect() as conn:
        names = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
        wanted = sorted(n for n in names if n not in IGNORED_TABLES)
        await conn.run_sync(lambda sync: metadata.reflect(sync, only=wanted))
    return [metadata.tables[name] for name in wanted]


async def row_counts(engine: AsyncEngine, tables: Iterable[Table]) -> dict[str, int]:
    """Rows per table, in one round trip."""
    queries = [
        select(literal(t.name).label("name"), func.count().label("n")).select_from(t)
        for t in tables
    ]
    if not queries:
        return {}
    async with engine.connect() as conn:
        result = await conn.execute(union_all(*queries))
        return {str(name): int(n) for name, n in result.all()}


async def snapshot(engine: AsyncEngine, tables: Iterable[Table]) -> dict[str, set[Row]]:
    """Every row of every table, as comparable tuples (JSON columns turned into text)."""
    state: dict[str, set[Row]] = {}
    async with engine.connect() as conn:
        for table in tables:
            result = await conn.execute(select(table))
            state[table.name] = {tuple(_hashable(v) for v in row) for row in result.all()}
    return state


def _hashable(value: Any) -> Any:
    if isinstance(value, list | dict):
        return repr(value)
    return value


def row_owner(table: Table, row: Row) -> tuple[Any, Any, Any]:
    """(platform, workspace_id, user_id) of a row; None for columns the table lacks."""
    columns = [c.name for c in table.columns]

    def get(name: str) -> Any:
        return row[columns.index(name)] if name in columns else None

    return get("platform"), get("workspace_id"), get("user_id")
