"""per-person numbers: what people see and type is counted per person, never reused

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 19:30:00

Ids were one global sequence, so `#64003` told a member how busy everyone else was.
Each numbered table gets a `number` (unique per owner) and `owner_counters` keeps the
last one handed out per person and kind, so a deleted number is never given again.
Existing rows are numbered in id order per owner, and each counter starts at the
owner's highest number. Primary keys stay as they are: they never leave the server.

Buttons drawn before this revision name global ids; bot/reply.py reads their targets as
from an older version and bot/buttons.py refuses them rather than guess.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Table, and the counter kind its numbers come from (storage/numbering.py).
NUMBERED = (
    ("contacts", "contact"),
    ("interviews", "interview"),
    ("reminders", "reminder"),
    ("action_items", "action_item"),
    ("custom_questions", "question"),
)
OWNER = ("platform", "workspace_id", "user_id")


def upgrade() -> None:
    op.create_table(
        "owner_counters",
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "platform", "workspace_id", "user_id", "kind", name="pk_owner_counters"
        ),
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, kind in NUMBERED:
        op.add_column(table, sa.Column("number", sa.Integer(), nullable=True))
        # One statement per table: each owner's rows numbered 1, 2, ... in id order. The
        # names are this module's constants, never input.
        owner = ", ".join(OWNER)
        rank = f"ROW_NUMBER() OVER (PARTITION BY {owner} ORDER BY id)"
        number_rows = f"UPDATE {table} SET number = ranked.n FROM (SELECT id, {rank} AS n"  # noqa: S608
        op.execute(number_rows + f" FROM {table}) AS ranked WHERE {table}.id = ranked.id")
        counters = f"INSERT INTO owner_counters ({owner}, kind, last) SELECT {owner}, "
        op.execute(counters + f"'{kind}', MAX(number) FROM {table} GROUP BY {owner}")
        # SQLite rebuilds the table to make the column NOT NULL; keep AUTOINCREMENT (0003).
        with op.batch_alter_table(
            table, table_kwargs={"sqlite_autoincrement": True} if sqlite else {}
        ) as batch:
            batch.alter_column("number", existing_type=sa.Integer(), nullable=False)
        op.create_index(f"uq_{table}_owner_number", table, [*OWNER, "number"], unique=True)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, _ in reversed(NUMBERED):
        op.drop_index(f"uq_{table}_owner_number", table_name=table)
        with op.batch_alter_table(
            table, table_kwargs={"sqlite_autoincrement": True} if sqlite else {}
        ) as batch:
            batch.drop_column("number")
    op.drop_table("owner_counters")
