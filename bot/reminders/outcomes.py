"""How a claimed reminder's attempt ends when it is not simply sent: put back, retried
later, dropped or given up. Each is a :class:`Settlement` the dispatcher records under
its claim token; nothing here touches the database or the platform."""

from __future__ import annotations

import logging
import random
from datetime import datetime, timedelta

from bot.domain import Reminder, ReminderStatus
from bot.ports.reminders import Settlement
from bot.reminders.dispatch_config import DispatchConfig

log = logging.getLogger(__name__)

PENDING = ReminderStatus.PENDING.value
FAILED = ReminderStatus.FAILED.value
CANCELLED = ReminderStatus.CANCELLED.value


def defer(row: Reminder, until: datetime) -> Settlement:
    """Nothing was tried: back to pending until `until`, the attempt handed back."""
    return Settlement(
        row.id or 0, PENDING, not_before=until, attempts_delta=-1, last_error=row.last_error
    )


def drop(row: Reminder, reason: str) -> Settlement:
    """Nothing to send any more (the journal moved on): end it, attempt handed back."""
    return Settlement(row.id or 0, CANCELLED, last_error=reason, attempts_delta=-1)


def retry(
    row: Reminder,
    reason: str,
    retry_after: float | None,
    *,
    config: DispatchConfig,
    now: datetime,
) -> Settlement:
    """A transient failure: try again after the platform's Retry-After, or after an
    exponential backoff with a little jitter (so a failed burst does not come back as
    one burst); past `max_attempts`, give up and say why."""
    rid = row.id or 0
    if row.attempts >= config.max_attempts:
        return Settlement(rid, FAILED, last_error=f"{reason} (gave up after {row.attempts})")
    if retry_after:
        delay = retry_after
    else:
        delay = min(
            config.backoff_base_seconds * 2 ** max(row.attempts - 1, 0),
            config.backoff_max_seconds,
        )
        delay *= 1 + random.random() * 0.1
    log.info("reminder %s will retry in %.0fs: %s", rid, delay, reason)
    return Settlement(rid, PENDING, not_before=now + timedelta(seconds=delay), last_error=reason)


def is_late(row: Reminder, now: datetime, config: DispatchConfig) -> bool:
    """Sent well after its time (downtime, a long backlog): the DM says so."""
    effective_due = max(row.due_at, row.not_before or row.due_at)
    return (now - effective_due).total_seconds() > config.late_after_seconds
