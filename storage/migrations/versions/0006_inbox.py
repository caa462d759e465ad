"""inbox: acknowledged Slack commands, durable until answered

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-10 10:00:00

A slash command is written here before Slack gets its ack, so a stop or a crash between
the ack and the answer loses nothing: the row is answered by whichever process claims it
next, and deleted once answered.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("received_at", storage.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=True),
        sa.Column("lease_until", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbox")),
    )
    op.create_index(op.f("ix_inbox_lease_until"), "inbox", ["lease_until"])
    op.create_index(op.f("ix_inbox_owner"), "inbox", ["owner"])


def downgrade() -> None:
    op.drop_index(op.f("ix_inbox_owner"), table_name="inbox")
    op.drop_index(op.f("ix_inbox_lease_until"), table_name="inbox")
    op.drop_table("inbox")
