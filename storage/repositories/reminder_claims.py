"""Which due reminders one claim takes: fair across workspaces and people, bounded work.

Taking simply the oldest due rows lets one workspace's backlog (a member back-filling
history, a day of downtime, a community under its rate limit) fill every claim while
another workspace's on-time check-in waits behind tens of thousands of rows. So a claim
is built like this, in one statement whose cost grows with the number of workspaces,
not with the size of any backlog:

1. ``ws``: the workspaces that have pending reminders, found by a loose index scan (a
   recursive CTE doing one probe of ``ix_reminders_pending_by_workspace`` per
   workspace), minus the workspaces the dispatcher reports rate-limited right now;
2. for each of them, its oldest and its most recently due claimable rows, at most
   ``per_workspace`` of each (two short range scans of the same index: LATERAL on
   PostgreSQL; SQLite has no LATERAL, so a correlated ``IN`` does the same there), plus
   rows whose claim lease expired (a crashed dispatcher's);
3. rank them: round-robin over people within a workspace (ROW_NUMBER per person), then
   over workspaces (ROW_NUMBER per workspace ordered by the first rank); keep each
   workspace's quota; take the first ``limit`` by rank, then due time.

Taking the most recently due rows as well as the oldest is what keeps a person's
fresh check-in from waiting behind a colleague's old backlog in the same workspace: the
backlog drains oldest first, while what just came due goes out now. (A row in the
middle of a large backlog of someone else's in the same workspace waits its turn.)

The statement only *selects* ids; claiming them is the caller's guarded ``UPDATE``
(PostgreSQL first locks them with ``FOR UPDATE SKIP LOCKED``), so concurrent claimers
never take the same row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    and_,
    case,
    func,
    literal,
    not_,
    or_,
    select,
    true,
    union,
)
from sqlalchemy.sql.selectable import CTE, Subquery

from bot.domain import ReminderStatus
from bot.ports.reminders import ClaimLimits
from storage import tables

_t = tables.reminders
_PENDING = ReminderStatus.PENDING.value
_CLAIMED = ReminderStatus.CLAIMED.value


def claimable(table: Any, now: datetime) -> ColumnElement[bool]:
    """Due and not deferred past `now`, or claimed by someone whose lease ran out."""
    return or_(ready(table, now), lease_expired(table, now))


def ready(table: Any, now: datetime) -> ColumnElement[bool]:
    return and_(
        table.c.status == _PENDING,
        table.c.due_at <= now,
        or_(table.c.not_before.is_(None), table.c.not_before <= now),
    )


def lease_expired(table: Any, now: datetime) -> ColumnElement[bool]:
    return and_(table.c.status == _CLAIMED, table.c.claimed_until < now)


def _workspace_is(table: Any, key: tuple[str, str]) -> ColumnElement[bool]:
    return and_(table.c.platform == key[0], table.c.workspace_id == key[1])


def _pending_workspaces() -> CTE:
    """Every (platform, workspace) with a pending row: one index probe each."""
    first_row = (
        select(_t.c.platform, _t.c.workspace_id)
        .where(_t.c.status == _PENDING)
        .order_by(_t.c.platform, _t.c.workspace_id)
        .limit(1)
        .subquery("first_ws")
    )
    ws = select(first_row.c.platform, first_row.c.workspace_id).cte("ws", recursive=True)
    same, other, step = _t.alias("same_pf"), _t.alias("next_pf"), _t.alias("step")
    # The next workspace after this one: on the same platform if there is one, else the
    # first of the next platform. Two plain probes, because a row-value comparison
    # `(platform, workspace_id) > (...)` only uses the index's first column on SQLite.
    next_same = (
        select(same.c.id)
        .where(
            same.c.status == _PENDING,
            same.c.platform == ws.c.platform,
            same.c.workspace_id > ws.c.workspace_id,
        )
        .order_by(same.c.platform, same.c.workspace_id)
        .limit(1)
        .scalar_subquery()
    )
    next_platform = (
        select(other.c.id)
        .where(other.c.status == _PENDING, other.c.platform > ws.c.platform)
        .order_by(other.c.platform, other.c.workspace_id)
        .limit(1)
        .scalar_subquery()
    )
    following = select(step.c.platform, step.c.workspace_id).select_from(
        ws.join(step, step.c.id == func.coalesce(next_same, next_platform))
    )
    return ws.union_all(following)


def _per_workspace(ws: Any, now: datetime, cap: int, dialect: str) -> Select[Any]:
    """Each workspace's oldest and most recently due ready rows, `cap` of each."""
    picked = _t.alias("picked")
    mine = and_(
        picked.c.platform == ws.c.platform,
        picked.c.workspace_id == ws.c.workspace_id,
        ready(picked, now),
    )
    oldest = select(picked.c.id).where(mine).order_by(picked.c.due_at, picked.c.id).limit(cap)
    newest = (
        select(picked.c.id)
        .where(mine)
        .order_by(picked.c.due_at.desc(), picked.c.id.desc())
        .limit(cap)
    )
    hit = _t.alias("hit")
    if dialect == "postgresql":
        ids = union(oldest, newest).lateral("ids")
        return select(
            hit.c.id, hit.c.platform, hit.c.workspace_id, hit.c.user_id, hit.c.due_at
        ).select_from(ws.join(ids, true()).join(hit, hit.c.id == ids.c.id))
    # SQLite: a compound member may not carry its own ORDER BY/LIMIT, hence the wrappers.
    a, b = oldest.correlate(ws).subquery("a"), newest.correlate(ws).subquery("b")
    in_either = union(select(a.c.id), select(b.c.id))
    return select(
        hit.c.id, hit.c.platform, hit.c.workspace_id, hit.c.user_id, hit.c.due_at
    ).select_from(ws.join(hit, hit.c.id.in_(in_either)))


