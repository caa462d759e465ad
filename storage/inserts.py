"""Adding one new numbered row (a contact, an interview, an action item, a question)
with a Core INSERT instead of a unit-of-work flush, numbered in the same statement.

Why: a full `interview log` adds a contact and an interview, and each `add` flushed the
session (the ORM sorts, diffs and post-fetches a whole unit of work to write one row)
after its own round trip for the per-person number (storage/numbering.py). Profiled on
PostgreSQL, those two adds with their numbers were about a third of the command's
database work. Here each is one statement: on PostgreSQL the counter upsert is a
data-modifying CTE of the INSERT (``WITH counter AS (INSERT ... ON CONFLICT DO UPDATE
... RETURNING last) INSERT INTO contacts (..., number) SELECT ..., counter.last FROM
counter RETURNING id, number``), so taking the number still locks the person's counter
row until commit, exactly as before; SQLite has no DML in a CTE and no network, so there
the upsert stays a statement of its own.

The object then joins the session as if loaded (persistent, its history clean): later
changes to it are tracked and flushed as UPDATEs, as before. The INSERT follows the
ORM's rules for the values: an attribute left None is not sent, so the column's default
applies, and the stored values of such columns come back with RETURNING and are set on
the object. Anything else pending in the session is flushed first, so rows are written
in the order the command made them, as a flush would.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import (
    Column,
    Integer,
    Table,
    bindparam,
    insert,
    inspect,
    literal_column,
    select,
    true,
    union_all,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached

from storage import numbering, tables

#: Statements by (table, dialect, columns sent, number's sign): built once each.
_BUILT: dict[tuple[str, str, tuple[str, ...], int], Any] = {}


def handles(item: object) -> bool:
    """A new (transient) object of a numbered class without an id of its own: the rows
    `insert_new` writes (one given an id is left to the unit of work, which sends it)."""
    return (
        type(item) in numbering.KINDS
        and getattr(item, "id", None) is None
        and inspect(item).transient
    )


async def insert_new(session: AsyncSession, item: Any) -> None:
    """INSERT `item` (see `handles`), give it its id and number, and attach it."""
    if session.new or session.deleted or session.dirty:
        await session.flush()  # what the command did before this row goes first
    mapper = inspect(type(item))
    table: Table = mapper.local_table
    values: dict[str, Any] = {}
    for column in table.columns:
        if column.primary_key or column.key == "number":
            continue
        value = getattr(item, mapper.get_property_by_column(column).key)
        if value is None and not column.type.should_evaluate_none:
            continue  # as the ORM does: the column's default applies
        values[column.key] = value
    with session.no_autoflush:
        connection = await session.connection()
    dialect = connection.dialect.name
    sent = tuple(values)
    if dialect != "postgresql" and item.number is None:
        await numbering.assign(session, [item])
    if dialect != "postgresql" or item.number is not None:
        values["number"] = item.number
        sent = (*sent, "number")
    _, sign = _counter_of(item)
    key = (table.name, dialect if "number" not in sent else "", sent, sign)
    statement = _BUILT.get(key)
    if statement is None:
        with_counter = "number" not in sent
        statement = _BUILT[key] = _build(table, sent, with_counter=with_counter, sign=sign)
    if "number" not in sent:
        values |= _counter_values(item)
    _attach(session, item, (await connection.execute(statement, values)).one(), sent=values)


async def insert_all_new(session: AsyncSession, items: Sequence[Any]) -> bool:
    """PostgreSQL: INSERT new rows of one numbered class and one owner (a command's
    check-ins) in one statement that also takes their numbers, and attach them as
    `insert_new` does. Returns False, having done nothing, for anything else (another
    database, several owners, a column some rows leave to its default and others set):
    the caller numbers them and leaves them to the flush, as before.

    Why: a logged conversation adds two or three check-ins; the counter upsert and the
    unit of work's INSERT of them were two round trips and a flush per command."""
    if not items or not all(handles(i) and i.number is None for i in items):
        return False
    model = type(items[0])
    kind = numbering.KINDS[model]
    owners = {
        (i.platform, i.workspace_id, numbering.owner_of(i, kind), _counter_of(i)) for i in items
    }
    if any(type(i) is not model for i in items) or len(owners) != 1:
        return False
    mapper = inspect(model)
    table: Table = mapper.local_table
    columns = [c for c in table.columns if not c.primary_key and c.key != "number"]
    rows = [
        {c.key: getattr(i, mapper.get_property_by_column(c).key) for c in columns} for i in items
    ]
    sent = [c for c in columns if any(row[c.key] is not None for row in rows)]
    if any(
        row[c.key] is None and (c.default is not None or c.server_default is not None)
        for c in sent
        for row in rows
    ):
        return False  # NULL sent for a column with a default would not be the default
    with session.no_autoflush:
        connection = await session.connection()
    if connection.dialect.name != "postgresql":
        return False
    if session.new or session.deleted or session.dirty:
        await session.flush()  # what the command did before these rows goes first
    keys = tuple(c.key for c in sent)
    _, sign = _counter_of(items[0])
    built = (table.name, keys, len(items), sign)
    statement = _BUILT_MANY.get(built)
    if statement is None:
        statement = _BUILT_MANY[built] = _build_many(table, sent, len(items), sign)
    params = {f"{k}_{n}": row[k] for n, row in enumerate(rows) for k in keys}
    params |= _counter_values(items[0])
    returned = (await connection.execute(statement, params)).all()
    by_number = {abs(row.number): row for row in returned}  # notices count down
    last = max(by_number)
    for offset, item in enumerate(items):
        _attach(session, item, by_number[last - len(items) + 1 + offset], sent=keys)
    return True


