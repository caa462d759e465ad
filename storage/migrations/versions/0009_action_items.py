"""action_items: the things to do after a conversation, one row each

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-06 18:10:00

The free-text interviews.action_items column stays (it is kept in sync as the items'
text, so older readers and exports still see it); the items themselves, with a due date,
a done mark and the check-in a due date makes, live here.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "action_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("interview_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("due_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("done_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reminder_id", sa.Integer(), nullable=True),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["interview_id"],
            ["interviews.id"],
            name=op.f("fk_action_items_interview_id_interviews"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_action_items_contact_id_contacts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reminder_id"],
            ["reminders.id"],
            name=op.f("fk_action_items_reminder_id_reminders"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_items")),
        # Ids are shown and carried by buttons: never reused on SQLite (see 0003).
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_action_items_owner", "action_items", ["platform", "workspace_id", "user_id"]
    )
    op.create_index("ix_action_items_interview", "action_items", ["interview_id"])


def downgrade() -> None:
    op.drop_index("ix_action_items_interview", table_name="action_items")
    op.drop_index("ix_action_items_owner", table_name="action_items")
    op.drop_table("action_items")
