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

import functools
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    bindparam,
    case,
    func,
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


def claimable(table: Any, now: Any) -> ColumnElement[bool]:
    """Due and not deferred past `now`, or claimed by someone whose lease ran out."""
    return or_(ready(table, now), lease_expired(table, now))


def ready(table: Any, now: Any) -> ColumnElement[bool]:
    """Due now (`now`: a datetime, or the statement's parameter), not deferred."""
    return and_(
        table.c.status == _PENDING,
        table.c.due_at <= now,
        or_(table.c.not_before.is_(None), table.c.not_before <= now),
    )


def lease_expired(table: Any, now: Any) -> ColumnElement[bool]:
    return and_(table.c.status == _CLAIMED, table.c.claimed_until < now)


def _workspace_is(table: Any, key: tuple[Any, Any]) -> ColumnElement[bool]:
    return and_(table.c.platform == key[0], table.c.workspace_id == key[1])


def _in_index_order(table: Any) -> tuple[Any, ...]:
    # The full order of ix_reminders_pending_by_workspace: asking for it (rather than
    # just platform, workspace) leaves the planner no reason to walk another index over
    # every row, sent ones included, filtering for the pending few.
    return (table.c.platform, table.c.workspace_id, table.c.due_at, table.c.id)


def _pending_workspaces() -> CTE:
    """Every (platform, workspace) with a pending row: one index probe each."""
    first_row = (
        select(_t.c.platform, _t.c.workspace_id)
        .where(_t.c.status == _PENDING)
        .order_by(*_in_index_order(_t))
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
        .order_by(*_in_index_order(same))
        .limit(1)
        .scalar_subquery()
    )
    next_platform = (
        select(other.c.id)
        .where(other.c.status == _PENDING, other.c.platform > ws.c.platform)
        .order_by(*_in_index_order(other))
        .limit(1)
        .scalar_subquery()
    )
    following = select(step.c.platform, step.c.workspace_id).select_from(
        ws.join(step, step.c.id == func.coalesce(next_same, next_platform))
    )
    return ws.union_all(following)


def _per_workspace(ws: Any, now: Any, cap: Any, dialect: str) -> Select[Any]:
    """Each workspace's oldest and most recently due ready rows, `cap` of each."""
    picked = _t.alias("picked")
    mine = and_(
        picked.c.platform == ws.c.platform,
        picked.c.workspace_id == ws.c.workspace_id,
        ready(picked, now),
    )
    if dialect == "postgresql":
        # The rows' own columns come straight out of the LATERAL scans: joining back
        # to `reminders` by id lets the planner pick a hash join over the whole table.
        row = (
            picked.c.id,
            picked.c.platform,
            picked.c.workspace_id,
            picked.c.user_id,
            picked.c.due_at,
        )
        oldest = select(*row).where(mine).order_by(picked.c.due_at, picked.c.id).limit(cap)
        newest = select(*row).where(mine).order_by(picked.c.due_at.desc(), picked.c.id.desc())
        both = union(oldest, newest.limit(cap)).lateral("both_ends")
        return select(*both.c).select_from(ws.join(both, true()))
    # SQLite has no LATERAL: a correlated IN over the same two scans, then each row by
    # its rowid. A compound member may not carry its own ORDER BY/LIMIT, hence the
    # wrapping subqueries.
    oldest_ids = select(picked.c.id).where(mine).order_by(picked.c.due_at, picked.c.id)
    newest_ids = select(picked.c.id).where(mine)
    newest_ids = newest_ids.order_by(picked.c.due_at.desc(), picked.c.id.desc())
    a = oldest_ids.limit(cap).correlate(ws).subquery("a")
    b = newest_ids.limit(cap).correlate(ws).subquery("b")
    hit = _t.alias("hit")
    return select(
        hit.c.id, hit.c.platform, hit.c.workspace_id, hit.c.user_id, hit.c.due_at
    ).select_from(ws.join(hit, hit.c.id.in_(union(select(a.c.id), select(b.c.id)))))


#: At most this many workspaces are named in one claim as skipped, and as many as
#: reduced (PostgreSQL allows 32,767 parameters per statement); any beyond take the
#: usual share and the dispatcher's bucket puts back what it cannot send.
MAX_NAMED = 500


def fair_candidates(
    now: datetime, *, limit: int, limits: ClaimLimits, dialect: str
) -> tuple[Select[tuple[int]], dict[str, Any]]:
    """The statement selecting the ids one claim should take, best first, and its
    parameters (see the module docstring)."""
    skipped = limits.skipped()[:MAX_NAMED]
    reduced = sorted(limits.reduced().items())[:MAX_NAMED]
    params: dict[str, Any] = {
        "now": now,
        "cap": max(1, min(limits.per_workspace, limit)),
        "limit": limit,
    }
    for n, (platform, workspace) in enumerate(skipped):
        params |= {f"skip_p{n}": platform, f"skip_w{n}": workspace}
    for n, ((platform, workspace), quota) in enumerate(reduced):
        params |= {f"less_p{n}": platform, f"less_w{n}": workspace, f"less_n{n}": quota}
    return _statement(dialect, len(skipped), len(reduced)), params


@functools.lru_cache(maxsize=64)
def _statement(dialect: str, skipped: int, reduced: int) -> Select[tuple[int]]:
    """Built once per shape: composing this from table aliases costs more Python time
    than PostgreSQL spends running it, so the claim reuses it with new parameters."""
    now: Any = bindparam("now")
    cap: Any = bindparam("cap", type_=Integer)
    limit: Any = bindparam("limit", type_=Integer)
    skip_keys: list[tuple[Any, Any]] = [
        (bindparam(f"skip_p{n}"), bindparam(f"skip_w{n}")) for n in range(skipped)
    ]
    ws: Any = _pending_workspaces()
    open_ws: Any = ws
    if skip_keys:
        open_ws = (
            select(ws.c.platform, ws.c.workspace_id)
            .where(*(not_(_workspace_is(ws, key)) for key in skip_keys))
            .subquery("open_ws")
        )
    fresh = _per_workspace(open_ws, now, cap, dialect)
    stale = _t.alias("stale")
    expired = (
        select(stale.c.id, stale.c.platform, stale.c.workspace_id, stale.c.user_id, stale.c.due_at)
        .where(lease_expired(stale, now), *(not_(_workspace_is(stale, k)) for k in skip_keys))
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
    quota: Any = cap
    if reduced:
        quota = case(
            *(
                (
                    _workspace_is(rounds, (bindparam(f"less_p{n}"), bindparam(f"less_w{n}"))),
                    bindparam(f"less_n{n}", type_=Integer),
                )
                for n in range(reduced)
            ),
            else_=cap,
        )
    return select(q.id).where(q.lap <= quota).order_by(q.lap, q.due_at, q.id).limit(limit)
