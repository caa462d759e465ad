"""Acknowledged Slack commands: written before the ack, run fairly, never dropped.

Before, an acked command lived only in memory until a task ran it, so a backlog grew
without bound and a stop dropped whatever had not started. Now the ack waits until the
command is in the `inbox` table (storage/inbox.py): commands arriving within a few
milliseconds share one INSERT, so the ack costs one batched round trip, not one each.
Then workers take commands from a :class:`~adapters.slack.fair.FairQueue` (round-robin
over workspaces and people), and a row is deleted once its person has the answer.

Past a limit the ack itself says the bot is busy and nothing is written. At a stop,
intake closes first, workers keep going for most of their slice of the shutdown budget,
and what is left is handed back (lease released) for the next process, which claims
leftovers at start and every few seconds after (a crashed process's rows once its lease
runs out), of the kinds it knows: in a rolling deploy, rows a newer version wrote wait
for a process of that version (`adapters.slack.inbox_others`).
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Collection
from datetime import UTC, datetime, timedelta

from prometheus_client import CollectorRegistry

from adapters.slack.fair import FairQueue, Limits
from adapters.slack.inbox_figures import InboxFigures
from adapters.slack.inbox_others import OtherKinds
from adapters.slack.inbox_stop import (
    ABANDON_WAIT_SECONDS,
    ANSWER_GRACE_SECONDS,
    abandon_unanswered,
    let_answers_go,
)
from storage.inbox import (
    CommandAbandoned,
    InboxEntry,
    NewEntry,
    RunningEntry,
    SqlInbox,
    holding,
)

log = logging.getLogger(__name__)

Run = Callable[[InboxEntry], Awaitable[None]]
Now = Callable[[], datetime]

#: How many commands run at once: below the engine's kept connections
#: (`storage.engine.POOL_SIZE`) so the reminder dispatcher always finds one.
WORKERS = 12
#: Commands arriving within this window share one INSERT.
BATCH_SECONDS = 0.004
#: A process that stops renewing (a crash) loses its rows to others after this long.
LEASE_SECONDS = 60.0
#: How often rows nobody holds are looked for.
CLAIM_EVERY_SECONDS = 5.0
#: How often answered rows are deleted (batched, like the writes).
FINISH_EVERY_SECONDS = 0.02
#: The ack waits at most this long for the write (Slack allows 3 s in all).
ACK_WAIT_SECONDS = 2.0
#: At a stop, this much of the slice is kept for handing back and letting running
#: commands end.
HAND_BACK_MARGIN_SECONDS = 1.5


class Offer(enum.Enum):
    """What the ack tells the person."""

    QUEUED = "queued"  # written; the answer follows
    SLOW = "slow"  # still being written when the ack had to go
    BUSY = "busy"  # over a limit or stopping: nothing written
    FAILED = "failed"  # the write failed: nothing written


class Inbox:
    def __init__(
        self,
        store: SqlInbox,
        run: Run,
        *,
        kinds: Collection[str],
        platform: str = "slack",
        workers: int = WORKERS,
        limits: Limits | None = None,
        lease_seconds: float = LEASE_SECONDS,
        batch_seconds: float = BATCH_SECONDS,
        claim_every_seconds: float = CLAIM_EVERY_SECONDS,
        registry: CollectorRegistry | None = None,
        now: Now = lambda: datetime.now(UTC),
    ) -> None:
        self.store = store
        self.run = run
        self.platform = platform
        self.workers = workers
        self.limits = limits or Limits()
        self.lease = timedelta(seconds=lease_seconds)
        self.batch_seconds = batch_seconds
        self.claim_every = claim_every_seconds
        self.now = now
        host = socket.gethostname()[:32]
        self.owner = f"{host}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.queue = FairQueue()
        #: The kinds `run` knows; rows of others are left for a process that does.
        self.kinds = frozenset(kinds)
        self.others = OtherKinds(store, platform, self.kinds, lambda: self.now())
        self._ids: set[int] = set()  # held by this process (waiting or running)
        self._pending: list[tuple[NewEntry, asyncio.Future[InboxEntry]]] = []
        self._have_pending = asyncio.Event()
        self._have_work = asyncio.Event()
        self._emptied = asyncio.Event()  # a worker found nothing left to start
        # Set at a stop: the background loops end after the statement they are in (a
        # statement cancelled halfway could leave SQLite locked for the hand-back).
        self._closed = asyncio.Event()
        self._answered: list[int] = []
        self._finish_wake = asyncio.Event()  # an answered row to delete, or the close
        self._accepting = False
        self._draining = False
        self._stopping = False
        self._tasks: list[asyncio.Task[None]] = []
        self._workers: list[asyncio.Task[None]] = []
        self._current: dict[asyncio.Task[None], RunningEntry] = {}  # what each worker runs
        self.figures = InboxFigures(registry or CollectorRegistry(), self)
        self.answer_seconds = self.figures.answer_seconds
        self.refused = self.figures.refused
        self.resumed = self.figures.resumed

    # -- figures ---------------------------------------------------------------------
    def oldest_age(self) -> float:
        oldest = self.queue.oldest()
        return max((self.now() - oldest).total_seconds(), 0.0) if oldest else 0.0

    def backlog_reason(self, max_age_seconds: float) -> str | None:
        """For `/readyz`: a reason while the oldest command has waited too long."""
        age = self.oldest_age()
        if age > max_age_seconds:
            return (
                f"{self.queue.held} commands waiting, the oldest for {age:.1f} s "
                f"(limit {max_age_seconds:g} s)"
            )
        return None

    # -- intake ----------------------------------------------------------------------
    async def offer(self, new: NewEntry) -> Offer:
        """Write one acked command (sharing a batch); the ack waits for this."""
        if not self._accepting:
            self.refused.labels("stopping").inc()
            return Offer.BUSY
        if not self.queue.admits(new.platform, new.workspace_id, new.user_id, self.limits):
            self.refused.labels("limit").inc()
            return Offer.BUSY
        self.queue.reserve(new.platform, new.workspace_id, new.user_id)
        future: asyncio.Future[InboxEntry] = asyncio.get_running_loop().create_future()
        self._pending.append((new, future))
        self._have_pending.set()
        try:
            await asyncio.wait_for(asyncio.shield(future), ACK_WAIT_SECONDS)
        except TimeoutError:
            log.warning("the inbox write took over %.1f s; acked before it", ACK_WAIT_SECONDS)
            return Offer.SLOW
        except Exception:
            return Offer.FAILED
        return Offer.QUEUED

    async def _write_batches(self) -> None:
        while not self._closed.is_set():
            await self._have_pending.wait()
            await asyncio.sleep(self.batch_seconds)
            await self._write_pending()

    async def _write_pending(self) -> None:
        batch, self._pending = self._pending, []
        self._have_pending.clear()
        if not batch:
            return
        try:
            entries = await self.store.add(
                [new for new, _ in batch], owner=self.owner, lease_until=self.now() + self.lease
            )
        except Exception as exc:
            log.error("writing %d commands to the inbox failed: %s", len(batch), type(exc).__name__)
            for new, future in batch:
                self.queue.unreserve(new.platform, new.workspace_id, new.user_id)
                if not future.done():
                    future.set_exception(exc)
                    future.exception()  # retrieved: a timed-out waiter must not warn
            return
        for (_, future), entry in zip(batch, entries, strict=True):
            self._ids.add(entry.id)
            self.queue.push(entry, reserved=True)
            if not future.done():
                future.set_result(entry)
        self._have_work.set()

    # -- work ------------------------------------------------------------------------
    async def _worker(self) -> None:
        while True:
            entry = None if self._draining else self.queue.pop()
            if entry is None:
                self._emptied.set()
                if self._draining:
                    return
                self._have_work.clear()
                await self._have_work.wait()
                continue
            task = asyncio.current_task()
            assert task is not None
            running = self._current[task] = RunningEntry(entry.id)
            try:
                with holding(running):
                    await self.run(entry)
            except CommandAbandoned:
                return  # rolled back and left held: handed back by `stop`
            except asyncio.CancelledError:
                raise  # left held: handed back by `stop`
            except Exception:
                log.exception("a queued Slack command failed outside its own handling")
            finally:
                self._current.pop(task, None)
            self._answered_one(entry, deleted=running.committed)

    def _answered_one(self, entry: InboxEntry, *, deleted: bool = False) -> None:
        self.answer_seconds.observe(max((self.now() - entry.received_at).total_seconds(), 0.0))
        self.queue.done(entry)
        if self.queue.queued:
            self._have_work.set()  # this person's next command may start now
        self._ids.discard(entry.id)
        if not deleted:  # a command that wrote deleted its row in its own commit
            self._answered.append(entry.id)
            self._finish_wake.set()

    async def _pause(self, seconds: float) -> bool:
        """Sleep `seconds`, or less when the inbox closes; True while it is open."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closed.wait(), seconds)
        return not self._closed.is_set()

    async def _finish_loop(self) -> None:
        """Delete answered rows in batches, woken by a batch's first answer (a timer alone
        woke 50 times a second with nothing to do: the most an idle bot spent)."""
        while True:
            await self._finish_wake.wait()
            self._finish_wake.clear()
            if not await self._pause(FINISH_EVERY_SECONDS):
                return  # closed: the close deletes what is left
            await self._finish_answered()

    async def _finish_answered(self) -> None:
        ids, self._answered = self._answered, []
        if not ids:
            return
        try:
            await self.store.finish(ids)
        except Exception as exc:
            # Kept for the next try; until then a crash would answer them twice.
            log.warning("deleting answered inbox rows failed: %s", type(exc).__name__)
            self._answered.extend(ids)
            self._finish_wake.set()  # tried again after the pause

    async def _lease_loop(self) -> None:
        """Renew this process's lease and take what nobody holds, every few seconds."""
        while await self._pause(self.claim_every):
            try:
                await self.store.renew(self.owner, self.now() + self.lease)
                await self.claim_leftovers()
            except Exception as exc:
                log.warning("inbox lease renewal or claim failed: %s", type(exc).__name__)
            try:
                await self.others.check()
            except Exception as exc:
                log.warning("counting inbox rows of other kinds failed: %s", type(exc).__name__)

    async def claim_leftovers(self) -> int:
        """Take rows handed back at a stop, or whose process crashed, of the kinds this
        process runs (`inbox_others`); returns how many. Never once this process is
        stopping: it would take back what it just handed back (the lease loop runs on
        during the stop), leaving the rows held until the lease ran out instead of the
        next process's at once."""
        if self._stopping:
            return 0
        room = self.limits.total - self.queue.held
        entries = await self.store.claim(
            self.owner,
            now=self.now(),
            lease_until=self.now() + self.lease,
            limit=room,
            platform=self.platform,
            kinds=self.kinds,
        )
        taken = 0
        for entry in entries:
            if entry.id in self._ids:
                continue  # ours already (our lease lapsed while the database was away)
            self._ids.add(entry.id)
            self.queue.push(entry)
            taken += 1
        if taken:
            self.resumed.inc(taken)
            log.info("resumed %d acknowledged commands from the inbox", taken)
            self._have_work.set()
        return taken

    # -- lifecycle -------------------------------------------------------------------
    async def start(self) -> None:
        if self._workers:
            return  # started already (a test harness may start it before the component)
        try:
            await self.claim_leftovers()
        except Exception as exc:
            log.warning("claiming inbox leftovers at start failed: %s", type(exc).__name__)
        self._accepting = True
        self._tasks = [
            asyncio.create_task(self._write_batches(), name="inbox-writes"),
            asyncio.create_task(self._finish_loop(), name="inbox-finish"),
            asyncio.create_task(self._lease_loop(), name="inbox-lease"),
        ]
        self._workers = [
            asyncio.create_task(self._worker(), name=f"inbox-worker-{n}")
            for n in range(self.workers)
        ]

    @property
    def started(self) -> bool:
        return bool(self._workers)

    def close_intake(self) -> None:
        """From now on every offer is answered 'busy' and nothing is written."""
        self._accepting = False

    async def _hand_back(self, ids: list[int]) -> int:
        """Release `ids` at once (lease cleared) so the next process starts them without
        waiting for the lease to run out; a failure leaves them to the lease."""
        if not ids:
            return 0
        try:
            handed = await self.store.hand_back(self.owner, ids)
        except Exception as exc:
            log.error(
                "handing back %d inbox rows failed (%s); they resume when the lease runs out",
                len(ids),
                type(exc).__name__,
            )
            return 0
        self._ids.difference_update(ids)
        log.warning("stopping: %d acknowledged commands left for the next process", len(ids))
        return handed

    async def stop(self, within_seconds: float) -> int:
        """Close intake, keep working for most of `within_seconds`, then hand back what is
        left (lease released, so the next process takes it at once). Returns how many
        commands were handed back.

        Everything fits the slice: the runtime abandons a component that overruns it,
        and an abandoned stop would hand nothing back (the rows would then wait for the
        lease, a minute, before another process could answer them). So commands still
        waiting are handed back as soon as working stops, and the running ones are told
        to give up early enough for their rows to follow within the slice; only then do
        committed ones get their grace to send the answer."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within_seconds
        self._stopping = True
        self.close_intake()
        await self._write_pending()  # acked ones still on their way in
        ending = ABANDON_WAIT_SECONDS + HAND_BACK_MARGIN_SECONDS
        work_until = deadline - min(ending, within_seconds / 2)
        # Until nothing is left to start: a worker that finds nothing startable says so,
        # and a person's next command becomes startable when their running one ends.
        while self.queue.queued and self._workers and loop.time() < work_until:
            self._emptied.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._emptied.wait(), max(work_until - loop.time(), 0))
        self._draining = True
        left = self.queue.drain_waiting()
        self._have_work.set()
        handed = await self._hand_back([e.id for e in left])
        answering: set[asyncio.Task[None]] = set()
        if self._workers:
            _, still = await asyncio.wait(self._workers, timeout=max(work_until - loop.time(), 0.1))
            answering = await abandon_unanswered(still, self._current)
        # What did not finish (abandoned, or cancelled mid-run) is still held: hand it
        # back before waiting on the answers of those that committed.
        committed = {e.id for t in answering if (e := self._current.get(t)) is not None}
        handed += await self._hand_back([i for i in self._ids if i not in committed])
        # Past the slice if need be: their rows are gone, so a cut answer is one lost.
        await let_answers_go(answering, ANSWER_GRACE_SECONDS)
        self._closed.set()
        self._have_pending.set()  # wakes the writer so it sees the close
        self._finish_wake.set()
        remaining = max(deadline - loop.time(), 0.1)
        _, stuck = await asyncio.wait(self._tasks, timeout=remaining) if self._tasks else ((), ())
        for task in stuck:
            task.cancel()
        await self._finish_answered()
        return handed
