"""The hourly sweep drops everyone's expired import batches and nothing else, on both
databases, and the scheduler registers it once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.scheduler.component import SchedulerComponent
from adapters.scheduler.imports import (
    IMPORT_EXPIRY_JOB_ID,
    register_import_expiry,
    run_import_expiry,
)
from bot.bootstrap import build_services
from bot.domain import Actor
from bot.ports.imports import STAGED_FOR, UNDO_FOR, ContactImport, ImportStatus
from storage import tables
from storage.engine import session_factory
from storage.uow import SqlUnitOfWorkFactory
from tests.conftest import ALICE, BOB
from tests.fakes import FakeUnitOfWorkFactory

NOW = datetime.now(UTC)


def batch(
    owner: Actor, status: ImportStatus, created: datetime, applied: datetime | None
) -> ContactImport:
    return ContactImport(
        owner.platform,
        owner.workspace_id,
        owner.user_id,
        status.value,
        "CSV",
        rows=[{"line": 2, "name": "Ann Lee"}] if status is ImportStatus.STAGED else [],
        created_at=created,
        applied_at=applied,
    )


async def test_the_sweep_drops_what_expired_for_everyone(engine: AsyncEngine) -> None:
    uows = SqlUnitOfWorkFactory(session_factory(engine))
    old, fresh = NOW - STAGED_FOR - timedelta(minutes=1), NOW - timedelta(minutes=5)
    month_ago = NOW - UNDO_FOR - timedelta(minutes=1)
    kept = []
    async with uows() as uow:
        repo = uow.contact_imports  # (stage() replaces a person's staged batch: them last)
        await repo.stage(batch(ALICE, ImportStatus.APPLIED, month_ago, month_ago))
        kept.append((await repo.stage(batch(BOB, ImportStatus.APPLIED, old, old))).id)
        await repo.stage(batch(ALICE, ImportStatus.STAGED, old, None))
        kept.append((await repo.stage(batch(BOB, ImportStatus.STAGED, fresh, None))).id)
        await uow.commit()
    await run_import_expiry(engine)
    async with engine.connect() as conn:
        left = sorted((await conn.scalars(select(tables.contact_imports.c.id))).all())
    assert left == sorted(kept)


async def test_the_sweep_is_registered_once(engine: AsyncEngine) -> None:
    scheduler = SchedulerComponent(build_services(FakeUnitOfWorkFactory()), interval_seconds=60)
    register_import_expiry(scheduler, engine)
    register_import_expiry(scheduler, engine)
    assert scheduler.job_ids().count(IMPORT_EXPIRY_JOB_ID) == 1
