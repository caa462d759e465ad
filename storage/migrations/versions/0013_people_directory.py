"""profiles: consent per feature and the open-to-chat directory; directory_terms

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 19:40:00

One profile row per member holds the data mentor matching and the directory share;
`in_matching` and `listed_at` are the two consents, so joining one never enrols anyone
in the other. Existing rows were all made by `mentor join`, hence `in_matching` true.
`directory_terms` is the search index of listed members (derived, replaced on change).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHEN = storage.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("profiles", table_kwargs={"sqlite_autoincrement": True}) as batch:
        batch.add_column(
            sa.Column("in_matching", sa.Boolean(), nullable=False, server_default=sa.true())
        )
        batch.add_column(sa.Column("listed_at", _WHEN, nullable=True))
        batch.add_column(sa.Column("company", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("path_tags", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("school", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("class_year", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("chat_medium", sa.String(16), nullable=False, server_default=""))
        batch.add_column(sa.Column("chat_minutes", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("ask_budget", sa.Integer(), nullable=False, server_default="2"))
        batch.add_column(sa.Column("listing_paused_until", _WHEN, nullable=True))
        batch.add_column(
            sa.Column("listing_rank", sa.Integer(), nullable=False, server_default="0")
        )
    op.create_index(
        "ix_profiles_listing",
        "profiles",
        ["platform", "workspace_id", "listing_rank"],
        postgresql_where=sa.text("listed_at IS NOT NULL"),
        sqlite_where=sa.text("listed_at IS NOT NULL"),
    )
    op.create_table(
        "directory_terms",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("workspace_id", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("value", sa.String(length=100), nullable=False),
        sa.Column("listing_rank", sa.Integer(), nullable=False, server_default="0"),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_directory_terms_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_terms")),
    )
    op.create_index(
        "ix_directory_terms_lookup",
        "directory_terms",
        ["platform", "workspace_id", "kind", "value", "listing_rank", "profile_id"],
    )
    op.create_index(
        "ix_directory_terms_owner", "directory_terms", ["platform", "workspace_id", "user_id"]
    )
    op.create_index(
        "ix_directory_terms_profile",
        "directory_terms",
        ["profile_id", "kind", "value", "platform", "workspace_id"],
    )


def downgrade() -> None:
    op.drop_index("ix_directory_terms_profile", table_name="directory_terms")
    op.drop_index("ix_directory_terms_owner", table_name="directory_terms")
    op.drop_index("ix_directory_terms_lookup", table_name="directory_terms")
    op.drop_table("directory_terms")
    op.drop_index("ix_profiles_listing", table_name="profiles")
    with op.batch_alter_table("profiles", table_kwargs={"sqlite_autoincrement": True}) as batch:
        for name in (
            "listing_rank",
            "listing_paused_until",
            "ask_budget",
            "chat_minutes",
            "chat_medium",
            "class_year",
            "school",
            "path_tags",
            "company",
            "listed_at",
            "in_matching",
        ):
            batch.drop_column(name)
