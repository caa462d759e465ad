"""intro_requests get the request sweep's clock: a reminder at three days, expiry at five

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 02:00:00

Until now an unanswered introduction request stayed open for good. The columns are the
ones conversation_requests have (0015) and the sweep reads them the same way, through a
partial index on `next_check_at` that answered requests leave. Requests already open get
their clock from when they were made, so one over five days old expires at the next
sweep (its seeker is told and offered someone else) instead of waiting another week.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import sqlalchemy as sa
from alembic import op

import storage.types

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_WHEN = storage.types.UTCDateTime(timezone=True)
_CLOCK = ("reminded_at", "expires_at", "next_check_at")
#: Fixed here, not imported: a migration says what it did the day it was written.
_NUDGE_AFTER, _EXPIRE_AFTER = timedelta(days=3), timedelta(days=5)


def upgrade() -> None:
    for name in _CLOCK:
        op.add_column("intro_requests", sa.Column(name, _WHEN, nullable=True))
    op.create_index(
        "ix_intro_requests_due",
        "intro_requests",
        ["next_check_at"],
        postgresql_where=sa.text("next_check_at IS NOT NULL"),
        sqlite_where=sa.text("next_check_at IS NOT NULL"),
    )
    requests = sa.table(
        "intro_requests",
        sa.column("id", sa.Integer()),
        sa.column("status", sa.String()),
        sa.column("created_at", _WHEN),
        sa.column("expires_at", _WHEN),
        sa.column("next_check_at", _WHEN),
    )
    bind = op.get_bind()
    waiting = bind.execute(
        sa.select(requests.c.id, requests.c.created_at).where(requests.c.status == "open")
    ).all()
    if waiting:
        # Python, not SQL date arithmetic: the two databases spell it differently, and
        # the open requests of a community are a few hundred at most.
        bind.execute(
            sa.update(requests)
            .where(requests.c.id == sa.bindparam("row_id"))
            .values(expires_at=sa.bindparam("ends"), next_check_at=sa.bindparam("check")),
            [
                {
                    "row_id": row_id,
                    "ends": made + _EXPIRE_AFTER,
                    "check": made + _NUDGE_AFTER,
                }
                for row_id, made in waiting
            ],
        )


def downgrade() -> None:
    op.drop_index("ix_intro_requests_due", table_name="intro_requests")
    sqlite = op.get_bind().dialect.name == "sqlite"
    with op.batch_alter_table(
        "intro_requests", table_kwargs={"sqlite_autoincrement": True} if sqlite else {}
    ) as batch:
        for name in reversed(_CLOCK):
            batch.drop_column(name)
