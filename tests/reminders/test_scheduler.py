"""The APScheduler runtime for real: its job API, start-up catch-up, and two dispatchers
on separate connections never sending one reminder twice (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import collections
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.runtime import build_app
from adapters.scheduler.component import DISPATCH_JOB_ID, SchedulerComponent
from adapters.settings import load_settings
from bot.bootstrap import build_services
from bot.domain import Actor, ReminderStatus
from bot.reminders.dispatch import DispatchConfig
from bot.reply import Reply
from bot.services import Services
from storage import tables
from storage.engine import create_engine, session_factory
from storage.numbering import number_rows
from storage.uow import SqlUnitOfWorkFactory
from tests.fakes import DmOnlyNotifier

FAST = DispatchConfig(rate_per_workspace=None, batch_size=100, concurrency=8)


class SharedRecorder(DmOnlyNotifier):
    def __init__(self) -> None:
        self.keys: list[str] = []

    async def send_dm(self, recipient: Actor, reply: Reply, *, idempotency_key: str) -> str:
        await asyncio.sleep(0)  # let the other dispatcher interleave
        self.keys.append(idempotency_key)
        return idempotency_key


async def tick() -> None:
    """A module-level job for the API tests."""


async def wait_for(predicate, seconds: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    for _ in range(int(seconds / 0.05)):
        if await predicate():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached in time")


async def seed(engine: AsyncEngine, count: int, due: datetime, users: int = 50) -> None:
    rows = [
        {
            "platform": "console",
            "workspace_id": f"w{i % 3}",
            "user_id": f"u{i % users}",
            "kind": "custom",
            "due_at": due,
            "text": f"note {i}",
            "status": "pending",
            "attempts": 0,
            "last_error": "",
            "late": False,
            "message_ref": "",
        }
        for i in range(count)
    ]
    async with engine.begin() as conn:
        await number_rows(conn, tables.reminders, rows)
        await conn.execute(insert(tables.reminders), rows)
        # Everyone may be reminded at any hour in these tests.
        await conn.execute(
            insert(tables.user_settings),
            [
                {
                    "platform": "console",
                    "workspace_id": f"w{w}",
                    "user_id": f"u{u}",
                    "quiet_start": "00:00",
                    "quiet_end": "00:00",
                    "keep_in_touch_days": [30, 90],
                }
                for u in range(users)
                for w in range(3)
            ],
        )


async def sent_count(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        result = await conn.execute(
            select(tables.reminders.c.id).where(
                tables.reminders.c.status == ReminderStatus.SENT.value
            )
        )
        return len(result.all())


async def test_job_api_uses_fixed_ids_and_refuses_closures() -> None:
    component = SchedulerComponent(Services(uow=None))  # type: ignore[arg-type]
    component.add_interval_job("digest", tick, seconds=60)
    component.add_interval_job("digest", tick, seconds=30)  # replaces, never duplicates
    component.add_cron_job("weekly", tick, cron="0 9 * * MON", timezone="Europe/Paris")
    component.add_cron_job("monthly", tick, day=1, hour=8)
    assert component.job_ids() == sorted([DISPATCH_JOB_ID, "digest", "monthly", "weekly"])
    component.scheduler.start(paused=True)  # job defaults apply once the scheduler starts
    component.add_interval_job("digest", tick, seconds=30)  # and replace once running
    assert component.job_ids() == sorted([DISPATCH_JOB_ID, "digest", "monthly", "weekly"])
    dispatch = component.scheduler.get_job(DISPATCH_JOB_ID)
    assert dispatch.misfire_grace_time is None
    assert dispatch.coalesce is True
    assert dispatch.max_instances == 1
    assert component.scheduler.get_job("digest").trigger.interval == timedelta(seconds=30)
    with pytest.raises(ValueError, match="module-level"):
        component.add_interval_job("bad", lambda: None, seconds=1)

    async def local() -> None: ...

    with pytest.raises(ValueError, match="module-level"):
        component.add_cron_job("bad", local, hour=1)
    assert component.remove_job("digest") is True
    assert component.remove_job("digest") is False
    component.scheduler.shutdown(wait=False)


async def test_started_scheduler_delivers_what_came_due_while_down(engine: AsyncEngine) -> None:
    await seed(engine, 30, datetime.now(UTC) - timedelta(hours=3))
    recorder = SharedRecorder()
    services = build_services(SqlUnitOfWorkFactory(session_factory(engine)), notifier=recorder)
    component = SchedulerComponent(services, interval_seconds=0.1, dispatch_config=FAST)
    await component.start()
    try:
        await wait_for(lambda: _at_least(engine, 30))
        assert component.health_reason() is None
    finally:
        await component.stop()
    assert sorted(recorder.keys) == sorted(set(recorder.keys))
    assert len(recorder.keys) == 30
    async with engine.connect() as conn:
        late = await conn.scalar(
            select(tables.reminders.c.id).where(tables.reminders.c.late.is_(False)).limit(1)
        )
    assert late is None  # every one of them is marked late
    assert component.health_reason() == "scheduler not running"


async def _at_least(engine: AsyncEngine, count: int) -> bool:
    return await sent_count(engine) >= count


async def _second_engine(engine: AsyncEngine) -> AsyncEngine:
    url = engine.url.render_as_string(hide_password=False)
    if engine.dialect.name != "postgresql":
        return create_engine(url)
    async with engine.connect() as conn:
        schema = (await conn.execute(text("SHOW search_path"))).scalar_one()
    return create_engine(url, schema=schema.strip('"'))


async def test_two_dispatchers_never_send_one_reminder_twice(engine: AsyncEngine) -> None:
    total = 3000
    await seed(engine, total, datetime.now(UTC) - timedelta(seconds=5), users=200)
    other = await _second_engine(engine)
    recorder = SharedRecorder()
    components = [
        SchedulerComponent(
            build_services(SqlUnitOfWorkFactory(session_factory(eng)), notifier=recorder),
            interval_seconds=0.05,
            dispatch_config=FAST,
        )
        for eng in (engine, other)
    ]
    try:
        for component in components:
            await component.start()
        await wait_for(lambda: _at_least(engine, total), seconds=240)
    finally:
        for component in components:
            await component.stop()
        await other.dispose()
    repeats = [k for k, n in collections.Counter(recorder.keys).items() if n > 1]
    assert repeats == []
    assert len(recorder.keys) == total


async def test_build_app_wires_scheduler_listener_and_notice(tmp_path: Path) -> None:
    settings = load_settings(
        INROADS_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path}/app.sqlite3",
        INROADS_DISPATCH_INTERVAL_SECONDS=0.1,
    )
    app = await build_app(settings)
    try:
        assert app.scheduler is not None
        assert app.scheduler.interval_seconds == 0.1
        assert any(type(x).__name__ == "CadenceListener" for x in app.services.journal_listeners)
        recorder = SharedRecorder()
        app.notifier.register("console", recorder)
        me = Actor("console", "local", "me")
        await app.dispatcher.run_text(me, "checkin settings quiet:off")
        out = await app.dispatcher.run_text(me, 'checkin add Jane "in 1 second" "Say hi"')
        assert "Check-in #1 set" in out.plain_text()
        await app.scheduler.start()
        try:
            await wait_for(lambda: _keys_nonempty(recorder), seconds=30)
        finally:
            await app.scheduler.stop()
        assert recorder.keys == ["reminder-1"]
    finally:
        await app.close()


async def _keys_nonempty(recorder: SharedRecorder) -> bool:
    return bool(recorder.keys)
