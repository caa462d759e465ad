"""The inbox table: acknowledged commands kept until they are answered.

The reminders table is the outbox (work the bot owes the platform); this is the same
discipline inbound (work the bot owes a person who was told "got it"). Each row is
leased by the process that runs it: that process renews the lease while it lives,
deletes the row once the person has their answer, and hands unstarted rows back at a
stop. Any process claims rows whose lease ran out (a crash) or was handed back (a stop).

All statements run in autocommit, one round trip each, because the ack path waits for
`add` and a transaction around one INSERT would only add a BEGIN and a COMMIT.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import tables

#: Built once (a batch of acks waits for it): ids come back in the batch's order.
_ADD = insert(tables.inbox).returning(tables.inbox.c.id, sort_by_parameter_order=True)


@dataclass
class RunningEntry:
    """The inbox row a worker task is running, and what its command has done so far.

    The worker sets it (unarmed) around the whole run; the adapter arms it only around
    the command itself, so a unit of work that commits while it is armed deletes the row
    in the same transaction: the command's writes and "this request is done" commit
    together, and a crash between the commit and the answer never runs it twice. After
    that commit `committed` is true, which tells a stopping inbox to let the task finish
    its answer instead of cancelling it (the row is gone, so nobody else would answer).
    """

    #: None for a request with no inbox row (a Discord interaction, worked in memory):
    #: its commit deletes nothing, but still reports `committed` and honours `abandoned`,
    #: so a stopping Discord client knows whether "nothing changed" is true.
    id: int | None
    armed: bool = False
    committed: bool = False
    #: Set by a stopping inbox: the command's commit raises :class:`CommandAbandoned`
    #: instead, its work rolls back and its row goes to the next process.
    abandoned: bool = False


class CommandAbandoned(BaseException):
    """Raised at commit in a command the stopping process will not finish.

    A BaseException, like cancellation, so a handler's "apologise on error" does not
    catch it: the person gets their answer from the next process, which runs the command
    once. Ending a command this way, at its commit, is what cancelling it cannot do
    safely: cancelled in the middle of a statement, an SQLite connection kept its write
    lock and the hand-back waited for the busy timeout.
    """


RUNNING_ENTRY: ContextVar[RunningEntry | None] = ContextVar(
    "inroads_running_inbox_entry", default=None
)


@contextmanager
def holding(entry: RunningEntry) -> Iterator[RunningEntry]:
    """Set by the worker around one run (see RunningEntry)."""
    token = RUNNING_ENTRY.set(entry)
    try:
        yield entry
    finally:
        RUNNING_ENTRY.reset(token)


@contextmanager
def armed() -> Iterator[None]:
    """Around the command itself: a commit now also deletes the held inbox row."""
    entry = RUNNING_ENTRY.get()
    if entry is None:
        yield
        return
    entry.armed = True
    try:
        yield
    finally:
        entry.armed = False


@dataclass(frozen=True)
class InboxEntry:
    """One acknowledged request: who sent it, what they sent, and when it arrived."""

    id: int
    platform: str
    workspace_id: str
    user_id: str
    kind: str
    payload: dict[str, Any]
    received_at: datetime


@dataclass(frozen=True)
class NewEntry:
    platform: str
    workspace_id: str
    user_id: str
    kind: str
    payload: dict[str, Any]
    received_at: datetime


class SqlInbox:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine.execution_options(isolation_level="AUTOCOMMIT")

    async def add(
        self, entries: Sequence[NewEntry], *, owner: str, lease_until: datetime
    ) -> list[InboxEntry]:
        """Write a batch in one INSERT, already leased by `owner`; ids in batch order."""
        if not entries:
            return []
        rows = [
            {
                "platform": e.platform,
                "workspace_id": e.workspace_id,
                "user_id": e.user_id,
                "kind": e.kind,
                "payload": json.dumps(e.payload),
                "received_at": e.received_at,
                "owner": owner,
                "lease_until": lease_until,
            }
            for e in entries
        ]
        async with self.engine.connect() as connection:
            ids = (await connection.execute(_ADD, rows)).scalars().all()
        return [
            InboxEntry(i, e.platform, e.workspace_id, e.user_id, e.kind, e.payload, e.received_at)
            for i, e in zip(ids, entries, strict=True)
        ]

    async def finish(self, ids: Sequence[int]) -> None:
        """The person has their answer: the rows go (nothing is kept once answered)."""
        if ids:
            t = tables.inbox
            async with self.engine.connect() as connection:
                await connection.execute(delete(t).where(t.c.id.in_(list(ids))))

    async def renew(self, owner: str, lease_until: datetime) -> int:
        t = tables.inbox
        async with self.engine.connect() as connection:
            result = await connection.execute(
                update(t).where(t.c.owner == owner).values(lease_until=lease_until)
            )
        return int(result.rowcount or 0)

    async def hand_back(self, owner: str, ids: Sequence[int]) -> int:
        """Release rows this process will not run, so the next process takes them at once
        instead of waiting for the lease to run out."""
        if not ids:
            return 0
        t = tables.inbox
        statement = (
            update(t)
            .where(t.c.owner == owner, t.c.id.in_(list(ids)))
            .values(owner=None, lease_until=None)
        )
        async with self.engine.connect() as connection:
            result = await connection.execute(statement)
        return int(result.rowcount or 0)

    async def claim(
        self,
        owner: str,
        *,
        now: datetime,
        lease_until: datetime,
        limit: int,
        platform: str,
        kinds: Collection[str],
    ) -> list[InboxEntry]:
        """Take up to `limit` rows nobody holds (handed back, or a lease that ran out),
        oldest first, of the `kinds` the caller knows how to run: in a rolling deploy a
        row written by a newer version waits for a process that knows it (`others`)
        instead of being taken and misread. The UPDATE repeats the "nobody holds it"
        test, so when two processes pick the same rows only one of them gets each
        (PostgreSQL re-checks the condition on the locked row; SQLite writes one at a
        time)."""
        if limit <= 0 or not kinds:
            return []
        t = tables.inbox
        free = or_(t.c.owner.is_(None), t.c.lease_until < now)
        candidates = (
            select(t.c.id)
            .where(t.c.platform == platform, t.c.kind.in_(sorted(kinds)), free)
            .order_by(t.c.received_at, t.c.id)
            .limit(limit)
        )
        async with self.engine.connect() as connection:
            ids = (await connection.execute(candidates)).scalars().all()
            if not ids:
                return []
            statement = (
                update(t)
                .where(t.c.id.in_(ids), free)
                .values(owner=owner, lease_until=lease_until)
                .returning(
                    t.c.id,
                    t.c.platform,
                    t.c.workspace_id,
                    t.c.user_id,
                    t.c.kind,
                    t.c.payload,
                    t.c.received_at,
                )
            )
            rows = (await connection.execute(statement)).all()
        entries = [
            InboxEntry(
                r.id, r.platform, r.workspace_id, r.user_id, r.kind, _load(r.payload), r.received_at
            )
            for r in rows
        ]
        return sorted(entries, key=lambda e: (e.received_at, e.id))

    async def waiting(self, platform: str) -> tuple[int, datetime | None]:
        """How many rows wait (held or not) and when the oldest arrived."""
        t = tables.inbox
        statement = select(func.count(), func.min(t.c.received_at)).where(t.c.platform == platform)
        async with self.engine.connect() as connection:
            count, oldest = (await connection.execute(statement)).one()
        return int(count or 0), oldest

    async def others(
        self, platform: str, kinds: Collection[str], now: datetime
    ) -> list[KindWaiting]:
        """Rows nobody holds whose kind is not among `kinds`, by kind: work a newer
        version acknowledged that this process leaves for it (`claim` skips them)."""
        t = tables.inbox
        free = or_(t.c.owner.is_(None), t.c.lease_until < now)
        statement = (
            select(t.c.kind, func.count(), func.min(t.c.received_at))
            .where(t.c.platform == platform, t.c.kind.not_in(sorted(kinds)), free)
            .group_by(t.c.kind)
            .order_by(t.c.kind)
        )
        async with self.engine.connect() as connection:
            rows = (await connection.execute(statement)).all()
        return [KindWaiting(str(kind), int(count), oldest) for kind, count, oldest in rows]


@dataclass(frozen=True)
class KindWaiting:
    """How many free rows of one kind wait, and when the oldest of them arrived."""

    kind: str
    count: int
    oldest: datetime


def _load(payload: str) -> dict[str, Any]:
    try:
        value = json.loads(payload)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
