"""Per-person numbers: every new contact, interview, check-in, action item, question and
contact import gets the next number of its owner and kind, in the transaction that
writes it; a group's match rounds and matches get the next number of their workspace
(counted under the owner ``""``: nobody's, the group's).

Primary keys are one global sequence and stay inside the server; what people see and
type is `number`, counted per (platform, workspace, user) and kind from 1. The last one
handed out lives in `owner_counters`, so deleting #2 and adding a row gives #3: a number
someone remembers, or an old button, can never name a different record.

Numbers are assigned as the repositories add rows (:func:`assign`, from `add` and
`add_all`), or by :func:`number_rows` for Core bulk inserts; the column is NOT NULL, so a
row that skipped both fails loudly. Each owner and kind costs one statement per call,
however many rows it adds: an upsert that creates the counter on first use and returns
the raised value (`INSERT ... ON CONFLICT DO UPDATE ... RETURNING`, on SQLite and
PostgreSQL alike). It is an ordinary awaited statement, not one run inside a flush hook:
a command cancelled mid-statement (a stop) then unwinds like any other and never leaves
its connection holding SQLite's write lock. On PostgreSQL the
upsert locks the counter row until commit, so two transactions of one person take turns
and never share a number; other people's counters are other rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.sql.dml import ReturningInsert

from bot import domain
from bot.ports.imports import ContactImport
from bot.states import ROUND_MESSAGE_KINDS
from storage import tables

#: The counter kind of each numbered class (the migration 0010 uses the same names).
KINDS: dict[type[Any], str] = {
    domain.Contact: "contact",
    domain.Interview: "interview",
    domain.Reminder: "reminder",
    domain.ActionItem: "action_item",
    domain.CustomQuestion: "question",
    ContactImport: "contact_import",
    domain.MatchRound: "round",
    domain.Match: "match",
}
#: Kinds counted per workspace rather than per person: the group's shared records.
GROUP_KINDS = frozenset({"round", "match"})
#: Outbox rows that are messages rather than anyone's check-ins (a round's introductions,
#: a request's news) need a number (the column is NOT NULL and unique per person) that
#: nobody sees or types. Counted with the check-ins they left gaps there (a seeker's
#: first check-in listed as #2), so they have a counter of their own and count down
#: from -1: check-ins run 1, 2, 3 and never meet them.
NOTICE = "notice"


def counter_for(kind: str, row_kind: object) -> tuple[str, int]:
    """The counter a row takes its number from, and the number's sign."""
    if kind == "reminder" and row_kind in ROUND_MESSAGE_KINDS:
        return NOTICE, -1
    return kind, 1


def sign_of(counter: str) -> int:
    return -1 if counter == NOTICE else 1


#: The same kinds by table name, for Core inserts (:func:`number_rows`).
TABLE_KINDS = {
    "contacts": "contact",
    "interviews": "interview",
    "reminders": "reminder",
    "action_items": "action_item",
    "custom_questions": "question",
    "contact_imports": "contact_import",
    "match_rounds": "round",
    "matches": "match",
}


def owner_of(item: Any, kind: str) -> str:
    """Whose counter numbers `item`: its person's, or the group's (``""``)."""
    return "" if kind in GROUP_KINDS else str(item.user_id)


async def assign(session: AsyncSession, items: Sequence[Any]) -> None:
    """Give each new numbered row among `items` the next number of its owner and kind,
    in order. The repositories call it as rows are added (`add`, `add_all`), so the
    upsert is an ordinary statement of the unit of work, rolled back with it."""
    waiting: dict[tuple[str, str, str, str], list[Any]] = {}
    for item in items:
        kind = KINDS.get(type(item))
        if kind is not None and item.number is None:
            counter, _ = counter_for(kind, getattr(item, "kind", None))
            key = (item.platform, item.workspace_id, owner_of(item, kind), counter)
            waiting.setdefault(key, []).append(item)
    if not waiting:
        return
    # On the session's connection, with no autoflush: the counter has nothing to do with
    # what the session holds, and an autoflush here would send rows added earlier in the
    # command (a first batch of check-ins) as an INSERT of their own instead of in the
    # one multi-row INSERT with the rest at the next flush.
    with session.no_autoflush:
        connection = await session.connection()
    statement = _upsert(connection.dialect.name)
    for key, owned in waiting.items():
        values = _values(key, len(owned))
        last = int((await connection.execute(statement, values)).scalar_one())
        for offset, item in enumerate(owned):
            item.number = sign_of(key[3]) * (last - len(owned) + 1 + offset)


_UPSERTS: dict[str, ReturningInsert[Any]] = {}


def _upsert(dialect: str) -> ReturningInsert[Any]:
    """Built once per dialect, with bound parameters (`_values`): built for each call,
    with the values in it, the statement cost more to assemble and key for the cache
    than to run, and every command takes two to four numbers."""
    found = _UPSERTS.get(dialect)
    if found is None:
        t = tables.owner_counters
        insert = postgresql.insert(t) if dialect == "postgresql" else sqlite.insert(t)
        found = _UPSERTS[dialect] = (
            insert.values(
                platform=bindparam("n_platform"),
                workspace_id=bindparam("n_workspace"),
                user_id=bindparam("n_user"),
                kind=bindparam("n_kind"),
                last=bindparam("n_count"),
            )
            .on_conflict_do_update(
                index_elements=[t.c.platform, t.c.workspace_id, t.c.user_id, t.c.kind],
                set_={"last": t.c.last + bindparam("n_step")},
            )
            .returning(t.c.last)
        )
    return found


def _values(key: tuple[str, str, str, str], count: int) -> dict[str, Any]:
    platform, workspace_id, user_id, kind = key
    return {
        "n_platform": platform,
        "n_workspace": workspace_id,
        "n_user": user_id,
        "n_kind": kind,
        "n_count": count,
        "n_step": count,
    }


async def number_rows(conn: AsyncConnection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Give rows about to be inserted with Core (`insert(table)`, no ORM) their numbers,
    in order, from the same counters: for bulk loads (benchmarks, fixtures) that skip the
    session. One statement per owner; call it in the transaction that inserts them."""
    kind = TABLE_KINDS[table.name]
    waiting: dict[tuple[str, str, str, str], list[dict[str, Any]]] = {}
    for row in rows:
        owner = "" if kind in GROUP_KINDS else str(row["user_id"])
        counter, _ = counter_for(kind, row.get("kind"))
        key = (str(row["platform"]), str(row["workspace_id"]), owner, counter)
        waiting.setdefault(key, []).append(row)
    statement = _upsert(conn.dialect.name)
    for key, owned in waiting.items():
        last = int((await conn.execute(statement, _values(key, len(owned)))).scalar_one())
        for offset, row in enumerate(owned):
            row["number"] = sign_of(key[3]) * (last - len(owned) + 1 + offset)
