"""conversation_requests and member_blocks: asking a directory member for a conversation

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 22:40:00

A request is a shared row read by its seeker and its helper only; the sweep walks the
waiting ones by `next_check_at` (a partial index: settled rows leave it). A block is
owned by the member who made it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHEN = storage.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "conversation_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace_id", sa.String(length=64), nullable=False),
        sa.Column("seeker_id", sa.String(length=64), nullable=False),
        sa.Column("helper_id", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("times", sa.Text(), nullable=False),
        sa.Column("decline_note", sa.Text(), nullable=False),
        sa.Column("agreed_at", _WHEN, nullable=True),
        sa.Column("created_at", _WHEN, nullable=True),
        sa.Column("sent_at", _WHEN, nullable=True),
        sa.Column("answered_at", _WHEN, nullable=True),
        sa.Column("reminded_at", _WHEN, nullable=True),
        sa.Column("expires_at", _WHEN, nullable=True),
        sa.Column("next_check_at", _WHEN, nullable=True),
        sa.Column("closed_at", _WHEN, nullable=True),
        sa.Column("interview_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_conversation_requests")),
        # Ids are carried by buttons: never reused on SQLite (see 0003).
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_conversation_requests_seeker",
        "conversation_requests",
        ["platform", "workspace_id", "seeker_id", "status"],
    )
    op.create_index(
        "ix_conversation_requests_helper",
        "conversation_requests",
        ["platform", "workspace_id", "helper_id", "status"],
    )
    op.create_index(
        "ix_conversation_requests_due",
        "conversation_requests",
        ["next_check_at"],
        postgresql_where=sa.text("next_check_at IS NOT NULL"),
        sqlite_where=sa.text("next_check_at IS NOT NULL"),
    )
    op.create_table(
        "member_blocks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("blocked_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", _WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_member_blocks")),
        sa.UniqueConstraint(
            "platform", "workspace_id", "user_id", "blocked_id", name="uq_member_blocks_pair"
        ),
    )
    op.create_index(
        "ix_member_blocks_blocked", "member_blocks", ["platform", "workspace_id", "blocked_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_member_blocks_blocked", table_name="member_blocks")
    op.drop_table("member_blocks")
    op.drop_index("ix_conversation_requests_due", table_name="conversation_requests")
    op.drop_index("ix_conversation_requests_helper", table_name="conversation_requests")
    op.drop_index("ix_conversation_requests_seeker", table_name="conversation_requests")
    op.drop_table("conversation_requests")
