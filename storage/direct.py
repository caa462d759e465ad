"""The statements every command runs, sent straight to asyncpg on PostgreSQL.

Why: profiled on PostgreSQL, a full `interview log` spent more of its server CPU in
SQLAlchemy's execution path than in anything else: per statement, the parameters are
rebuilt, a greenlet is switched into and out of, a cursor and a result proxy are made,
and ORM rows are loaded one instrumented attribute at a time. Measured on one kept
statement (storage/repositories/base.py `kept`), a round trip cost about 135 µs of CPU
through the ORM, 86 µs through Core, and 34 µs on asyncpg itself.

A :class:`Direct` statement is still written and compiled by SQLAlchemy (once per
process: the same SQL text, the same bound types and their processors), then run on
the session's own asyncpg connection, inside the session's transaction: started the
way SQLAlchemy starts it when it is not yet open, so a command's direct and ordinary
statements commit or roll back together. Before it runs, whatever the session holds
unwritten is flushed, as an ORM query's autoflush would.

Anything else goes the ordinary way, with the same statement and parameters: SQLite,
or a SQLAlchemy whose asyncpg adapter no longer looks as this module expects (then a
warning is logged once, and the figures drop back to what they were; nothing breaks).
A failed statement raises SQLAlchemy's DBAPIError, without its parameters, exactly as
the engine's `hide_parameters` does; a lost connection is invalidated, so the pool
replaces it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar, cast

from sqlalchemy import Connection, exc, inspect
from sqlalchemy.dialects.postgresql.asyncpg import PGDialect_asyncpg
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import configure_mappers, make_transient_to_detached
from sqlalchemy.sql import ClauseElement, Executable
from sqlalchemy.sql.compiler import SQLCompiler

from storage.engine import dialect_name

log = logging.getLogger(__name__)

#: Compiles to asyncpg's own placeholders ($1, $2, ...), whatever the dialect's default.
_DIALECT = PGDialect_asyncpg(paramstyle="numeric_dollar")  # type: ignore[no-untyped-call]
#: Where, on the session, the transaction's asyncpg connection is remembered.
_KEY = "inroads_direct"
#: What the adapter must offer (SQLAlchemy 2.x's AsyncAdapt_asyncpg_connection).
_ADAPTER_NEEDS = (
    "_connection",
    "_transaction",
    "_start_transaction",
    "_execute_mutex",
    "_handle_exception",
    "dbapi",
)
_warned = [False]
T = TypeVar("T")


class Row(Protocol):
    """What a direct statement's rows offer (asyncpg's Record): by position or name."""

    def __getitem__(self, key: int | str) -> Any: ...

    def __iter__(self) -> Iterator[Any]: ...


class _SqlRow:
    """A SQLAlchemy row offered as asyncpg's Record is (the ordinary way's rows)."""

    __slots__ = ("_row",)

    def __init__(self, row: Any) -> None:
        self._row = row

    def __getitem__(self, key: int | str) -> Any:
        return self._row._mapping[key] if isinstance(key, str) else self._row[key]

    def __iter__(self) -> Iterator[Any]:
        return iter(self._row)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    names: tuple[str, ...]
    processors: tuple[Callable[[Any], Any] | None, ...]
    #: The values written into the statement itself (``status == "pending"``).
    fixed: dict[str, Any]


class Direct:
    """One statement, compiled lazily, once per process; values written into it (a
    `status == "pending"`) go as parameters too, like every other value."""

    def __init__(self, statement: ClauseElement) -> None:
        self.statement = statement
        self._compiled: _Compiled | None = None

    def _compile(self) -> _Compiled:
        compiled = self._compiled
        if compiled is None:
            built = cast(SQLCompiler, self.statement.compile(dialect=_DIALECT))
            if built.insert_prefetch or built.update_prefetch:
                # SQLAlchemy computes those values as it executes; this path does not.
                raise ValueError("a direct statement must set every column with a default")
            names = tuple(built.positiontup or ())
            binds = [built.binds[name] for name in names]
            compiled = self._compiled = _Compiled(
                str(built),
                names,
                tuple(b.type.dialect_impl(_DIALECT).bind_processor(_DIALECT) for b in binds),
                {n: b.effective_value for n, b in zip(names, binds, strict=True) if not b.required},
            )
        return compiled

    async def rows(self, session: AsyncSession, params: Mapping[str, Any]) -> Sequence[Row]:
        """The statement's rows (after an autoflush), in the session's transaction."""
        await _autoflush(session)
        found = await _adapter(session)
        if found is None:
            result = await session.execute(cast(Executable, self.statement), dict(params))
            returns_rows = getattr(result, "returns_rows", True)
            return [_SqlRow(row) for row in result.all()] if returns_rows else []
        adapter, connection = found
        compiled = self._compile()
        given = compiled.fixed | dict(params) if compiled.fixed else params
        values = [
            given[name] if process is None else process(given[name])
            for name, process in zip(compiled.names, compiled.processors, strict=True)
        ]
        async with adapter._execute_mutex:
            try:
                # What watches the engine's statements (benchmarks counting them, fault
                # injection in tests) sees these too.
                if connection.dispatch.before_cursor_execute:
                    connection.dispatch.before_cursor_execute(
                        connection, None, compiled.sql, tuple(values), None, False
                    )
                if adapter._transaction is None:
                    await adapter._start_transaction()
                rows: Sequence[Row] = await adapter._connection.fetch(compiled.sql, *values)
            except Exception as error:
                raise await _translated(session, adapter, compiled.sql, error) from error
        return rows

    async def load(
        self, session: AsyncSession, model: type[T], params: Mapping[str, Any]
    ) -> list[T]:
        """The statement's rows as `model` objects of the session (a SELECT of the
        mapped table's columns): one the session already holds is returned as it is
        there, as an ORM query returns it; others join the session as loaded."""
        return attached(session, model, await self.rows(session, params))


def attached(session: AsyncSession, model: type[T], rows: Sequence[Row]) -> list[T]:
    """Rows of `model`'s table as persistent objects of `session` (see `Direct.load`)."""
    if not rows:
        return []
    mapper = inspect(model)
    columns = _columns_of(model)
    if isinstance(rows[0], _SqlRow):  # the ordinary way: SQLAlchemy processed the values
        columns = [(attribute, column, None) for attribute, column, _ in columns]
    found: list[T] = []
    identity_map = session.sync_session.identity_map
    for row in rows:
        key = mapper.identity_key_from_primary_key((row["id"],))
        held = identity_map.get(key)
        if held is not None:
            found.append(held)
            continue
        item = mapper.class_manager.new_instance()
        state_dict = item.__dict__
        for attribute, column, process in columns:
            value = row[column]
            state_dict[attribute] = value if process is None else process(value)
        make_transient_to_detached(item)
        session.add(item)
        found.append(item)
    return found


