"""Route the core's outgoing messages to the adapter of the recipient's platform."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot.domain import Actor
from bot.ports import DeliveryError, Notifier
from bot.ports.delivery import DeliveryLookup, DeliveryUnverifiable, GroupDeliveryLookup
from bot.reply import Reply


class RoutingNotifier:
    """One Notifier for the core; each started adapter registers itself for its platform."""

    def __init__(self) -> None:
        self._by_platform: dict[str, Notifier] = {}

    def register(self, platform: str, notifier: Notifier) -> None:
        self._by_platform[platform] = notifier

    def _for(self, platform: str) -> Notifier:
        notifier = self._by_platform.get(platform)
        if notifier is None:
            # Not permanent: the adapter may simply not be running in this process yet.
            raise DeliveryError(f"no adapter running for platform {platform!r}", permanent=False)
        return notifier

    async def send_dm(self, recipient: Actor, reply: Reply, *, idempotency_key: str) -> str:
        return await self._for(recipient.platform).send_dm(
            recipient, reply, idempotency_key=idempotency_key
        )

    async def find_delivered(
        self, recipient: Actor, *, idempotency_key: str, since: datetime
    ) -> str | None:
        notifier = self._for(recipient.platform)
        if not isinstance(notifier, DeliveryLookup):
            raise DeliveryUnverifiable(f"{recipient.platform} can't be asked what arrived")
        return await notifier.find_delivered(
            recipient, idempotency_key=idempotency_key, since=since
        )

    async def find_delivered_group(
        self, members: Sequence[Actor], *, idempotency_key: str, since: datetime
    ) -> str | None:
        if not members:
            return None
        notifier = self._for(members[0].platform)
        if not isinstance(notifier, GroupDeliveryLookup):
            raise DeliveryUnverifiable(f"{members[0].platform} can't be asked what arrived")
        return await notifier.find_delivered_group(
            members, idempotency_key=idempotency_key, since=since
        )

    async def send_group(
        self, members: Sequence[Actor], reply: Reply, *, idempotency_key: str
    ) -> str:
        if not members:
            raise DeliveryError("a group message needs at least one member", permanent=True)
        return await self._for(members[0].platform).send_group(
            members, reply, idempotency_key=idempotency_key
        )

    async def post_to_channel(
        self, platform: str, workspace_id: str, channel: str, reply: Reply, *, idempotency_key: str
    ) -> str:
        return await self._for(platform).post_to_channel(
            platform, workspace_id, channel, reply, idempotency_key=idempotency_key
        )
