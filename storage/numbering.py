"""Per-person numbers: every new contact, interview, check-in, action item and question
gets the next number of its owner and kind, in the transaction that writes it.

Primary keys are one global sequence and stay inside the server; what people see and
type is `number`, counted per (platform, workspace, user) and kind from 1. The last one
handed out lives in `owner_counters`, so deleting #2 and adding a row gives #3: a number
someone remembers, or an old button, can never name a different record.

Numbers are assigned in a `before_flush` hook, so every way a row reaches the database
(a repository's `add`, `add_all`'s batched insert, a handler's `session.add`) gets one.
Each owner and kind costs one statement per flush, however many rows it adds: an upsert
that creates the counter on first use and returns the raised value (`INSERT ... ON
CONFLICT DO UPDATE ... RETURNING`, on SQLite and PostgreSQL alike). On PostgreSQL the
upsert locks the counter row until commit, so two transactions of one person take turns
and never share a number; other people's counters are other rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, event, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import Session, UOWTransaction
from sqlalchemy.sql.dml import ReturningInsert

from bot import domain
from storage import tables

#: The counter kind of each numbered class (the migration 0010 uses the same names).
KINDS: dict[type[Any], str] = {
    domain.Contact: "contact",
    domain.Interview: "interview",
    domain.Reminder: "reminder",
    domain.ActionItem: "action_item",
    domain.CustomQuestion: "question",
}
#: The same kinds by table name, for Core inserts (:func:`number_rows`).
TABLE_KINDS = {
    "contacts": "contact",
    "interviews": "interview",
    "reminders": "reminder",
    "action_items": "action_item",
    "custom_questions": "question",
}
_installed = False


def install() -> None:
    """Idempotent: hook the number assignment into every ORM session."""
    global _installed
    if not _installed:
        event.listen(Session, "before_flush", _assign_numbers)
        _installed = True


def _assign_numbers(session: Session, context: UOWTransaction, instances: object) -> None:
    waiting: dict[tuple[str, str, str, str], list[Any]] = {}
    for item in session.new:
        kind = KINDS.get(type(item))
        if kind is not None and item.number is None:
            key = (item.platform, item.workspace_id, item.user_id, kind)
            waiting.setdefault(key, []).append(item)
    for key, items in waiting.items():
        # In the order they were added, so a batch reads #4, #5, #6 as it was written.
        items.sort(key=lambda i: inspect(i).insert_order or 0)
        last = _raise_counter(session, key, len(items))
        for offset, item in enumerate(items):
            item.number = last - len(items) + 1 + offset


def _raise_counter(session: Session, key: tuple[str, str, str, str], count: int) -> int:
    """Add `count` to the owner's counter (creating it) and return the new last number."""
    statement = _upsert(session.get_bind().dialect.name, key, count)
    return int(session.connection().execute(statement).scalar_one())


def _upsert(dialect: str, key: tuple[str, str, str, str], count: int) -> ReturningInsert[Any]:
    t = tables.owner_counters
    insert = postgresql.insert(t) if dialect == "postgresql" else sqlite.insert(t)
    platform, workspace_id, user_id, kind = key
    return (
        insert.values(
            platform=platform, workspace_id=workspace_id, user_id=user_id, kind=kind, last=count
        )
        .on_conflict_do_update(
            index_elements=[t.c.platform, t.c.workspace_id, t.c.user_id, t.c.kind],
            set_={"last": t.c.last + count},
        )
        .returning(t.c.last)
    )


async def number_rows(conn: AsyncConnection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Give rows about to be inserted with Core (`insert(table)`, no ORM) their numbers,
    in order, from the same counters: for bulk loads (benchmarks, fixtures) that skip the
    session. One statement per owner; call it in the transaction that inserts them."""
    kind = TABLE_KINDS[table.name]
    waiting: dict[tuple[str, str, str, str], list[dict[str, Any]]] = {}
    for row in rows:
        key = (str(row["platform"]), str(row["workspace_id"]), str(row["user_id"]), kind)
        waiting.setdefault(key, []).append(row)
    for key, owned in waiting.items():
        last = int((await conn.execute(_upsert(conn.dialect.name, key, len(owned)))).scalar_one())
        for offset, row in enumerate(owned):
            row["number"] = last - len(owned) + 1 + offset