def fair_candidates(
    now: datetime, *, limit: int, limits: ClaimLimits, dialect: str
) -> Select[tuple[int]]:
    """The ids one claim should take, best first (see the module docstring)."""
    cap = max(1, min(limits.per_workspace, limit))
    ws: Any = _pending_workspaces()
    skipped = limits.skipped()
    open_ws: Any = ws
    if skipped:
        open_ws = (
            select(ws.c.platform, ws.c.workspace_id)
            .where(*(not_(_workspace_is(ws, key)) for key in skipped))
            .subquery("open_ws")
        )
    fresh = _per_workspace(open_ws, now, cap, dialect)
    stale = _t.alias("stale")
    expired = (
        select(stale.c.id, stale.c.platform, stale.c.workspace_id, stale.c.user_id, stale.c.due_at)
        .where(lease_expired(stale, now), *(not_(_workspace_is(stale, k)) for k in skipped))
        .order_by(stale.c.claimed_until, stale.c.id)
        .limit(limit)
    )
    if dialect != "postgresql":
        expired_rows = expired.subquery("expired_rows")
        expired = select(*expired_rows.c)
    candidates: Subquery = union(fresh, expired).subquery("candidates")
    c = candidates.c
    by_person = func.row_number().over(
        partition_by=(c.platform, c.workspace_id, c.user_id), order_by=(c.due_at, c.id)
    )
    ranked = select(c.id, c.platform, c.workspace_id, c.due_at, by_person.label("turn")).subquery(
        "ranked"
    )
    r = ranked.c
    by_workspace = func.row_number().over(
        partition_by=(r.platform, r.workspace_id), order_by=(r.turn, r.due_at, r.id)
    )
    rounds = select(r.id, r.platform, r.workspace_id, r.due_at, by_workspace.label("lap")).subquery(
        "rounds"
    )
    q = rounds.c
    reduced = limits.reduced()
    quota: Any = literal(cap)
    if reduced:
        quota = case(*((_workspace_is(rounds, k), n) for k, n in reduced.items()), else_=cap)
    return select(q.id).where(q.lap <= quota).order_by(q.lap, q.due_at, q.id).limit(limit)