_COLUMNS: dict[type[Any], list[tuple[str, str, Callable[[Any], Any] | None]]] = {}


def _columns_of(model: type[Any]) -> list[tuple[str, str, Callable[[Any], Any] | None]]:
    """(attribute, column, result processor) of each of `model`'s table columns."""
    found = _COLUMNS.get(model)
    if found is None:
        configure_mappers()  # an ORM query would have; the attributes need it
        mapper = inspect(model)
        found = _COLUMNS[model] = [
            (
                mapper.get_property_by_column(column).key,
                column.key,
                column.type.dialect_impl(_DIALECT).result_processor(_DIALECT, None),
            )
            for column in mapper.local_table.columns
        ]
    return found


async def _autoflush(session: AsyncSession) -> None:
    if session.sync_session.autoflush and (session.new or session.dirty or session.deleted):
        await session.flush()


async def _adapter(session: AsyncSession) -> tuple[Any, Connection] | None:
    """The asyncpg adapter of the session's transaction and its (sync) connection, or
    None to go the ordinary way."""
    sync = session.sync_session
    remembered = sync.info.get(_KEY)
    transaction = sync.get_transaction()
    if remembered is not None and transaction is not None and remembered[0] is transaction:
        return remembered[1]  # type: ignore[no-any-return]
    if dialect_name(session) != "postgresql":
        return None
    connection = await session.connection()
    adapter = (await connection.get_raw_connection()).dbapi_connection
    if not all(hasattr(adapter, name) for name in _ADAPTER_NEEDS):
        if not _warned[0]:
            _warned[0] = True
            log.warning("direct statements are off: this SQLAlchemy's asyncpg adapter differs")
        return None
    found = (adapter, cast(Connection, connection.sync_connection))
    sync.info[_KEY] = (sync.get_transaction(), found)
    return found


async def _translated(session: AsyncSession, adapter: Any, sql: str, error: Exception) -> Exception:
    """`error` as SQLAlchemy would raise it (parameters hidden); a broken connection is
    invalidated first, so the pool opens a new one."""
    try:
        adapter._handle_exception(error)
    except Exception as translated:  # the adapter's DB-API error for this asyncpg one
        error = translated
    if _DIALECT.is_disconnect(error, adapter, None):  # type: ignore[no-untyped-call]
        connection = await session.connection()
        await connection.invalidate(error)
    return exc.DBAPIError.instance(
        sql, None, error, adapter.dbapi.Error, hide_parameters=True, dialect=_DIALECT
    )
