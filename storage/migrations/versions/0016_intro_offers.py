"""intro_offers and intro_requests: warm introductions (issue 18 §3)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 22:40:00

An offer is a company name a member can introduce people to (never a contact's name);
a request is a seeker asking one such member for an introduction there, with a reason.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHEN = storage.types.UTCDateTime(timezone=True)


def _owner() -> list[sa.Column[str]]:
    return [
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "intro_offers",
        sa.Column("id", sa.Integer(), nullable=False),
        *_owner(),
        sa.Column("company", sa.String(length=200), nullable=False),
        sa.Column("company_key", sa.String(length=200), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intro_offers")),
        sa.UniqueConstraint(
            "platform", "workspace_id", "user_id", "company_key", name="uq_intro_offers_owner_key"
        ),
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_intro_offers_key", "intro_offers", ["platform", "workspace_id", "company_key"]
    )
    op.create_table(
        "intro_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        *_owner(),
        sa.Column("member_id", sa.String(length=64), nullable=False),
        sa.Column("company", sa.String(length=200), nullable=False),
        sa.Column("company_key", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.String(length=600), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("answered_at", _WHEN, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intro_requests")),
        # Ids are carried by Accept/Decline buttons: never reused on SQLite (see 0003).
        sqlite_autoincrement=True,
    )
    op.create_index(
        "ix_intro_requests_seeker",
        "intro_requests",
        ["platform", "workspace_id", "user_id", "created_at"],
    )
    op.create_index(
        "ix_intro_requests_member",
        "intro_requests",
        ["platform", "workspace_id", "member_id", "status"],
    )


def downgrade() -> None:
    op.drop_index("ix_intro_requests_member", table_name="intro_requests")
    op.drop_index("ix_intro_requests_seeker", table_name="intro_requests")
    op.drop_table("intro_requests")
    op.drop_index("ix_intro_offers_key", table_name="intro_offers")
    op.drop_table("intro_offers")
