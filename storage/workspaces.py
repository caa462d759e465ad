"""Workspace lifecycle: schedule, cancel and carry out the purge of a whole tenant.

When a workspace removes the app, its tokens go at once (the adapter deletes them) but
its members' data is kept for a grace period, so an accidental uninstall followed by a
reinstall loses nothing. After the grace period a scheduled job erases every row of that
tenant (`purge_due`). Reinstalling before then cancels the purge.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Table, delete, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import tables


def tenant_tables() -> list[Table]:
    """Every table with tenant columns, children before parents (safe delete order)."""
    return [
        t
        for t in reversed(tables.metadata.sorted_tables)
        if "platform" in t.c and "workspace_id" in t.c and t is not tables.workspace_purges
    ]


async def schedule_purge(
    engine: AsyncEngine,
    platform: str,
    workspace_id: str,
    *,
    now: datetime,
    grace: timedelta,
    reason: str,
) -> datetime:
    """Record that the tenant's data goes after `grace`; an earlier request is kept."""
    t = tables.workspace_purges
    async with engine.begin() as conn:
        existing = (
            await conn.execute(
                select(t.c.purge_after).where(
                    t.c.platform == platform, t.c.workspace_id == workspace_id
                )
            )
        ).scalar_one_or_none()
        if existing is not None:
            return existing  # type: ignore[no-any-return]
        purge_after = now + grace
        await conn.execute(
            t.insert().values(
                platform=platform,
                workspace_id=workspace_id,
                reason=reason[:64],
                requested_at=now,
                purge_after=purge_after,
            )
        )
    return purge_after


async def cancel_purge(engine: AsyncEngine, platform: str, workspace_id: str) -> bool:
    t = tables.workspace_purges
    async with engine.begin() as conn:
        result = await conn.execute(
            delete(t).where(t.c.platform == platform, t.c.workspace_id == workspace_id)
        )
    return bool(getattr(result, "rowcount", 0))


async def purge_workspace(engine: AsyncEngine, platform: str, workspace_id: str) -> int:
    """Erase every row of one tenant in one transaction; returns how many rows went."""
    removed = 0
    async with engine.begin() as conn:
        for table in tenant_tables():
            scope = (table.c.platform == platform) & (table.c.workspace_id == workspace_id)
            for column in table.c:
                if any(fk.column.table is table for fk in column.foreign_keys):
                    await conn.execute(update(table).where(scope).values({column.name: None}))
            result = await conn.execute(delete(table).where(scope))
            removed += int(getattr(result, "rowcount", 0) or 0)
        t = tables.workspace_purges
        await conn.execute(
            delete(t).where(t.c.platform == platform, t.c.workspace_id == workspace_id)
        )
    return removed


async def due_purges(
    engine: AsyncEngine, now: datetime, platform: str | None = None
) -> list[tuple[str, str]]:
    """(platform, workspace_id) of every purge whose grace period is over."""
    t = tables.workspace_purges
    query = select(t.c.platform, t.c.workspace_id).where(t.c.purge_after <= now)
    if platform is not None:
        query = query.where(t.c.platform == platform)
    async with engine.connect() as conn:
        return [(p, w) for p, w in (await conn.execute(query.order_by(t.c.id))).all()]


async def purge_due(engine: AsyncEngine, now: datetime) -> list[tuple[str, str, int]]:
    """Purge every tenant whose grace period is over; returns (platform, id, rows)."""
    return [
        (platform, workspace_id, await purge_workspace(engine, platform, workspace_id))
        for platform, workspace_id in await due_purges(engine, now)
    ]
