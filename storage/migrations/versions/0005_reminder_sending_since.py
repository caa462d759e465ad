"""reminders: sending_since, the durable in-flight mark

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-09 10:00:00

The dispatcher commits this mark just before a reminder reaches the platform and clears
it when the row ends. A row claimed again after a crash with the mark set may already
be in the person's DMs, so the platform is asked before the reminder is sent again.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reminders") as batch:
        batch.add_column(
            sa.Column("sending_since", storage.types.UTCDateTime(timezone=True), nullable=True)
        )


def downgrade() -> None:
    with op.batch_alter_table("reminders") as batch:
        batch.drop_column("sending_since")
