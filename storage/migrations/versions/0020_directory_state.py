"""directory_state: which rules built the directory's search terms

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 11:00:00

One row. `rules_version` starts empty, so the first sweep after this upgrade rebuilds
every listing's terms with the rules of the day (bot/directory/refresh.py) and records
their fingerprint; later changes to the field model or the term rules are picked up the
same way. `claimed_until` is the claim of the replica doing it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    state = op.create_table(
        "directory_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("rules_version", sa.String(length=64), nullable=True),
        sa.Column("claimed_until", storage.types.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_state")),
    )
    op.bulk_insert(state, [{"id": 1, "rules_version": None, "claimed_until": None}])


def downgrade() -> None:
    op.drop_table("directory_state")
