"""ids are never reused: AUTOINCREMENT on the SQLite tables whose ids people see

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 10:00:00

Without AUTOINCREMENT, SQLite gives a new row the largest id in the table plus one, so
deleting the newest interview hands its number to the next one, and an old
`interview delete 14` button (or a number someone remembered) acts on a different record.
AUTOINCREMENT keeps the highest id ever used in `sqlite_sequence`, so a number is never
handed out twice. SQLite can only add it by rebuilding the table (batch "recreate"), which
keeps every row and id; `storage.migrate` runs migrations with foreign-key enforcement off
so dropping the old copy cascades into nothing, then checks every reference afterwards.

An id deleted before this migration ran, above the largest id still present, is not
known to SQLite any more and can be given out once more; every id after that is unique.

PostgreSQL's sequences never reuse a number, so there this revision does nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: Parents before children, so each rebuilt table's references point at rebuilt tables.
TABLES = (
    "contacts",
    "interviews",
    "outcomes",
    "reminders",
    "custom_questions",
    "profiles",
    "match_rounds",
    "matches",
)


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TABLES:
        with op.batch_alter_table(
            name, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass


def upgrade() -> None:
    _rebuild(True)


def downgrade() -> None:
    _rebuild(False)
