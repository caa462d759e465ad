"""Asking a platform whether an earlier send already arrived, before sending again.

The dispatcher commits an in-flight mark just before each reminder reaches the
platform. A process killed after the platform accepted the message but before the
"sent" was committed leaves that mark behind; whoever claims the row next asks here
first, so the person gets the nudge once instead of twice.

This is a capability, not part of :class:`bot.ports.Notifier`: a notifier that cannot
answer (the console) simply lacks it, and the dispatcher then sends again and counts
the resend as unverified (at-least-once, as before).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

from bot.domain import Actor


class DeliveryUnverifiable(Exception):
    """The platform can't tell whether the earlier send arrived (the app may not read
    the DM's history, or the platform's own duplicate window has passed)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@runtime_checkable
class DeliveryLookup(Protocol):
    async def find_delivered(
        self, recipient: Actor, *, idempotency_key: str, since: datetime
    ) -> str | None:
        """The reference of the DM that `idempotency_key` produced at or after `since`,
        or None when there is none and sending again is safe (on a platform that drops
        repeats itself, None means the repeat will be dropped there).

        Raises :class:`DeliveryUnverifiable` when the platform can't be asked, and
        :class:`bot.ports.DeliveryError` for a transient failure (try again later)."""
        ...


@runtime_checkable
class GroupDeliveryLookup(Protocol):
    async def find_delivered_group(
        self, members: Sequence[Actor], *, idempotency_key: str, since: datetime
    ) -> str | None:
        """As :meth:`DeliveryLookup.find_delivered`, for a message sent to `members` at
        once with :meth:`bot.ports.Notifier.send_group` (a match introduction)."""
        ...
