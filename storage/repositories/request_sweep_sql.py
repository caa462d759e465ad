"""The request sweep's two statements on PostgreSQL, kept as SQL text.

Data-modifying CTEs (an UPDATE and an upsert feeding an INSERT) have no portable form,
and SQLite lacks them: there the repository runs the same steps one statement at a time.
Table names are unqualified: the engine's search_path chooses the schema.
"""

from __future__ import annotations

from bot.directory.request_model import EXPIRED
from bot.domain import ReminderKind

#: One chunk of the sweep: `{due}` and `{change}` pick and move the due rows, `{owner}`
#: says whose outbox row each gets; locking, numbering and the INSERT are shared.
SWEEP_SQL = """
WITH due AS (
    SELECT id FROM conversation_requests
    WHERE next_check_at IS NOT NULL AND next_check_at <= :now AND {due}
    ORDER BY next_check_at
    LIMIT :limit
    FOR UPDATE SKIP LOCKED
), moved AS (
    -- ANY(ARRAY(...)): the due ids once, then primary-key probes, whatever the
    -- planner guesses about the CTE.
    UPDATE conversation_requests AS r SET {change}
    WHERE r.id = ANY(ARRAY(SELECT id FROM due))
    RETURNING r.id, r.platform, r.workspace_id, r.{owner} AS user_id
), numbered AS (
    SELECT m.*,
           row_number() OVER (PARTITION BY platform, workspace_id, user_id ORDER BY id) AS rn,
           count(*) OVER (PARTITION BY platform, workspace_id, user_id) AS n
    FROM moved AS m
), counted AS (
    INSERT INTO owner_counters (platform, workspace_id, user_id, kind, last)
    SELECT platform, workspace_id, user_id, 'reminder', n FROM numbered WHERE rn = 1
    ON CONFLICT (platform, workspace_id, user_id, kind)
    DO UPDATE SET last = owner_counters.last + excluded.last
    RETURNING platform, workspace_id, user_id, last
)
INSERT INTO reminders (platform, workspace_id, user_id, kind, due_at, text, status,
                       attempts, last_error, late, message_ref, created_at, number)
SELECT nb.platform, nb.workspace_id, nb.user_id, '{kind}', :now,
       'request:' || nb.id || '{suffix}', :pending, 0, '', false, '', :now,
       c.last - nb.n + nb.rn
FROM numbered AS nb
JOIN counted AS c USING (platform, workspace_id, user_id)
RETURNING id
"""
EXPIRE_SQL = SWEEP_SQL.format(
    due="expires_at <= :now AND status IN ('open', 'times')",
    change="status = 'expired', closed_at = :now, next_check_at = NULL",
    owner="seeker_id",
    kind=ReminderKind.REQUEST_NEWS.value,
    suffix="\\:" + EXPIRED,  # a colon text() must not read as a parameter
)
NUDGE_SQL = SWEEP_SQL.format(
    due="expires_at > :now AND status = 'open' AND reminded_at IS NULL",
    change="reminded_at = :now, next_check_at = r.expires_at",
    owner="helper_id",
    kind=ReminderKind.REQUEST_NUDGE.value,
    suffix="",
)
