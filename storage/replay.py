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

from sqlalchemy import Insert, delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from storage import tables


class SqlReplayLedger:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine.execution_options(isolation_level="AUTOCOMMIT")
        self._dialect = engine.dialect.name

    async def first_time(self, signatures: Sequence[str], now: datetime) -> set[str]:
        """Record `signatures`; return those no replica had recorded before."""
        if not signatures:
            return set()
        t = tables.slack_request_signatures
        insert: Insert
        if self._dialect == "postgresql":
            insert = postgresql.insert(t).on_conflict_do_nothing(index_elements=[t.c.signature])
        else:
            insert = sqlite.insert(t).on_conflict_do_nothing(index_elements=[t.c.signature])
        rows = [{"signature": s, "seen_at": now} for s in dict.fromkeys(signatures)]
        statement = insert.values(rows).returning(t.c.signature)
        async with self.engine.connect() as connection:
            inserted = (await connection.execute(statement)).scalars().all()
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
