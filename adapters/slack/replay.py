"""Refuse replayed Slack requests: the same signature seen twice inside the window.

Bolt verifies the HMAC signature and refuses timestamps more than five minutes away from
now (either direction), but it does not remember what it has already accepted: a request
captured in transit could be sent again, verbatim, for up to five minutes (ten with a
timestamp five minutes in the future). Slack's own retries are signed anew, so a repeated
signature is never a legitimate delivery. This middleware keeps each accepted signature
for ten minutes and answers a repeat with 401, like any other verification failure.

Two layers:
* a bounded memory per process (a flood of valid signed requests cannot grow it without
  limit) refuses a repeat at the door with 401, at no cost;
* behind a load balancer, a shared :class:`ReplayLedger` (a database table,
  `storage.replay`) catches a replay that lands on a different replica. Its write starts
  at the door but the ack does not wait for it (a database round trip on the ack path,
  under load, queued behind earlier commands' work); instead every listener's work waits
  for the verdict (:func:`is_replay`) before doing anything, so a replay is acked and
  then dropped: nothing runs, nothing is written, nothing is answered.
`INROADS_SLACK_REPLAY_STORE` picks the layers (see settings).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol

from multidict import CIMultiDictProxy
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

log = logging.getLogger(__name__)

#: Where the middleware leaves the shared ledger's verdict for the listener's work.
VERDICT_KEY = "inroads_replay_verdict"

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

    async def first_time(self, signatures: Sequence[str], now: datetime) -> set[str]:
        """Record `signatures`; return those no replica had recorded before."""
        ...

    async def forget_before(self, cutoff: datetime) -> int: ...


class LedgerBatcher:
    """At most one ledger write in flight; requests that arrive meanwhile share the next.

    The check sits before the ack, so it must not queue for the database pool behind the
    work of earlier commands: one write per batch keeps it to one connection and one
    round trip however many requests arrive at once (measured: one write per request
    took the median ack at 50 concurrent from 60 ms to 230 ms).
    """

    def __init__(self, ledger: ReplayLedger, max_batch: int = 500) -> None:
        self.ledger = ledger
        self.max_batch = max_batch
        self._waiting: dict[str, list[asyncio.Future[bool]]] = {}
        self._writer: asyncio.Task[None] | None = None

    async def first_time(self, signature: str) -> bool:
        future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(signature, []).append(future)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_batches(), name="slack-replay-ledger")
        return await future

    async def _write_batches(self) -> None:
        while self._waiting:
            batch = dict(itertools.islice(self._waiting.items(), self.max_batch))
            for signature in batch:
                del self._waiting[signature]
            try:
                new = await self.ledger.first_time(list(batch), datetime.now(UTC))
            except BaseException as error:
                for future in itertools.chain.from_iterable(batch.values()):
                    if future.done():
                        continue
                    if isinstance(error, Exception):
                        future.set_exception(error)
                    else:
                        future.cancel()
                if isinstance(error, Exception):
                    continue
                raise  # cancelled (shutdown): the requests waiting were cancelled too
            for signature, futures in batch.items():
                for position, future in enumerate(futures):
                    if not future.done():  # the same signature twice: only one is first
                        future.set_result(signature in new and position == 0)


async def is_replay(context: Mapping[str, Any]) -> bool:
    """For a listener's work, before it does anything: did another replica already
    accept this very request? (False when there is no shared ledger.)"""
    verdict = context.get(VERDICT_KEY)
    return bool(await verdict) if isinstance(verdict, asyncio.Task) else False


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

    @property
    def ledger(self) -> ReplayLedger | None:
        return self._ledger

    @ledger.setter
    def ledger(self, ledger: ReplayLedger | None) -> None:
        self._ledger = ledger
        self._batcher = LedgerBatcher(ledger) if ledger is not None else None

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
                self._refused("this replica")
                return BoltResponse(status=401, body="")
            if self._batcher is not None:
                verdict = asyncio.create_task(self._replayed_elsewhere(signature))
                req.context[VERDICT_KEY] = verdict
        return await next()

    async def _replayed_elsewhere(self, signature: str) -> bool:
        """Ask the shared ledger. If it can't answer (database down), let the request
        through: a command needs the database too, so a replay then achieves nothing,
        and refusing would turn an outage into every Slack request failing."""
        assert self._batcher is not None
        try:
            first = await self._batcher.first_time(signature)
        except Exception:
            log.warning("the replay ledger is unreachable; relying on this replica's memory")
            return False
        if not first:
            self._refused("another replica")
        return not first

    def _refused(self, where: str) -> None:
        self.refused += 1
        log.warning("refused a replayed Slack request (signature already used by %s)", where)
