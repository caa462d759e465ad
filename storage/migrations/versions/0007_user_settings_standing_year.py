"""user_settings: standing and class_year, facts the drafts may state about you

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-11 10:00:00

Drafts say "I'm studying at …" or "Like you, I'm a … graduate (class of 2019)" only from
what the person saved: a current student is never called an alum, and no year is guessed.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("user_settings") as batch:
        batch.add_column(sa.Column("standing", sa.String(16), nullable=False, server_default=""))
        batch.add_column(sa.Column("class_year", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("user_settings") as batch:
        batch.drop_column("class_year")
        batch.drop_column("standing")
