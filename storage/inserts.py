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
ORM's rules for the values: an attribute left None gets the column's Python default,
evaluated here as a flush would (so every statement is complete and runs as a direct
statement, storage/direct.py); one without a default is not sent, and what the database
makes of it comes back with RETURNING and is set on the object. Anything else pending in
the session is flushed first, so rows are written in the order the command made them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
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
from storage.direct import Direct, Row
from storage.engine import dialect_name


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
    # What the command did before this row is flushed first by the statement's autoflush.
    table: Table = inspect(type(item)).local_table
    values = _row_values(item)
    if dialect_name(session) != "postgresql" and item.number is None:
        await numbering.assign(session, [item])
    with_counter = item.number is None
    if not with_counter:
        values["number"] = item.number
    sent = tuple(values)
    _, sign = _counter_of(item)
    statement = _statement(
        (table.name, sent, 1, sign if with_counter else 0),
        lambda: _build(table, sent, 1, sign) if with_counter else _build_plain(table, sent),
    )
    params = _numbered_params([values]) if with_counter else dict(values)
    if with_counter:
        params |= _counter_values(item)
    _attach(session, item, (await statement.rows(session, params))[0], sent=sent)


async def insert_all_new(session: AsyncSession, items: Sequence[Any]) -> bool:
    """PostgreSQL: INSERT new rows of one numbered class and one owner (a command's
    check-ins) in one statement that also takes their numbers, and attach them as
    `insert_new` does. Returns False, having done nothing, for anything else (another
    database, several owners): the caller numbers them and leaves them to the flush.

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
    if dialect_name(session) != "postgresql":
        return False
    table: Table = inspect(model).local_table
    rows = [_row_values(i) for i in items]
    # A column some rows leave out (None, no default) is sent as NULL for them: the same.
    sent = tuple(c.key for c in table.columns if any(c.key in row for row in rows))
    _, sign = _counter_of(items[0])
    statement = _statement(
        (table.name, sent, len(items), sign), lambda: _build(table, sent, len(items), sign)
    )
    params = _numbered_params([{k: row.get(k) for k in sent} for row in rows])
    returned = await statement.rows(session, params | _counter_values(items[0]))
    by_number = {abs(row["number"]): row for row in returned}  # notices count down
    last = max(by_number)
    for offset, item in enumerate(items):
        _attach(session, item, by_number[last - len(items) + 1 + offset], sent=sent)
    return True


@dataclass(frozen=True)
class _ColumnPlan:
    """How one column of a numbered table is written: its attribute on the object and
    the Python default a flush would use for None (`_row_values`)."""

    column: str
    attribute: str
    default: Callable[[], Any] | None


_PLANS: dict[type[Any], list[_ColumnPlan]] = {}


def _plan(model: type[Any]) -> list[_ColumnPlan]:
    """Every column but the id and the number, worked out once per class."""
    found = _PLANS.get(model)
    if found is None:
        mapper = inspect(model)
        found = _PLANS[model] = [
            _ColumnPlan(column.key, mapper.get_property_by_column(column).key, _default(column))
            for column in mapper.local_table.columns
            if not column.primary_key and column.key != "number"
        ]
    return found


def _default(column: Column[Any]) -> Callable[[], Any] | None:
    """The column's Python-side default (values and callables only: see tables.py), or
    None; a type that stores None as a value (`should_evaluate_none`) gets none."""
    default = column.default
    if default is None or column.type.should_evaluate_none:
        return None
    arg = default.arg  # type: ignore[attr-defined]
    return (lambda: arg) if default.is_scalar else (lambda: arg(None))


def _row_values(item: Any) -> dict[str, Any]:
    """The column values `item`'s INSERT sends: its own, and for one left None the
    column's Python default (as a flush evaluates it). A column left None without a
    default is not sent: NULL, or what the database's default makes it (RETURNING
    brings that back). Never the id or the number."""
    values: dict[str, Any] = {}
    state = item.__dict__
    for plan in _plan(type(item)):
        value = state.get(plan.attribute)
        if value is None:
            if plan.default is None:
                continue
            value = plan.default()
        values[plan.column] = value
    return values


def _attach(session: AsyncSession, item: Any, row: Row, *, sent: Collection[str]) -> None:
    """`item` as its INSERT wrote it (id, number, and what the columns it left out
    defaulted to), joined to the session as if loaded: persistent, its history clean.
    The values go straight into the object's state, as the ORM's loading does: the
    object is not in a session yet, so there is no history to keep."""
    state = item.__dict__
    state["id"], state["number"] = row["id"], row["number"]
    for plan in _plan(type(item)):
        if plan.column not in sent:
            state[plan.attribute] = row[plan.column]
    make_transient_to_detached(item)
    session.add(item)


#: Statements by (table, columns sent, how many rows, number's sign or 0 for a number
#: given): built with bound parameters, so each shape is compiled once.
_BUILT: dict[tuple[str, tuple[str, ...], int, int], Direct] = {}


def _statement(key: tuple[str, tuple[str, ...], int, int], build: Callable[[], Any]) -> Direct:
    found = _BUILT.get(key)
    if found is None:
        found = _BUILT[key] = Direct(build())
    return found


def _numbered_params(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    return {f"{k}_{n}": value for n, row in enumerate(rows) for k, value in row.items()}


def _build_plain(table: Table, sent: tuple[str, ...]) -> Any:
    """A row whose number is already taken (SQLite: `numbering.assign`)."""
    values = {k: bindparam(k, type_=table.c[k].type) for k in sent}
    return insert(table).values(values).returning(*_returned(table, sent))


def _build(table: Table, sent: tuple[str, ...], count: int, sign: int) -> Any:
    """PostgreSQL: `count` rows numbered by the owner's counter in the same statement.
    A UNION ALL of one-row SELECTs rather than VALUES: SQLAlchemy cannot cache a
    statement with a VALUES list."""
    columns = [table.c[k] for k in sent]
    listed = union_all(
        *(
            select(
                *(bindparam(f"{c.key}_{n}", type_=c.type).label(c.key) for c in columns),
                literal_column(str(n + 1), Integer).label("ordinal"),
            )
            for n in range(count)
        )
    ).subquery("listed")
    counter = _counter(count)
    numbered = select(
        *[listed.c[k] for k in sent],
        ((counter.c.last - count + listed.c.ordinal) * sign).label("number"),
    ).select_from(listed.join(counter, true()))
    return (
        insert(table)
        .from_select([*columns, table.c.number], numbered)
        .returning(*_returned(table, sent))
    )


def _returned(table: Table, sent: Collection[str]) -> list[Column[Any]]:
    """The id, the number, and every column the INSERT left to its default."""
    return [table.c.id, table.c.number] + [
        c for c in table.columns if c.key not in sent and c.key not in ("id", "number")
    ]


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