def _attach(session: AsyncSession, item: Any, row: Any, *, sent: Collection[str]) -> None:
    """`item` as its INSERT wrote it (id, number, and what the columns it left out
    defaulted to), joined to the session as if loaded: persistent, its history clean."""
    mapper = inspect(type(item))
    item.id, item.number = row.id, row.number
    for column in mapper.local_table.columns:
        if column.key not in sent and column.key not in ("id", "number"):
            setattr(item, mapper.get_property_by_column(column).key, row._mapping[column.key])
    make_transient_to_detached(item)
    session.add(item)


#: The same for several rows at once, by (table, columns sent, how many rows): built with
#: bound parameters, so each shape is compiled once (literal VALUES were compiled anew
#: for every command, which cost more than the round trips it saved).
_BUILT_MANY: dict[tuple[str, tuple[str, ...], int, int], Any] = {}


def _build_many(table: Table, sent: Sequence[Column[Any]], count: int, sign: int) -> Any:
    # A UNION ALL of one-row SELECTs rather than VALUES: SQLAlchemy cannot cache a
    # statement with a VALUES list, so it would be compiled again for every command.
    listed = union_all(
        *(
            select(
                *(bindparam(f"{c.key}_{n}", type_=c.type).label(c.key) for c in sent),
                literal_column(str(n + 1), Integer).label("ordinal"),
            )
            for n in range(count)
        )
    ).subquery("listed")
    counter = _counter(count)
    numbered = select(
        *[listed.c[c.key] for c in sent],
        ((counter.c.last - count + listed.c.ordinal) * sign).label("number"),
    ).select_from(listed.join(counter, true()))
    keys = tuple(c.key for c in sent)
    return (
        insert(table)
        .from_select([*(table.c[k] for k in keys), table.c.number], numbered)
        .returning(*_returned(table, keys))
    )


def _returned(table: Table, sent: tuple[str, ...]) -> list[Column[Any]]:
    """The id, the number, and every column the INSERT left to its default."""
    return [table.c.id, table.c.number] + [
        c for c in table.columns if c.key not in sent and c.key not in ("id", "number")
    ]


def _build(table: Table, sent: tuple[str, ...], *, with_counter: bool, sign: int) -> Any:
    returned = _returned(table, sent)
    if not with_counter:
        return insert(table).returning(*returned)
    counter = _counter(1)
    chosen = [table.c[name] for name in sent]
    number = (counter.c.last * sign).label("number")
    row = select(*[bindparam(c.key, type_=c.type) for c in chosen], number)
    return (
        insert(table)
        .from_select([*chosen, table.c.number], row, include_defaults=True)
        .returning(*returned)
    )


def _counter(step: int) -> Any:
    """The owner's counter moved on by `step`, as a CTE returning its new last number:
    the upsert takes the counter row's lock until commit, as `numbering.assign` does."""
    t = tables.owner_counters
    return (
        postgresql.insert(t)
        .values(
            platform=bindparam("n_platform"),
            workspace_id=bindparam("n_workspace"),
            user_id=bindparam("n_user"),
            kind=bindparam("n_kind"),
            last=step,
        )
        .on_conflict_do_update(
            index_elements=[t.c.platform, t.c.workspace_id, t.c.user_id, t.c.kind],
            set_={"last": t.c.last + step},
        )
        .returning(t.c.last)
        .cte("counter")
    )


def _counter_of(item: Any) -> tuple[str, int]:
    """The counter `item` is numbered from, and its numbers' sign (numbering.counter_for)."""
    return numbering.counter_for(numbering.KINDS[type(item)], getattr(item, "kind", None))


def _counter_values(item: Any) -> dict[str, Any]:
    kind = numbering.KINDS[type(item)]
    return {
        "n_platform": item.platform,
        "n_workspace": item.workspace_id,
        # A group's rounds and matches count under the group (``""``), not a person.
        "n_user": numbering.owner_of(item, kind),
        "n_kind": _counter_of(item)[0],
    }
