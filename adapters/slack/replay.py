"""Refuse replayed Slack requests: the same signature seen twice inside the window.

Bolt verifies the HMAC signature and refuses timestamps more than five minutes away from
now (either direction), but it does not remember what it has already accepted: a request
captured in transit could be sent again, verbatim, for up to five minutes (ten with a
timestamp five minutes in the future). Slack's own retries are signed anew, so a repeated
signature is never a legitimate delivery. This middleware keeps each accepted signature
for ten minutes and answers a repeat with 401, like any other verification failure.

Two layers: a bounded memory per process (a flood of valid signed requests cannot grow
it without limit) refuses repeats at no cost; behind a load balancer, a shared
:class:`ReplayLedger` (a database table, `storage.replay`) refuses a replay that lands
on a different replica. `INROADS_SLACK_REPLAY_STORE` picks the layers (see settings).
"""

from __future__ import annotations

import logging
import re
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol

from multidict import CIMultiDictProxy
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

log = logging.getLogger(__name__)

_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
WINDOW_SECONDS = 600.0
MAX_ENTRIES = 200_000


def looks_signed(headers: CIMultiDictProxy[str]) -> bool:
    """Both Slack headers present and well formed. Checked before bolt, whose verifier
    raises on a non-numeric timestamp (a 500 and an ERROR log instead of a plain 401)."""
    timestamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    return bool(_TIMESTAMP.fullmatch(timestamp) and _SIGNATURE.fullmatch(signature))


class ReplayLedger(Protocol):
    """Signatures accepted by any replica (`storage.replay.SqlReplayLedger`)."""

    async def first_time(self, signature: str, now: datetime) -> bool: ...

    async def forget_before(self, cutoff: datetime) -> int: ...


class ReplayGuard:
    def __init__(
        self,
        window_seconds: float = WINDOW_SECONDS,
        max_entries: int = MAX_ENTRIES,
        clock: Callable[[], float] = time.monotonic,
        ledger: ReplayLedger | None = None,
    ) -> None:
        self.window = window_seconds
        self.max_entries = max_entries
        self.clock = clock
        self.ledger = ledger
        self._seen: OrderedDict[str, float] = OrderedDict()
        self.refused = 0

    def first_time(self, signature: str) -> bool:
        """Remember `signature`; False when it was already seen inside the window."""
        now = self.clock()
        while self._seen:
            oldest, seen_at = next(iter(self._seen.items()))
            if now - seen_at < self.window:
                break
            del self._seen[oldest]
        if signature in self._seen:
            return False
        self._seen[signature] = now
        if len(self._seen) > self.max_entries:
            self._seen.popitem(last=False)
        return True

    async def middleware(
        self,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],  # bolt passes it by this name
    ) -> BoltResponse:
        values = req.headers.get("x-slack-signature") or []
        signature = values[0] if values else ""
        if signature and req.mode == "http":
            if not self.first_time(signature):
                return self._refuse("this replica")
            if not await self._first_time_anywhere(signature):
                return self._refuse("another replica")
        return await next()

    async def _first_time_anywhere(self, signature: str) -> bool:
        """Ask the shared ledger. If it can't answer (database down), accept: a command
        needs the database too, so a replay then achieves nothing, and refusing would
        turn an outage into every Slack request failing."""
        if self.ledger is None:
            return True
        try:
            return await self.ledger.first_time(signature, datetime.now(UTC))
        except Exception:
            log.warning("the replay ledger is unreachable; relying on this replica's memory")
            return True

    def _refuse(self, where: str) -> BoltResponse:
        self.refused += 1
        log.warning("refused a replayed Slack request (signature already used by %s)", where)
        return BoltResponse(status=401, body="")

    async def prune(self) -> int:
        """Drop ledger rows older than the window (the component calls this regularly)."""
        if self.ledger is None:
            return 0
        cutoff = datetime.now(UTC) - timedelta(seconds=self.window)
        return await self.ledger.forget_before(cutoff)
