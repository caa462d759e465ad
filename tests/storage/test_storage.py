from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import event, inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain import Actor, Contact, Interview, Reminder
from bot.ports.journal import ContactName
from storage.migrate import downgrade, upgrade
from storage.uow import SqlUnitOfWorkFactory
from tests.conftest import ALICE, BOB, CoreHarness

OTHER_WS = Actor("console", "w2", "alice")
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


async def _tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))


async def test_migrations_go_down_and_up_again(engine: AsyncEngine) -> None:
    assert {"contacts", "interviews", "reminders", "profiles", "matches"} <= await _tables(engine)
    await downgrade(engine, "base")
    assert await _tables(engine) <= {"alembic_version"}
    await upgrade(engine)
    assert "interviews" in await _tables(engine)


async def test_models_match_migrations(engine: AsyncEngine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from storage.tables import metadata

    def diff(sync_conn):  # type: ignore[no-untyped-def]
        return compare_metadata(MigrationContext.configure(sync_conn), metadata)

    async with engine.connect() as conn:
        assert await conn.run_sync(diff) == []


async def test_roundtrip_and_scoping(sql_uow: SqlUnitOfWorkFactory) -> None:
    async with sql_uow() as uow:
        jane = await uow.contacts.add(
            Contact("console", "w1", "alice", "Jane", company="Acme", created_at=NOW)
        )
        await uow.contacts.add(Contact("console", "w2", "alice", "Jane", company="Acme"))
        await uow.interviews.add(
            Interview(
                "console",
                "w1",
                "alice",
                contact_id=jane.id or 0,
                held_at=NOW,
                questions_asked=["q1"],
            )
        )
        await uow.commit()
    async with sql_uow() as uow:
        found = await uow.contacts.find_by_name(ALICE, "JANE", "acme")
        assert [c.id for c in found] == [jane.id]
        assert found[0].created_at == NOW
        assert await uow.contacts.list(BOB) == []
        assert len(await uow.contacts.list(OTHER_WS)) == 1
        interviews = await uow.interviews.list(ALICE)
        assert interviews[0].questions_asked == ["q1"]
        assert interviews[0].held_at is not None
        assert interviews[0].held_at.tzinfo is not None
        assert await uow.interviews.get(BOB, interviews[0].id or 0) is None


async def test_a_name_lookup_is_one_statement_either_way(
    engine: AsyncEngine, sql_uow: SqlUnitOfWorkFactory
) -> None:
    """The name as stored (any case) with whole contacts, or, when nobody has it, every
    contact's light row; never another person's, and one statement for either answer."""
    async with sql_uow() as uow:
        jane = await uow.contacts.add(Contact("console", "w1", "alice", "Jane Roe", company="Acme"))
        also = await uow.contacts.add(Contact("console", "w1", "alice", "JANE ROE", role="chef"))
        kim = await uow.contacts.add(Contact("console", "w1", "alice", "Kim Lee", company="Bolt"))
        await uow.contacts.add(Contact("console", "w2", "alice", "Jane Roe"))
        await uow.contacts.add(Contact("console", "w1", "bob", "Jane Roe"))
        await uow.commit()
    statements: list[str] = []

    def count(_c: object, _cur: object, sql: str, *_rest: object) -> None:
        statements.append(sql)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        async with sql_uow() as uow:
            found = await uow.contacts.lookup_name(ALICE, "  jane roe ")
            assert [(c.id, c.name, c.role) for c in found.exact] == [
                (jane.id, "Jane Roe", ""),
                (also.id, "JANE ROE", "chef"),
            ]
            assert found.names == []
            assert found.exact[0] is await uow.contacts.get(ALICE, jane.id or 0)
            missing = await uow.contacts.lookup_name(ALICE, "Jnae Roe")
            assert missing.exact == []
            assert missing.names == [
                ContactName(jane.id or 0, "Jane Roe", "Acme"),
                ContactName(also.id or 0, "JANE ROE", ""),
                ContactName(kim.id or 0, "Kim Lee", "Bolt"),
            ]
            nobody = await uow.contacts.lookup_name(BOB, "Kim Lee")
            assert nobody.exact == []
            assert [n.name for n in nobody.names] == ["Jane Roe"]
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    lookups = [s for s in statements if "named" in s]
    assert len(lookups) == 3, statements


async def test_uncommitted_work_is_rolled_back(sql_uow: SqlUnitOfWorkFactory) -> None:
    async with sql_uow() as uow:
        await uow.contacts.add(Contact("console", "w1", "alice", "Jane"))
    async with sql_uow() as uow:
        assert await uow.contacts.list(ALICE) == []


async def test_claim_due_takes_each_reminder_once(sql_uow: SqlUnitOfWorkFactory) -> None:
    async with sql_uow() as uow:
        for minutes in (-5, -1, 10):
            await uow.reminders.add(
                Reminder(
                    "console", "w1", "alice", "custom", due_at=NOW + timedelta(minutes=minutes)
                )
            )
        await uow.commit()
    async with sql_uow() as uow:
        first = await uow.reminders.claim_due(NOW, limit=10, lease_seconds=60, token="a")
        await uow.commit()
    async with sql_uow() as uow:
        second = await uow.reminders.claim_due(NOW, limit=10, lease_seconds=60, token="b")
        await uow.commit()
    assert len(first) == 2
    assert second == []
    async with sql_uow() as uow:
        expired = await uow.reminders.claim_due(
            NOW + timedelta(minutes=2), limit=10, lease_seconds=60, token="c"
        )
        await uow.commit()
    assert {r.id for r in expired} == {r.id for r in first}
    assert all(r.attempts == 2 for r in expired)


async def test_forget_user_erases_only_that_user(sql_core: CoreHarness) -> None:
    await sql_core.say('interview log "Jane" company:Acme', ALICE)
    await sql_core.say('interview log "Jane" company:Acme', BOB)
    async with sql_core.uow() as uow:
        assert await uow.forget_user(ALICE) >= 2
        await uow.commit()
    assert "empty" in await sql_core.say("interview list", ALICE)
    assert "Jane" in await sql_core.say("interview list", BOB)


async def test_commands_on_a_real_database(sql_core: CoreHarness) -> None:
    assert "Logged" in await sql_core.say(
        'interview log "Ana Li" company:Initech when:"2026-11-03 10:00"'
    )
    assert "Ana Li (Initech) · held · Tue 3 Nov 2026 10:00" in await sql_core.say("interview list")
    assert "isn't a medium" in await sql_core.say("interview log Bo medium:fax")
    assert "Bo" not in await sql_core.say("interview list")


async def test_new_people_get_the_community_time_zone(engine: AsyncEngine) -> None:
    from storage.engine import session_factory

    factory = SqlUnitOfWorkFactory(session_factory(engine), default_timezone="Europe/Paris")
    async with factory() as uow:
        assert (await uow.settings.get_or_default(ALICE)).timezone == "Europe/Paris"


async def test_the_community_time_zone_reads_dates() -> None:
    from bot.bootstrap import build_dispatcher, build_services
    from bot.services import CoreConfig
    from tests.fakes import FakeUnitOfWorkFactory, FixedClock

    uow = FakeUnitOfWorkFactory(default_timezone="America/New_York")
    services = build_services(
        uow, clock=FixedClock(), config=CoreConfig(default_timezone="America/New_York")
    )
    reply = await build_dispatcher(services).run_text(
        ALICE, 'interview log Jane when:"2026-11-03 10:00"'
    )
    assert "10:00 (America/New_York)" in reply.plain_text()
