"""Send one prepared reminder through the Notifier and say how the attempt ended.

The workspace's token bucket is asked first. The claim already took only what each
workspace had room for, so this normally waits for nothing; a wait longer than
`max_rate_wait_seconds` (a 429 arrived mid-batch) puts the row back instead of holding
its claim. ``reminder-<id>`` is the idempotency key (Discord's nonce).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from bot.domain import Reminder, ReminderStatus
from bot.ports import DeliveryError
from bot.ports.reminders import Settlement
from bot.reminders.dispatch_config import DispatchConfig, owner_of
from bot.reminders.outcomes import FAILED, defer, is_late, retry
from bot.reminders.ratelimit import WorkspaceLimiter
from bot.reply import Reply
from bot.services import Services

log = logging.getLogger(__name__)

SENT = ReminderStatus.SENT.value


async def send_one(
    services: Services,
    config: DispatchConfig,
    limiter: WorkspaceLimiter,
    row: Reminder,
    reply: Reply,
    now: datetime,
    *,
    stopping: Callable[[], bool],
) -> Settlement:
    rid = row.id or 0
    late = is_late(row, now, config)
    key = (row.platform, row.workspace_id)
    wait = limiter.reserve(key, config.max_rate_wait_seconds)
    if wait is None:
        return defer(row, now + timedelta(seconds=config.max_rate_wait_seconds))
    if wait:
        await asyncio.sleep(wait)
    if stopping():
        # Shutting down: hand the claim back at once rather than strand the row
        # until its lease expires; another process (or the next start) sends it.
        return defer(row, now)
    notifier = services.notifier
    try:
        if notifier is None:
            raise DeliveryError("no notifier configured", permanent=False)
        ref = await asyncio.wait_for(
            notifier.send_dm(owner_of(row), reply, idempotency_key=f"reminder-{rid}"),
            config.send_timeout_seconds,
        )
    except DeliveryError as exc:
        if exc.permanent:
            log.warning("reminder %s undeliverable: %s", rid, exc.reason)
            return Settlement(rid, FAILED, last_error=exc.reason)
        if exc.retry_after:
            limiter.block_for(key, exc.retry_after)
        return retry(row, exc.reason, exc.retry_after, config=config, now=services.clock.now())
    except TimeoutError:
        reason = f"no answer within {config.send_timeout_seconds:g}s"
        return retry(row, reason, None, config=config, now=services.clock.now())
    return Settlement(
        rid, SENT, sent_at=services.clock.now(), late=late, message_ref=str(ref)[:200]
    )
