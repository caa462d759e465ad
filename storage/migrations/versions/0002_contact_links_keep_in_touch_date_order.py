"""contacts: links and keep_in_touch; user_settings: date_order

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 16:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("links", sa.Text(), nullable=False, server_default=""))
        batch.add_column(
            sa.Column("keep_in_touch", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    with op.batch_alter_table("user_settings") as batch:
        batch.add_column(
            sa.Column("date_order", sa.String(length=3), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("user_settings") as batch:
        batch.drop_column("date_order")
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("keep_in_touch")
        batch.drop_column("links")
