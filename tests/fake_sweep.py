"""The request sweep as plain loops, for both in-memory request repositories.

storage/repositories/request_sweep.py moves conversation requests and introduction
requests with one set of statements; the fakes share one loop in the same way, told
which attribute is whose by a :class:`FakeSweep`. tests/contract checks both against
SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.domain import Reminder, ReminderKind
from bot.ports.requests import SweepResult


@dataclass(frozen=True)
class FakeSweep:
    seeker: str  #: attribute: who hears of the expiry
    helper: str  #: attribute: who is reminded
    closed: str  #: attribute stamped on expiry
    waiting: tuple[str, ...]
    open: str
    expired: str
    news: ReminderKind
    nudge: ReminderKind
    news_text: Callable[[int], str]
    nudge_text: Callable[[int], str]


def sweep_rows(
    store: Any, rows: Sequence[Any], spec: FakeSweep, now: datetime, limit: int
) -> SweepResult:
    """Move up to `limit` due rows in place and add their outbox rows to `store`."""
    due = sorted(
        (r for r in rows if r.next_check_at is not None and r.next_check_at <= now),
        key=lambda r: r.next_check_at or now,
    )[:limit]
    reminded = expired = 0
    for r in due:
        if r.expires_at is not None and r.expires_at <= now and r.status in spec.waiting:
            r.status, r.next_check_at = spec.expired, None
            setattr(r, spec.closed, now)
            _outbox(store, r, getattr(r, spec.seeker), spec.news, spec.news_text(r.id), now)
            expired += 1
        elif r.status == spec.open and r.reminded_at is None:
            r.reminded_at, r.next_check_at = now, r.expires_at
            _outbox(store, r, getattr(r, spec.helper), spec.nudge, spec.nudge_text(r.id), now)
            reminded += 1
    return SweepResult(reminded=reminded, expired=expired)


def _outbox(store: Any, r: Any, owner: str, kind: ReminderKind, text: str, now: datetime) -> None:
    row = Reminder(
        r.platform, r.workspace_id, owner, kind.value, due_at=now, text=text, created_at=now
    )
    store.insert("reminders", row)
