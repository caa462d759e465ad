"""directory listings are found by word roots: "nurses" finds a nurse

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 10:00:00

`people find` now searches plain words and topics by their root ("nurses", "nursing" and
"nurse" are all "nurs"; bot/directory/terms.py, `root`), held in the terms index as
kinds `root` and `topic-root` beside the words themselves. New and changed listings get
them from `terms_of`; this gives listings already in the directory theirs, from the
`word` and `topic` terms they hold, so nobody drops out of a search until they edit.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5_000
#: Fixed here, not imported: a migration says what it did the day it was written (the
#: rules of bot.directory.terms.root on 2026-12-07).
_ENDINGS = (
    ("ings", 3),
    ("ing", 3),
    ("ers", 3),
    ("ies", 4),
    ("er", 3),
    ("es", 4),
    ("ed", 4),
    ("s", 4),
)
_KEEP = ("ss", "is", "us", "eer")
_ROOT_KIND = {"word": "root", "topic": "topic-root"}

_terms = sa.table(
    "directory_terms",
    sa.column("id", sa.Integer()),
    sa.column("platform", sa.String()),
    sa.column("workspace_id", sa.String()),
    sa.column("user_id", sa.String()),
    sa.column("profile_id", sa.Integer()),
    sa.column("kind", sa.String()),
    sa.column("value", sa.String()),
    sa.column("listing_rank", sa.Integer()),
)


def _root(word: str) -> str:
    base = word
    if word.endswith(_KEEP):
        base = word
    elif word.endswith("s") and word[:-1].endswith(_KEEP):
        base = word[:-1]
    else:
        for ending, shortest in _ENDINGS:
            cut = word[: -len(ending)]
            if word.endswith(ending) and len(cut) >= shortest:
                base = cut + "y" if ending == "ies" else cut
                break
    if base != word and len(base) > 3 and base[-1] == base[-2] and base[-1] not in "aeiouy":
        base = base[:-1]
    if len(base) >= 5 and base.endswith("e"):
        base = base[:-1]
    return base


def _pages(bind: Any) -> Iterator[list[Any]]:
    """The word and topic terms, a page at a time in id order (keyset, not offset)."""
    last = 0
    while True:
        rows = bind.execute(
            sa.select(_terms)
            .where(_terms.c.kind.in_(tuple(_ROOT_KIND)), _terms.c.id > last)
            .order_by(_terms.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            return
        yield rows
        last = rows[-1].id


def upgrade() -> None:
    bind = op.get_bind()
    # A listing's terms were written together (consecutive ids), so its roots are
    # deduplicated as it goes: "nurse" and "nursing" in one listing give one root.
    current, seen = None, set[tuple[str, str]]()
    for rows in _pages(bind):
        new = []
        for row in rows:
            if row.profile_id != current:
                current, seen = row.profile_id, set()
            kind, value = _ROOT_KIND[row.kind], _root(row.value)
            if (kind, value) in seen:
                continue
            seen.add((kind, value))
            new.append(
                {
                    "platform": row.platform,
                    "workspace_id": row.workspace_id,
                    "user_id": row.user_id,
                    "profile_id": row.profile_id,
                    "kind": kind,
                    "value": value,
                    "listing_rank": row.listing_rank,
                }
            )
        if new:
            bind.execute(sa.insert(_terms), new)


def downgrade() -> None:
    op.execute(sa.delete(_terms).where(_terms.c.kind.in_(tuple(_ROOT_KIND.values()))))
