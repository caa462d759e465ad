"""The request sweep's two statements on PostgreSQL, kept as SQL text, and what differs
between the tables it sweeps.

Conversation requests and warm-introduction requests wait the same way (one reminder to
the person asked, then expiry with news for the seeker), so one :class:`SweepSpec` per
table says which columns and words are whose, and the same SQL and the same SQLite steps
(storage/repositories/request_sweep.py) serve both.

Data-modifying CTEs (an UPDATE and an upsert feeding an INSERT) have no portable form,
and SQLite lacks them: there the runner takes the same steps one statement at a time.
Table names are unqualified: the engine's search_path chooses the schema.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import Table

from bot.domain import ReminderKind
from storage.numbering import NOTICE


@dataclass(frozen=True)
class SweepSpec:
    """One swept table: its columns `next_check_at`, `expires_at` and `reminded_at` are
    read and moved the same way whatever the table; the rest is named here."""

    table: Table
    #: Who hears that the request expired, and who is reminded (column names).
    seeker: str
    helper: str
    #: The column stamped with the moment a request expired.
    closed: str
    #: Statuses that expire; the one status that is reminded; the status on expiry.
    waiting: tuple[str, ...]
    open: str
    expired: str
    news: ReminderKind
    nudge: ReminderKind
    #: The outbox row's `text`: prefix + id, and for the news the suffix after it.
    prefix: str
    news_suffix: str = ""

    def news_text(self, request_id: int) -> str:
        return f"{self.prefix}{request_id}{self.news_suffix}"

    def nudge_text(self, request_id: int) -> str:
        return f"{self.prefix}{request_id}"


#: One chunk of the sweep: `{due}` and `{change}` pick and move the due rows, `{owner}`
#: says whose outbox row each gets; locking, numbering and the INSERT are shared. The
#: rows are messages, not check-ins: numbered down from -1 on the owner's 'notice'
#: counter (storage/numbering.py, NOTICE), so nobody's check-ins get gaps.
SWEEP_SQL = """
WITH due AS (
    SELECT id FROM {table}
    WHERE next_check_at IS NOT NULL AND next_check_at <= :now AND {due}
    ORDER BY next_check_at
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
), moved AS (
    -- ANY(ARRAY(...)): the due ids once, then primary-key probes, whatever the
    -- planner guesses about the CTE.
    UPDATE {table} AS r SET {change}
    WHERE r.id = ANY(ARRAY(SELECT id FROM due))
    RETURNING r.id, r.platform, r.workspace_id, r.{owner} AS user_id
), numbered AS (
    SELECT m.*,
           row_number() OVER (PARTITION BY platform, workspace_id, user_id ORDER BY id) AS rn,
           count(*) OVER (PARTITION BY platform, workspace_id, user_id) AS n
    FROM moved AS m
), counted AS (
    INSERT INTO owner_counters (platform, workspace_id, user_id, kind, last)
    SELECT platform, workspace_id, user_id, '{notice}', n FROM numbered WHERE rn = 1
    ON CONFLICT (platform, workspace_id, user_id, kind)
    DO UPDATE SET last = owner_counters.last + excluded.last
    RETURNING platform, workspace_id, user_id, last
)
INSERT INTO reminders (platform, workspace_id, user_id, kind, due_at, text, status,
                       attempts, last_error, late, message_ref, created_at, number)
SELECT nb.platform, nb.workspace_id, nb.user_id, '{kind}', :now,
       '{prefix}' || nb.id || '{suffix}', :pending, 0, '', false, '', :now,
       -(c.last - nb.n + nb.rn)
FROM numbered AS nb
JOIN counted AS c USING (platform, workspace_id, user_id)
RETURNING id
"""


def _literal(words: str) -> str:
    """Our own constant inside a SQL string: colons escaped so text() reads no parameter."""
    assert "'" not in words
    return words.replace(":", "\\:")


@cache
def sweep_sql(spec: SweepSpec) -> tuple[str, str]:
    """(expire, nudge) statements for `spec`'s table, built once per table."""
    statuses = ", ".join(f"'{_literal(s)}'" for s in spec.waiting)
    expire = SWEEP_SQL.format(
        table=spec.table.name,
        due=f"expires_at <= :now AND status IN ({statuses})",
        change=f"status = '{_literal(spec.expired)}', {spec.closed} = :now, next_check_at = NULL",
        owner=spec.seeker,
        kind=spec.news.value,
        notice=NOTICE,
        prefix=_literal(spec.prefix),
        suffix=_literal(spec.news_suffix),
    )
    nudge = SWEEP_SQL.format(
        table=spec.table.name,
        due=f"expires_at > :now AND status = '{_literal(spec.open)}' AND reminded_at IS NULL",
        change="reminded_at = :now, next_check_at = r.expires_at",
        owner=spec.helper,
        kind=spec.nudge.value,
        notice=NOTICE,
        prefix=_literal(spec.prefix),
        suffix="",
    )
    return expire, nudge
