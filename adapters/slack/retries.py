"""Slack's retries of an Events API delivery: the event is taken once, on any replica.

Slack sends an event again (at once, after a minute, after five) when the ack of the last
delivery took over 3 seconds or failed, marking it with `X-Slack-Retry-Num` and
`X-Slack-Retry-Reason` (Socket Mode carries the same in its envelope, which bolt turns
into the same headers). Each retry is signed afresh, so the replay guard (`replay.py`)
rightly lets it through; but a file shared in the bot's DM would then be queued and
previewed twice, and a typed message answered twice. Every delivery of one event carries
the envelope's same `event_id`, so:

* the first delivery records `event:<event_id>` in the ledger table every replica shares
  (`storage.replay`, the signatures' table in a key space of its own, kept the same ten
  minutes, well past Slack's last retry, and pruned by the same loop), one INSERT ... ON
  CONFLICT DO NOTHING shared by everything arriving at once (`replay.LedgerBatcher`);
* a delivery whose id is there already (a retry of an event queued or done, here or on
  another replica) is acked and dropped: nothing runs, nothing is written or answered,
  and one INFO line gives the retry's number and the event's type and id (no user text);
* a delivery whose work was refused (an upload the busy inbox did not take, or whose
  write failed: the person was told nothing was imported) forgets its id
  (:meth:`EventDelivery.release`), so a retry of it is taken like a first delivery.

The record is started at the door, as the shared signature check is, and the ack does not
wait for it: the work waits for the verdict (:func:`already_taken`), and an upload, whose
ack waits for its inbox write anyway, waits for it before that write. The ids are kept in
the database whatever `INROADS_SLACK_REPLAY_STORE` says: a retry may reach another replica,
or this one restarted, and events are few enough for a write each. If the table cannot be
reached, the delivery is taken (its work needs the database anyway).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from adapters.slack.replay import LedgerBatcher, ReplayLedger, is_replay

log = logging.getLogger(__name__)

#: Where the middleware leaves an event delivery (`EventDelivery`) for the listener.
DELIVERY_KEY = "inroads_event_delivery"
#: The ledger's key space for events, beside the signatures (which start `v0=`).
KEY_PREFIX = "event:"
#: The ledger's key column is 80 characters; a longer (or odd) id is kept as its digest.
MAX_KEY_LENGTH = 80
#: How long a taken event is remembered: the same prune as the signatures'.
WINDOW_SECONDS = 600.0

_RETRY_NUM = re.compile(r"[0-9]{1,3}")
_RETRY_REASON = re.compile(r"[a-z_]{1,40}")
_EVENT_TYPE = re.compile(r"[a-z_]{1,40}")
_EVENT_ID = re.compile(r"[A-Za-z0-9]{1,74}")


class EventLedger(ReplayLedger, Protocol):
    """The shared ledger, with the means to forget one key (`storage.replay`)."""

    async def forget(self, keys: Sequence[str]) -> int: ...


def event_key(body: Mapping[str, Any]) -> str | None:
    """The ledger key of an Events API delivery's event, or None for anything else."""
    if body.get("type") != "event_callback":
        return None
    event_id = body.get("event_id")
    if not isinstance(event_id, str) or not event_id:
        return None
    key = KEY_PREFIX + event_id
    if len(key) > MAX_KEY_LENGTH or not _EVENT_ID.fullmatch(event_id):
        # Kept as its digest: fits the column, and no odd character reaches the database.
        key = KEY_PREFIX + hashlib.sha256(event_id.encode("utf-8", "replace")).hexdigest()
    return key


def _header(req: AsyncBoltRequest, name: str, shape: re.Pattern[str]) -> str:
    """A retry header, if it looks like Slack's (headers are not signed: never log more)."""
    values = req.headers.get(name) or []
    value = values[0] if values else ""
    return value if shape.fullmatch(value) else ""


def _described(body: Mapping[str, Any]) -> str:
    """The event's type and id for the log, when they look like Slack's."""
    event = body.get("event")
    kind = str(event.get("type") or "") if isinstance(event, dict) else ""
    event_id = str(body.get("event_id") or "")
    return (
        f"{'a ' + kind if _EVENT_TYPE.fullmatch(kind) else 'an'} event"
        f"{' ' + event_id if _EVENT_ID.fullmatch(event_id) else ''}"
    )


@dataclass
class EventDelivery:
    """One delivery of one event, and whether an earlier one took it."""

    key: str
    ledger: EventLedger
    #: True once this delivery's record is in the ledger (it is the first).
    recorded: bool = False
    verdict: asyncio.Task[bool] | None = field(default=None, repr=False)

    async def taken_before(self) -> bool:
        return bool(await self.verdict) if self.verdict is not None else False

    async def release(self) -> None:
        """This delivery's work was refused (nothing was taken): forget the event, so a
        retry of it is taken. A failure leaves the retry dropped, and is logged."""
        if self.verdict is not None:
            await asyncio.wait({self.verdict})
        if not self.recorded:
            return
        self.recorded = False
        try:
            await self.ledger.forget([self.key])
        except Exception as exc:
            log.warning(
                "could not forget a refused Slack event (%s); a retry of it will be dropped",
                type(exc).__name__,
            )


async def already_taken(context: Mapping[str, Any]) -> bool:
    """For a listener's work, before it does anything: is this request a replay
    (`replay.is_replay`), or the retry of an event a delivery before it took?"""
    if await is_replay(context):
        return True
    delivery = context.get(DELIVERY_KEY)
    return isinstance(delivery, EventDelivery) and await delivery.taken_before()


async def release(context: Mapping[str, Any]) -> None:
    """The work of this request was refused: a retry of its event may take it."""
    delivery = context.get(DELIVERY_KEY)
    if isinstance(delivery, EventDelivery):
        await delivery.release()


class EventRetries:
    """Bolt middleware: records each event's id and judges its deliveries."""

    def __init__(self, ledger: EventLedger, window_seconds: float = WINDOW_SECONDS) -> None:
        self.ledger = ledger
        self.window = window_seconds
        self._batcher = LedgerBatcher(ledger)
        #: Deliveries dropped as retries of an event already taken (for tests and logs).
        self.dropped = 0

    async def middleware(
        self,
        req: AsyncBoltRequest,
        resp: BoltResponse,
        next: Callable[[], Awaitable[BoltResponse]],  # bolt passes it by this name
    ) -> BoltResponse:
        key = event_key(req.body)
        if key is not None:
            delivery = EventDelivery(key, self.ledger)
            retry = _header(req, "x-slack-retry-num", _RETRY_NUM) or "0"
            reason = _header(req, "x-slack-retry-reason", _RETRY_REASON) or "none"
            described = _described(req.body)
            delivery.verdict = asyncio.create_task(
                self._taken_before(delivery, f"{retry} ({reason})", described),
                name="slack-event-ledger",
            )
            req.context[DELIVERY_KEY] = delivery
        return await next()

    async def _taken_before(self, delivery: EventDelivery, retry: str, described: str) -> bool:
        try:
            first = await self._batcher.first_time(delivery.key)
        except Exception as exc:
            log.warning(
                "the Slack event ledger is unreachable (%s); taking this delivery",
                type(exc).__name__,
            )
            return False
        if first:
            delivery.recorded = True
            return False
        self.dropped += 1
        log.info("dropped Slack's retry %s of %s: a delivery before it took it", retry, described)
        return True
