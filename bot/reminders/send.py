"""Send one prepared reminder through the Notifier and say how the attempt ended.

The workspace's token bucket is asked first. The claim already took only what each
workspace had room for, so this normally waits for nothing; a wait longer than
`max_rate_wait_seconds` (a 429 arrived mid-batch) puts the row back instead of holding
its claim. ``reminder-<id>`` is the idempotency key (Discord's nonce, Slack's message
metadata).

No send reaches the platform before its in-flight mark is committed. A row that comes
back with a mark (its sender died, or its send timed out) may already be in the
person's DMs, so the platform is asked first (:class:`bot.ports.delivery.DeliveryLookup`):
if the message is there, the row is settled as sent with that message and nothing is
sent again. Where the platform cannot say, the reminder is sent again and counted in
``unverified_resends`` (at-least-once, the old promise).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from bot.domain import Reminder, ReminderStatus
from bot.ports import DeliveryError, Notifier
from bot.ports.delivery import DeliveryLookup, DeliveryUnverifiable, GroupDeliveryLookup
from bot.ports.reminders import Settlement
from bot.reminders.dispatch_config import DispatchConfig, DispatchStats, owner_of
from bot.reminders.outcomes import FAILED, defer, is_late, retry
from bot.reminders.outgoing import Outgoing
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
    reply: Reply | Outgoing,
    now: datetime,
    *,
    stopping: Callable[[], bool],
    mark: Callable[[int], Awaitable[bool]],
    stats: DispatchStats,
) -> Settlement:
    rid = row.id or 0
    idempotency_key = delivery_key(row)
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
        if row.sending_since is not None:
            earlier = await _earlier_delivery(notifier, row, reply, idempotency_key, config, stats)
            if earlier is not None:
                return Settlement(
                    rid, SENT, sent_at=services.clock.now(), late=late, message_ref=earlier[:200]
                )
        if not await mark(rid):
            # Not recorded as in flight (database gone, or the row is no longer ours):
            # sending now could make a duplicate nobody would know to check for.
            return defer(row, now)
        ref = await asyncio.wait_for(
            _deliver(notifier, row, reply, idempotency_key), config.send_timeout_seconds
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


async def _deliver(
    notifier: Notifier, row: Reminder, reply: Reply | Outgoing, idempotency_key: str
) -> str:
    """A DM to the row's owner, or where a round's message goes (a group, a channel)."""
    if not isinstance(reply, Outgoing):
        return await notifier.send_dm(owner_of(row), reply, idempotency_key=idempotency_key)
    if reply.channel:
        return await notifier.post_to_channel(
            row.platform,
            row.workspace_id,
            reply.channel,
            reply.reply,
            idempotency_key=idempotency_key,
        )
    if reply.members:
        return await notifier.send_group(
            list(reply.members), reply.reply, idempotency_key=idempotency_key
        )
    return await notifier.send_dm(owner_of(row), reply.reply, idempotency_key=idempotency_key)


async def _ask(
    notifier: Notifier, row: Reminder, reply: Reply | Outgoing, idempotency_key: str
) -> str | None:
    """Ask the platform about an earlier send; DeliveryUnverifiable when it can't say."""
    assert row.sending_since is not None
    since = row.sending_since
    if isinstance(reply, Outgoing) and reply.channel:
        raise DeliveryUnverifiable("a channel post can't be looked up")
    if isinstance(reply, Outgoing) and reply.members:
        if not isinstance(notifier, GroupDeliveryLookup):
            raise DeliveryUnverifiable("this platform can't be asked about group messages")
        return await notifier.find_delivered_group(
            list(reply.members), idempotency_key=idempotency_key, since=since
        )
    if not isinstance(notifier, DeliveryLookup):
        raise DeliveryUnverifiable("this platform can't be asked")
    return await notifier.find_delivered(
        owner_of(row), idempotency_key=idempotency_key, since=since
    )


def delivery_key(row: Reminder) -> str:
    """One key per delivery of a reminder: the same for every retry of it (so Discord's
    nonce and Slack's metadata recognise a repeat), a new one once a sent reminder is
    snoozed and comes due again (its earlier delivery must not swallow the new one)."""
    key = f"reminder-{row.id or 0}"
    if row.sent_at is not None:
        key += f"-{int(row.sent_at.timestamp())}"
    return key


async def _earlier_delivery(
    notifier: Notifier,
    row: Reminder,
    reply: Reply | Outgoing,
    idempotency_key: str,
    config: DispatchConfig,
    stats: DispatchStats,
) -> str | None:
    """The message an unsettled earlier send left in the person's DMs (or the group's
    conversation), if any."""
    assert row.sending_since is not None
    stats.rechecked += 1
    try:
        found = await asyncio.wait_for(
            _ask(notifier, row, reply, idempotency_key), config.send_timeout_seconds
        )
    except DeliveryUnverifiable as exc:
        reason = exc.reason
    else:
        if found is not None:
            stats.already_delivered += 1
            log.info("reminder %s had arrived before a crash; not sending it again", row.id)
        return found
    stats.unverified_resends += 1
    log.warning(
        "reminder %s may have arrived before a crash, but %s; sending it again", row.id, reason
    )
    return None
