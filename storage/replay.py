"""A replay ledger every replica shares: "has any of us accepted this signature?"

Bolt checks a Slack request's signature and age but remembers nothing, and a memory per
process misses a replay that a load balancer sends to another replica. One row per
accepted signature, inserted with ON CONFLICT DO NOTHING, answers the question
atomically across processes in one round trip (autocommit: no BEGIN/COMMIT), for a whole
batch of requests at once (`adapters.slack.replay` batches them under load).

It holds a second key space too, `event:<event_id>` (`adapters.slack.retries`): "has any
of us taken this Events API event?", which catches Slack's retries, signed afresh. Both
kinds of key live ten minutes and go in the same prune.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ARRAY, Insert, String, bindparam, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import tables


def _first_time_pg() -> Insert:
    """PostgreSQL: the batch as one array parameter, so the statement is the same for
    every batch and compiled once (a VALUES list of the batch's rows was compiled anew
    for each, which cost more CPU than the round trip)."""
    t = tables.slack_request_signatures
    listed = select(
        func.unnest(bindparam("signatures", type_=ARRAY(String))),
        bindparam("seen_at", type_=t.c.seen_at.type),
    )
    return (
        postgresql.insert(t)
        .from_select([t.c.signature, t.c.seen_at], listed)
        .on_conflict_do_nothing(index_elements=[t.c.signature])
        .returning(t.c.signature)
    )


_FIRST_TIME_PG = _first_time_pg()


class SqlReplayLedger:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._dialect = engine.dialect.name

    async def first_time(self, signatures: Sequence[str], now: datetime) -> set[str]:
        """Record `signatures`; return those no replica had recorded before."""
        if not signatures:
            return set()
        unique = list(dict.fromkeys(signatures))
        if self._dialect == "postgresql":
            statement, params = _FIRST_TIME_PG, {"signatures": unique, "seen_at": now}
        else:
            t = tables.slack_request_signatures
            rows = [{"signature": s, "seen_at": now} for s in unique]
            insert = sqlite.insert(t).on_conflict_do_nothing(index_elements=[t.c.signature])
            statement, params = insert.values(rows).returning(t.c.signature), {}
        async with self.engine.connect() as connection:
            inserted = (await connection.execute(statement, params)).scalars().all()
        return set(inserted)

    async def forget(self, keys: Sequence[str]) -> int:
        """Drop these keys now: an event whose work was refused may be taken again."""
        if not keys:
            return 0
        t = tables.slack_request_signatures
        async with self.engine.connect() as connection:
            result = await connection.execute(delete(t).where(t.c.signature.in_(list(keys))))
        return int(result.rowcount or 0)

    async def forget_before(self, cutoff: datetime) -> int:
        """Drop keys older than the window: bolt refuses a signature that old by its age,
        and Slack's last retry of an event comes about five minutes after the first."""
        t = tables.slack_request_signatures
        async with self.engine.connect() as connection:
            result = await connection.execute(delete(t).where(t.c.seen_at < cutoff))
        return int(result.rowcount or 0)
