"""contact_imports: `contact import` batches, staged for a preview, then kept for undo;
indexes on the columns that point at a contact

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06 19:40:00

A staged batch holds the file's usable rows until the person confirms or cancels (a day
at most); an applied one holds only the ids it added and the details it filled in.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_POINTERS = (
    ("ix_contacts_referred_by", "contacts", "referred_by_id"),
    ("ix_reminders_contact", "reminders", "contact_id"),
    ("ix_outcomes_contact", "outcomes", "contact_id"),
    ("ix_action_items_contact", "action_items", "contact_id"),
)


def upgrade() -> None:
    op.create_table(
        "contact_imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("rows", sa.JSON(), nullable=False),
        sa.Column("skipped", sa.Integer(), nullable=False),
        sa.Column("added_ids", sa.JSON(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("created_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("applied_at", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_imports")),
        # Ids are shown and carried by buttons: never reused on SQLite (see 0003).
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_contact_imports_owner", "contact_imports", ["platform", "workspace_id", "user_id"]
    )
    # Removing thousands of contacts at once (an import's undo) makes the database find
    # the rows that point at each one; without an index that is a scan per contact.
    for name, table, column in _POINTERS:
        op.create_index(name, table, [column])


def downgrade() -> None:
    for name, table, _ in reversed(_POINTERS):
        op.drop_index(name, table_name=table)
    op.drop_index("ix_contact_imports_owner", table_name="contact_imports")
    op.drop_table("contact_imports")
