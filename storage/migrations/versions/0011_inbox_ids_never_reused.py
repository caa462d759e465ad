"""inbox: ids never reused (AUTOINCREMENT on SQLite)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 20:20:00

A command's inbox row is deleted in the command's own commit, while the worker that runs
it still holds its id. Without AUTOINCREMENT, SQLite gave the next row written the same
id, so two requests held one id at once: the fair queue's "this person has a command
running" mark was cleared for the wrong one, and a member's next click waited forever
(tests/slack/test_no_broadcast.py caught it). PostgreSQL's sequences never reuse an id,
so there this revision does nothing. See 0003 for how SQLite gets AUTOINCREMENT.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        "inbox", recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
    ):
        pass


def upgrade() -> None:
    _rebuild(True)


def downgrade() -> None:
    _rebuild(False)
