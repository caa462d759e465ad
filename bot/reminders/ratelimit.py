"""Per-workspace token buckets for messages the bot starts on its own.

Slack and Discord both throttle per workspace/guild and per route; staying under a steady
rate keeps reminder bursts (a Monday 09:00 spike) from earning 429s that would slow every
other message of that workspace. A bucket never makes a sender wait long: the dispatcher
asks how long the wait would be and, past a few seconds, puts the reminder back for later
instead of holding its claim (a long wait could outlive the claim's lease).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.ports.reminders import ClaimLimits

_UNLIMITED = 1e12


class TokenBucket:
    def __init__(
        self, rate: float, burst: float, *, now: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate = rate
        self.burst = burst
        self._now = now
        self._tokens = burst
        self._stamp = now()
        self._blocked_until = 0.0

    def _refill(self) -> float:
        current = self._now()
        self._tokens = min(self.burst, self._tokens + (current - self._stamp) * self.rate)
        self._stamp = current
        return current

    def reserve(self, max_wait: float) -> float | None:
        """Take one token; returns seconds to wait before using it, or None (and takes
        nothing) when that wait would exceed `max_wait`."""
        current = self._refill()
        wait = max(0.0, self._blocked_until - current)
        if self._tokens < 1:
            wait = max(wait, (1 - self._tokens) / self.rate)
        if wait > max_wait:
            return None
        self._tokens -= 1
        return wait

    def block_for(self, seconds: float) -> None:
        """The platform said "slow down" (429 Retry-After): nothing goes out meanwhile."""
        self._blocked_until = max(self._blocked_until, self._now() + seconds)

    def available(self) -> int:
        """Messages that may go out right now without waiting (none while blocked)."""
        current = self._refill()
        if self._blocked_until > current:
            return 0
        return int(self._tokens)

    def at_rest(self) -> bool:
        """Full and not blocked: no different from a bucket made fresh."""
        current = self._refill()
        return self._tokens >= self.burst and self._blocked_until <= current


class WorkspaceLimiter:
    """One bucket per (platform, workspace); `rate=None` means no steady limit (tests,
    benchmarks), though a platform's Retry-After still blocks that workspace."""

    def __init__(
        self,
        rate: float | None,
        burst: float,
        *,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.burst = burst
        self._now = now
        self._buckets: dict[tuple[str, str], TokenBucket] = {}

    def _bucket(self, key: tuple[str, str]) -> TokenBucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            rate, burst = (self.rate, self.burst) if self.rate else (_UNLIMITED, _UNLIMITED)
            bucket = self._buckets[key] = TokenBucket(rate, burst, now=self._now)
        return bucket

    def reserve(self, key: tuple[str, str], max_wait: float) -> float | None:
        return self._bucket(key).reserve(max_wait)

    def block_for(self, key: tuple[str, str], seconds: float) -> None:
        self._bucket(key).block_for(seconds)

    def fresh_room(self, batch_size: int) -> int:
        """How much one claim may take from a workspace that sent nothing lately."""
        return max(1, min(batch_size, int(self.burst))) if self.rate else batch_size

    def claim_limits(self, batch_size: int) -> ClaimLimits:
        """What each workspace may take in the next claim: its room now. Rate-limited
        ones (empty bucket, or a Retry-After running) get 0, so the claim leaves their
        rows alone instead of claiming them only to put them back, which used to push
        every other workspace's check-ins behind them. Buckets back at rest are
        forgotten here, so the list stays as short as the set of busy workspaces."""
        room = self.fresh_room(batch_size)
        busy: dict[tuple[str, str], int] = {}
        for key, bucket in list(self._buckets.items()):
            if bucket.at_rest():
                del self._buckets[key]
                continue
            available = bucket.available()
            if available < room:
                busy[key] = available
        return ClaimLimits(per_workspace=room, workspaces=busy)
