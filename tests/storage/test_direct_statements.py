"""Statements sent straight to asyncpg (storage/direct.py) behave as the session's own:
same transaction, autoflush first, the session's objects, SQLAlchemy's errors without
the values, and the ordinary way on SQLite."""

from __future__ import annotations

import logging
import os

import pytest
from sqlalchemy import bindparam, event, exc, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.domain import Actor, Contact, UserSettings
from storage import tables
from storage.direct import Direct
from storage.engine import session_factory
from storage.repositories.base import owned_by_params, owner_params
from storage.uow import SqlUnitOfWorkFactory
from tests.conftest import migrated_database

ANN = Actor("slack", "T1", "U1", "Ann")
_t = tables.contacts
_COUNT = Direct(select(func.count()).select_from(_t).where(owned_by_params(_t)))
_BY_NAME = Direct(select(_t).where(owned_by_params(_t), _t.c.name == bindparam("name")))
_SETTINGS = Direct(
    insert(tables.user_settings).values(
        platform=bindparam("p"),
        workspace_id=bindparam("w"),
        user_id=bindparam("u"),
        timezone="Europe/Paris",
        quiet_start="21:00",
        quiet_end="08:00",
        keep_in_touch_days=bindparam("days", type_=tables.user_settings.c.keep_in_touch_days.type),
        paused=False,
        display_name=bindparam("secret"),
        about_me="",
        school="",
        goal="",
        pending_notice="",
        timezone_source="default",
        date_order="",
        standing="",
    )
)


def _contact(name: str) -> Contact:
    return Contact(ANN.platform, ANN.workspace_id, ANN.user_id, name, company="Acme")


async def _count(sql_uow: SqlUnitOfWorkFactory) -> int:
    async with sql_uow() as uow:
        [row] = await _COUNT.rows(uow.session, owner_params(ANN))
        return int(row[0])


async def test_a_direct_read_sees_what_the_session_has_not_written_yet(
    sql_uow: SqlUnitOfWorkFactory,
) -> None:
    async with sql_uow() as uow:
        uow.session.add(
            Contact(ANN.platform, ANN.workspace_id, ANN.user_id, "Pending Person", number=7)
        )
        [row] = await _COUNT.rows(uow.session, owner_params(ANN))
        assert row[0] == 1  # flushed first, as an ORM query would
        await uow.commit()
    assert await _count(sql_uow) == 1


async def test_direct_and_ordinary_statements_share_one_transaction(
    sql_uow: SqlUnitOfWorkFactory,
) -> None:
    async with sql_uow() as uow:
        await uow.contacts.add(_contact("Rolled Back"))
        # not committed: both the direct INSERT and the counter go
    assert await _count(sql_uow) == 0
    async with sql_uow() as uow:
        added = await uow.contacts.add(_contact("Kept"))
        assert added.number == 1
        await uow.commit()
    async with sql_uow() as uow:  # a new transaction after a commit: a new connection
        assert [c.name for c in await uow.contacts.find_by_name(ANN, "kept")] == ["Kept"]
        assert (await uow.contacts.add(_contact("Next"))).number == 2
        await uow.commit()
    assert await _count(sql_uow) == 2


async def test_loaded_rows_are_the_sessions_objects_and_changes_are_tracked(
    sql_uow: SqlUnitOfWorkFactory,
) -> None:
    async with sql_uow() as uow:
        first = await uow.contacts.add(_contact("Jo March"))
        same = await _BY_NAME.load(uow.session, Contact, owner_params(ANN, name="Jo March"))
        assert same == [first]
        assert same[0] is first  # the one the session holds, not a second copy
        await uow.commit()
    async with sql_uow() as uow:
        [loaded] = await _BY_NAME.load(uow.session, Contact, owner_params(ANN, name="Jo March"))
        assert loaded.research_done == []  # JSON decoded
        assert loaded.keep_in_touch is True
        assert loaded.company == "Acme"
        assert loaded in uow.session
        loaded.role = "Editor"  # tracked like any loaded object
        await uow.commit()
    async with sql_uow() as uow:
        [again] = await uow.contacts.find_by_name(ANN, "jo march")
        assert again.role == "Editor"


async def test_json_and_fixed_values_go_in_and_settings_come_back(
    sql_uow: SqlUnitOfWorkFactory,
) -> None:
    async with sql_uow() as uow:
        params = {"p": "slack", "w": "T1", "u": "U1", "days": [30, 90], "secret": "Ann"}
        await _SETTINGS.rows(uow.session, params)
        await uow.commit()
    async with sql_uow() as uow:
        found = await uow.settings.get(ANN)
        assert isinstance(found, UserSettings)
        assert (found.timezone, found.keep_in_touch_days) == ("Europe/Paris", [30, 90])


async def test_a_failed_statement_is_sqlalchemys_error_without_the_values(
    sql_uow: SqlUnitOfWorkFactory, caplog: pytest.LogCaptureFixture
) -> None:
    params = {"p": "slack", "w": "T1", "u": "U1", "days": [], "secret": "HIV status positive"}
    async with sql_uow() as uow:
        await _SETTINGS.rows(uow.session, params)
        with pytest.raises(exc.IntegrityError) as raised:  # the same person twice
            await _SETTINGS.rows(uow.session, params)
    assert "HIV" not in str(raised.value)
    logging.getLogger("test").error("failed", exc_info=raised.value)
    assert "HIV" not in caplog.text
    async with sql_uow() as uow:  # the pool's connection is still good
        assert await uow.settings.get(ANN) is None


def test_a_statement_leaving_python_defaults_to_sqlalchemy_is_refused() -> None:
    statement = Direct(insert(tables.user_settings).values(platform=bindparam("p")))
    with pytest.raises(ValueError, match="every column with a default"):
        statement._compile()


async def test_what_watches_the_engine_sees_direct_statements_too(
    sql_uow: SqlUnitOfWorkFactory, engine: AsyncEngine
) -> None:
    seen: list[str] = []

    def watch(_c: object, _cur: object, statement: str, *_rest: object) -> None:
        seen.append(statement.split()[0].upper())
        if "boom" in str(_rest[0]):
            raise exc.OperationalError(statement, None, Exception("injected"))

    event.listen(engine.sync_engine, "before_cursor_execute", watch)
    try:
        async with sql_uow() as uow:
            await _COUNT.rows(uow.session, owner_params(ANN))
            with pytest.raises(exc.StatementError):
                await _BY_NAME.rows(uow.session, owner_params(ANN, name="boom"))
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", watch)
    assert seen[:2] == ["SELECT", "SELECT"]


@pytest.mark.postgres
async def test_a_lost_connection_is_replaced_before_the_next_command(
    tmp_path: os.PathLike[str],
) -> None:
    backend = Direct(select(func.pg_backend_pid()))
    async with migrated_database("postgres", tmp_path) as engine:
        sql_uow = SqlUnitOfWorkFactory(session_factory(engine))
        async with sql_uow() as uow:
            [(pid,)] = await backend.rows(uow.session, {})
            async with engine.connect() as other:
                await other.execute(select(func.pg_terminate_backend(pid)))
            with pytest.raises(exc.DBAPIError):
                await _COUNT.rows(uow.session, owner_params(ANN))
        assert await _count(sql_uow) == 0  # not the dead connection again
