"""reminders: an index for fair claims across workspaces

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08 10:00:00

The dispatcher's claim takes due reminders round-robin across workspaces instead of
oldest first (storage/repositories/reminder_claims.py). It lists the workspaces that have
pending reminders with one probe each and reads each one's oldest and most recently due
rows with a short range scan; this partial index over pending rows, ordered by
workspace and due time, is what makes both cheap with 100,000 overdue rows in one
workspace.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING_ONLY = sa.text("status = 'pending'")


def upgrade() -> None:
    op.create_index(
        "ix_reminders_pending_by_workspace",
        "reminders",
        ["platform", "workspace_id", "due_at", "id"],
        postgresql_where=PENDING_ONLY,
        sqlite_where=PENDING_ONLY,
    )


def downgrade() -> None:
    op.drop_index("ix_reminders_pending_by_workspace", table_name="reminders")
