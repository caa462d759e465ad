"""group numbers for rounds and matches, numbers for imports; matching rules members ask for

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 23:00:00

Rounds, matches and contact imports still showed global ids (`round #64003`), which
told a member how busy every other community was. Rounds and matches now get a number
per workspace (counted in `owner_counters` under the owner "", the group's) and imports
one per person, backfilled in id order; the counters start at the highest number given,
so a deleted number is never handed out again. Primary keys stay inside the server.

The matching rules of issue 18 §6 add: a team and a private do-not-match list on the
profile, the availability poll's answer (`skip_next_round`), when a member was last
active and when they were asked "still want to be matched?"; the group's poll lead time,
inactivity threshold and the round its last poll was about; and when a pair first
answered anything (a silent pair gets one nudge). Existing profiles count as active as
of this upgrade, so nobody is asked to confirm merely because the column is new.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHEN = storage.types.UTCDateTime(timezone=True)
#: Table, counter kind, and the columns whose rows share one counter. The names are this
#: module's constants, never input.
NUMBERED = (
    ("match_rounds", "round", ("platform", "workspace_id")),
    ("matches", "match", ("platform", "workspace_id")),
    ("contact_imports", "contact_import", ("platform", "workspace_id", "user_id")),
)


def _number(table: str, kind: str, scope: tuple[str, ...]) -> None:
    """Number `table`'s rows 1, 2, ... per scope in id order, start its counters, then
    make the column NOT NULL and unique per scope."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.add_column(table, sa.Column("number", sa.Integer(), nullable=True))
    cols = ", ".join(scope)
    rank = f"ROW_NUMBER() OVER (PARTITION BY {cols} ORDER BY id)"
    number_rows = f"UPDATE {table} SET number = ranked.n FROM (SELECT id, {rank} AS n"  # noqa: S608
    op.execute(number_rows + f" FROM {table}) AS ranked WHERE {table}.id = ranked.id")
    owner = "user_id" if "user_id" in scope else "''"
    counters = "INSERT INTO owner_counters (platform, workspace_id, user_id, kind, last) "
    op.execute(
        counters + f"SELECT platform, workspace_id, {owner}, '{kind}', MAX(number) "  # noqa: S608
        f"FROM {table} GROUP BY {cols}"
    )
    with op.batch_alter_table(
        table, table_kwargs={"sqlite_autoincrement": True} if sqlite else {}
    ) as batch:
        batch.alter_column("number", existing_type=sa.Integer(), nullable=False)
    name = "owner" if "user_id" in scope else "tenant"
    op.create_index(f"uq_{table}_{name}_number", table, [*scope, "number"], unique=True)


def upgrade() -> None:
    for table, kind, scope in NUMBERED:
        _number(table, kind, scope)
    with op.batch_alter_table("profiles", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.add_column(sa.Column("team", sa.String(100), nullable=False, server_default=""))
        batch.add_column(sa.Column("avoid_ids", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(
            sa.Column("skip_next_round", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("last_active_at", _WHEN, nullable=True))
        batch.add_column(sa.Column("still_asked_at", _WHEN, nullable=True))
    profiles = sa.table("profiles", sa.column("last_active_at", _WHEN))
    op.execute(profiles.update().values(last_active_at=datetime.now(UTC)))
    with op.batch_alter_table("group_configs") as batch:
        batch.add_column(sa.Column("poll_hours", sa.Integer(), nullable=False, server_default="48"))
        batch.add_column(
            sa.Column("inactive_days", sa.Integer(), nullable=False, server_default="60")
        )
        batch.add_column(sa.Column("polled_for", _WHEN, nullable=True))
    with op.batch_alter_table("matches", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.add_column(sa.Column("answered_at", _WHEN, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("matches", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("answered_at")
    with op.batch_alter_table("group_configs") as batch:
        for name in ("polled_for", "inactive_days", "poll_hours"):
            batch.drop_column(name)
    with op.batch_alter_table("profiles", table_kwargs={"sqlite_autoincrement": True}) as batch:
        for name in ("still_asked_at", "last_active_at", "skip_next_round", "avoid_ids", "team"):
            batch.drop_column(name)
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, kind, scope in reversed(NUMBERED):
        name = "owner" if "user_id" in scope else "tenant"
        op.drop_index(f"uq_{table}_{name}_number", table_name=table)
        with op.batch_alter_table(
            table, table_kwargs={"sqlite_autoincrement": True} if sqlite else {}
        ) as batch:
            batch.drop_column("number")
        op.execute(f"DELETE FROM owner_counters WHERE kind = '{kind}'")  # noqa: S608
