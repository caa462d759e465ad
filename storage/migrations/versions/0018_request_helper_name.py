"""conversation_requests keep the helper's name when they offer times

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 02:40:00

When a helper offers times and the seeker picks one, the seeker's action is what adds the
helper to the seeker's journal, and it carries no name of the helper's: the contact was
named after their role ("Owner at Crumb & Co"). The helper's name, as their platform
gave it when they answered, is kept on the request for that moment; erasing the helper
blanks it with their other words. Requests answered before this keep the old label.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "conversation_requests",
        sa.Column("helper_name", sa.String(120), nullable=False, server_default=""),
    )


def downgrade() -> None:
    with op.batch_alter_table(
        "conversation_requests", table_kwargs={"sqlite_autoincrement": True}
    ) as batch:
        batch.drop_column("helper_name")
