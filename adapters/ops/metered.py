"""A Notifier wrapper that measures every outgoing message.

Why at the notifier and not inside the reminders dispatcher: the core (`bot/`) may not
import prometheus or the adapters, and every message the bot sends on its own passes
through the one Notifier the composition root hands the core. Reminder deliveries are
recognised by their idempotency key (`reminder-<id>`, set by the dispatcher); other
messages (match introductions, round announcements) count only as platform errors when
they fail.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import datetime

from adapters.ops.metrics import Metrics
from bot.domain import Actor
from bot.ports import DeliveryError, Notifier
from bot.ports.delivery import DeliveryLookup, DeliveryUnverifiable
from bot.reply import Reply

REMINDER_KEY_PREFIX = "reminder-"


#: Platforms whose adapter counts each 429 response itself.
SELF_COUNTING_429 = frozenset({"slack"})


class MeteredNotifier:
    def __init__(self, inner: Notifier, metrics: Metrics) -> None:
        self.inner = inner
        self.metrics = metrics

    async def send_dm(self, recipient: Actor, reply: Reply, *, idempotency_key: str) -> str:
        started = time.perf_counter()
        reminder = idempotency_key.startswith(REMINDER_KEY_PREFIX)
        try:
            ref = await self.inner.send_dm(recipient, reply, idempotency_key=idempotency_key)
        except DeliveryError as exc:
            self._failed(recipient.platform, exc, time.perf_counter() - started, reminder)
            raise
        if reminder:
            self.metrics.reminder_sent(recipient.platform, time.perf_counter() - started)
        return ref

    async def find_delivered(
        self, recipient: Actor, *, idempotency_key: str, since: datetime
    ) -> str | None:
        if not isinstance(self.inner, DeliveryLookup):
            raise DeliveryUnverifiable("this notifier can't be asked what arrived")
        return await self.inner.find_delivered(
            recipient, idempotency_key=idempotency_key, since=since
        )

    async def send_group(
        self, members: Sequence[Actor], reply: Reply, *, idempotency_key: str
    ) -> str:
        started = time.perf_counter()
        try:
            return await self.inner.send_group(members, reply, idempotency_key=idempotency_key)
        except DeliveryError as exc:
            platform = members[0].platform if members else "unknown"
            self._failed(platform, exc, time.perf_counter() - started, reminder=False)
            raise

    async def post_to_channel(
        self, platform: str, workspace_id: str, channel: str, reply: Reply, *, idempotency_key: str
    ) -> str:
        started = time.perf_counter()
        try:
            return await self.inner.post_to_channel(
                platform, workspace_id, channel, reply, idempotency_key=idempotency_key
            )
        except DeliveryError as exc:
            self._failed(platform, exc, time.perf_counter() - started, reminder=False)
            raise

    def _failed(self, platform: str, exc: DeliveryError, seconds: float, reminder: bool) -> None:
        # Slack counts every 429 answer where it happens (adapters/slack/client.py), the
        # retried ones included; counting the last one again here would double it.
        if platform not in SELF_COUNTING_429 and (
            exc.retry_after is not None or exc.reason == "rate_limited"
        ):
            self.metrics.rate_limited(platform)
        self.metrics.platform_error(platform, exc.reason)
        if reminder:
            self.metrics.reminder_failed(platform, exc.reason, seconds, final=exc.permanent)
