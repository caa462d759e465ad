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

from typing import Any

from sqlalchemy import Column, Table, bindparam, insert, inspect, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached

from storage import numbering, tables

#: Statements by (table, dialect, columns sent): built once each.
_BUILT: dict[tuple[str, str, tuple[str, ...]], Any] = {}


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
    key = (table.name, dialect if "number" not in sent else "", sent)
    statement = _BUILT.get(key)
    if statement is None:
        statement = _BUILT[key] = _build(table, sent, with_counter="number" not in sent)
    if "number" not in sent:
        values |= _counter_values(item)
    row = (await connection.execute(statement, values)).one()
    item.id = row.id
    item.number = row.number
    for column in table.columns:
        if column.key not in values and column.key not in ("id", "number"):
            setattr(item, mapper.get_property_by_column(column).key, row._mapping[column.key])
    make_transient_to_detached(item)
    session.add(item)


def _returned(table: Table, sent: tuple[str, ...]) -> list[Column[Any]]:
    """The id, the number, and every column the INSERT left to its default."""
    return [table.c.id, table.c.number] + [
        c for c in table.columns if c.key not in sent and c.key not in ("id", "number")
    ]


def _build(table: Table, sent: tuple[str, ...], *, with_counter: bool) -> Any:
    returned = _returned(table, sent)
    if not with_counter:
        return insert(table).returning(*returned)
    t = tables.owner_counters
    counter = (
        postgresql.insert(t)
        .values(
            platform=bindparam("n_platform"),
            workspace_id=bindparam("n_workspace"),
            user_id=bindparam("n_user"),
            kind=bindparam("n_kind"),
            last=1,
        )
        .on_conflict_do_update(
            index_elements=[t.c.platform, t.c.workspace_id, t.c.user_id, t.c.kind],
            set_={"last": t.c.last + 1},
        )
        .returning(t.c.last)
        .cte("counter")
    )
    chosen = [table.c[name] for name in sent]
    row = select(*[bindparam(c.key, type_=c.type) for c in chosen], counter.c.last.label("number"))
    return (
        insert(table)
        .from_select([*chosen, table.c.number], row, include_defaults=True)
        .returning(*returned)
    )


def _counter_values(item: Any) -> dict[str, Any]:
    kind = numbering.KINDS[type(item)]
    return {
        "n_platform": item.platform,
        "n_workspace": item.workspace_id,
        # A group's rounds and matches count under the group (``""``), not a person.
        "n_user": numbering.owner_of(item, kind),
        "n_kind": kind,
    }
