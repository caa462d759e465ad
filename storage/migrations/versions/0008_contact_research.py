"""contacts: research notes and the ticked research checklist

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 18:00:00

What a person found out before a conversation belongs to the contact (it outlives any
one interview) and is shown in the prep pack; ticked checklist items are kept by key.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Rebuilding contacts on SQLite must keep AUTOINCREMENT (ids are never reused: 0003).
    with op.batch_alter_table("contacts", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.add_column(sa.Column("research", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("research_done", sa.JSON(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("contacts", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.drop_column("research_done")
        batch.drop_column("research")
