"""Column groups every table shares: the tenant, the owner and the per-person number.

Split from tables.py so the feature tables in other modules (tables_community.py) build
their rows the same way.
"""

from __future__ import annotations

from sqlalchemy import Column, Index, Integer, String

#: Tables whose ids people see or buttons carry (`interview delete 14`, `checkin done 2`)
#: use AUTOINCREMENT on SQLite, so a deleted row's number is never handed to a new one and
#: an old button or a remembered number can never act on a different record. PostgreSQL
#: sequences never reuse a number anyway. Migration 0003 rebuilds older SQLite databases.
NEVER_REUSE_IDS = True


def tenant() -> list[Column[str]]:
    return [
        Column("platform", String(16), nullable=False),
        Column("workspace_id", String(64), nullable=False),
    ]


def owned() -> list[Column[str]]:
    return [*tenant(), Column("user_id", String(64), nullable=False)]


def numbered(name: str) -> list[Column[int] | Index]:
    """The per-person number people see and type (`interview show 3`), and the unique
    index that makes a number name one row of one owner (storage/numbering.py)."""
    return [
        Column("number", Integer, nullable=False),
        Index(
            f"uq_{name}_owner_number", "platform", "workspace_id", "user_id", "number", unique=True
        ),
    ]


def group_numbered(name: str) -> list[Column[int] | Index]:
    """The number a group's shared records carry (`round #3`, `mentor met 4 yes`):
    counted per workspace, so it says nothing about any other community."""
    return [
        Column("number", Integer, nullable=False),
        Index(f"uq_{name}_tenant_number", "platform", "workspace_id", "number", unique=True),
    ]
