"""The dispatcher: drain due reminders from the outbox, send them, settle each row.

One run (the scheduler calls :meth:`ReminderDispatcher.run_once` every second or so):

1. claim a fair batch of due rows atomically (one short transaction; each claim carries
   a random token and a lease, and counts an attempt). Fair means round-robin across
   workspaces and people, and each workspace takes only what its rate limit lets it
   send now: a rate-limited workspace is left out of the claim entirely, so a burst or
   backlog in one community never pushes another's check-ins back;
2. prepare the batch (:mod:`bot.reminders.prepare`: one session, renders each DM from
   the latest journal data); then, concurrently but bounded, send each
   (:mod:`bot.reminders.send`), each after its in-flight mark is committed, while a
   heartbeat renews the batch's short lease (:mod:`bot.reminders.inflight`);
3. settle results as soon as they are known (those finishing within ~20 ms of each other
   share one transaction), guarded by the claim token, so a dispatcher whose lease ran
   out cannot overwrite what another one did, and a row its owner changed meanwhile
   stays changed.

The outbox also carries a round's messages (introductions, unmatched notices, the
announcement: :mod:`bot.mentoring.outbox`), written with the round and sent here after
its commit, by whichever process runs a dispatcher.

A process killed after the platform accepted a message but before the settle commits
leaves the row claimed with its in-flight mark. Its lease (20 s, renewed only while its
owner lives) runs out, the row is claimed again, and the platform is asked before it is
sent again: Slack's DM history carries the reminder's key in message metadata, and
Discord drops a repeat carrying the same nonce. So a crash duplicates nothing where the
platform can answer; where it cannot (the app may not read its DM history), the
reminder goes out again and is counted (``unverified_resends``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections import deque
from collections.abc import Sequence

from bot.directory.intro_outbox import ask_undelivered
from bot.directory.requests_outbox import request_undeliverable
from bot.domain import Actor, Reminder, ReminderStatus
from bot.mentoring.outbox import ROUND_KINDS, intro_undeliverable
from bot.ports import UnitOfWork
from bot.ports.reminders import Settlement
from bot.reminders.dispatch_config import DispatchConfig, DispatchStats, owner_of
from bot.reminders.inflight import InFlightMarks, keep_claim
from bot.reminders.notices import add_notice
from bot.reminders.outcomes import retry
from bot.reminders.prepare import Prepared, prepare_batch
from bot.reminders.ratelimit import WorkspaceLimiter
from bot.reminders.send import send_one
from bot.services import Services
from bot.states import INTRO_MESSAGE_KINDS, REQUEST_MESSAGE_KINDS

__all__ = ["DispatchConfig", "DispatchStats", "ReminderDispatcher", "owner_of"]

log = logging.getLogger(__name__)

SENT = ReminderStatus.SENT.value
FAILED = ReminderStatus.FAILED.value


class ReminderDispatcher:
    def __init__(
        self,
        services: Services,
        config: DispatchConfig | None = None,
        *,
        only_for: Actor | None = None,
    ) -> None:
        self.services = services
        self.config = config or DispatchConfig()
        #: Deliver only this person's reminders (a console serves one user; other users'
        #: reminders wait in the outbox for their own console, untouched).
        self.only_for = only_for
        self.limiter = WorkspaceLimiter(
            self.config.rate_per_workspace, self.config.burst_per_workspace
        )
        self._lock = asyncio.Lock()
        self._stopping = False
        #: Event-loop time when the last run finished (health checks read it).
        self.last_run_finished: float | None = None
        #: How long the latest claims took, in seconds (metrics and benchmarks read it:
        #: a claim that slows down as a backlog grows is the first sign of trouble).
        self.claim_seconds: deque[float] = deque(maxlen=1024)

    def stop(self) -> None:
        """Finish the batch in hand, claim no more (a clean shutdown leaves no claims)."""
        self._stopping = True

    async def wait_idle(self, limit_seconds: float) -> None:
        """Wait (at most `limit_seconds`) for the batch in hand to settle."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(limit_seconds), self._lock:
                pass

    async def run_once(self) -> DispatchStats:
        """Drain what is due now, batch after batch, within the time budget."""
        total = DispatchStats()
        if self._lock.locked():
            return total
        async with self._lock:
            loop = asyncio.get_running_loop()
            deadline = loop.time() + self.config.drain_budget_seconds
            while not self._stopping:
                batch = await self._run_batch()
                total.add(batch)
                total.outcomes.update(batch.outcomes)
                if batch.claimed < self.config.batch_size or loop.time() > deadline:
                    break
            self.last_run_finished = loop.time()
        return total

    async def _claim(self, token: str) -> list[Reminder]:
        now = self.services.clock.now()
        started = time.perf_counter()
        async with self.services.uow() as uow:
            rows = list(
                await uow.reminders.claim_due(
                    now,
                    limit=self.config.batch_size,
                    lease_seconds=self.config.lease_seconds,
                    token=token,
                    owner=self.only_for,
                    limits=self.limiter.claim_limits(self.config.batch_size),
                )
            )
            await uow.commit()
        self.claim_seconds.append(time.perf_counter() - started)
        return rows

    async def _run_batch(self) -> DispatchStats:
        token = uuid.uuid4().hex
        now = self.services.clock.now()
        rows = await self._claim(token)
        stats = DispatchStats(claimed=len(rows))
        if not rows:
            return stats
        by_id = {r.id: r for r in rows if r.id is not None}
        follow_ons: dict[int, Reminder] = {}
        prepared = await prepare_batch(self.services, self.config, rows, now, follow_ons)
        results: asyncio.Queue[Settlement] = asyncio.Queue()
        gate = asyncio.Semaphore(self.config.concurrency)
        marks = InFlightMarks(self.services, token, self.config.mark_linger_seconds)
        heartbeat = asyncio.create_task(keep_claim(self.services, self.config, token))

        async def one(row: Reminder, ready: Prepared) -> None:
            if isinstance(ready, Settlement):
                await results.put(ready)
                return
            async with gate:
                try:
                    outcome = await send_one(
                        self.services,
                        self.config,
                        self.limiter,
                        row,
                        ready,
                        now,
                        stopping=lambda: self._stopping,
                        mark=marks.mark,
                        stats=stats,
                    )
                except Exception:
                    log.exception("sending reminder %s failed unexpectedly", row.id)
                    outcome = retry(
                        row,
                        "internal error while sending",
                        None,
                        config=self.config,
                        now=self.services.clock.now(),
                    )
                await results.put(outcome)

        tasks = [asyncio.create_task(one(r, p)) for r, p in zip(rows, prepared, strict=True)]
        try:
            remaining = len(rows)
            while remaining:
                ready = await self._gather_ready(results, remaining)
                remaining -= len(ready)
                if not await self._settle(token, ready, by_id, stats, follow_ons):
                    # Results can't be recorded (database gone): sending the rest would
                    # only make duplicates once the lease brings these rows back.
                    log.warning("batch stopped: %d reminders wait for their lease", remaining)
                    break
        finally:
            heartbeat.cancel()
            for task in tasks:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.gather(heartbeat, *tasks, return_exceptions=True)
            await marks.close()
        return stats

    async def _gather_ready(
        self, results: asyncio.Queue[Settlement], remaining: int
    ) -> list[Settlement]:
        """The next results to settle together: at least one, then whatever else arrives
        within `settle_linger_seconds` (one commit for many rows; a commit costs a disk
        flush, so settling one by one would cap throughput at the disk's flush rate)."""
        ready = [await results.get()]
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.config.settle_linger_seconds
        while len(ready) < min(remaining, self.config.settle_max_rows):
            if not results.empty():
                ready.append(results.get_nowait())
                continue
            left = deadline - loop.time()
            if left <= 0:
                break
            try:
                ready.append(await asyncio.wait_for(results.get(), left))
            except TimeoutError:
                break
        return ready

    async def _settle(
        self,
        token: str,
        ready: Sequence[Settlement],
        by_id: dict[int, Reminder],
        stats: DispatchStats,
        follow_ons: dict[int, Reminder] | None = None,
    ) -> bool:
        """Record results; False when they could not be recorded (the rows stay claimed).

        A keep-in-touch nudge that went out hands over to the next one (`follow_ons`,
        worked out while preparing), written with the settlement in one batch."""
        follow_ons = follow_ons or {}
        try:
            async with self.services.uow() as uow:
                changed = await uow.reminders.settle(token, ready)
                for item in ready:
                    if item.reminder_id not in changed or item.status != FAILED:
                        continue
                    row = by_id[item.reminder_id]
                    if row.kind in REQUEST_MESSAGE_KINDS:
                        # A request nobody can answer expires; its seeker hears.
                        await request_undeliverable(uow, row, self.services.clock.now())
                    elif row.kind in INTRO_MESSAGE_KINDS:
                        # A request the member can never see: closed, the seeker told.
                        await ask_undelivered(uow, row, self.services.clock.now())
                    elif row.kind in ROUND_KINDS:
                        # The round's business, shown in `mentor stats`, not a notice.
                        await intro_undeliverable(uow, row)
                    else:
                        await self._tell_owner(uow, row, item.last_error)
                nexts = [
                    follow_ons[item.reminder_id]
                    for item in ready
                    if item.reminder_id in changed
                    and item.status == SENT
                    and item.reminder_id in follow_ons
                ]
                if nexts:
                    await uow.reminders.add_all(nexts)
                await uow.commit()
        except Exception:
            # The rows stay claimed; their lease expires and they are tried again.
            log.exception("settling %d reminders failed", len(ready))
            return False
        for item in ready:
            if item.reminder_id not in changed:
                stats.stale += 1
                continue
            stats.outcomes[item.reminder_id] = item.status
            if item.status == SENT:
                stats.sent += 1
            elif item.status == FAILED:
                stats.failed += 1
            elif item.attempts_delta < 0:
                stats.deferred += 1
            else:
                stats.retried += 1
        return True

    async def _tell_owner(self, uow: UnitOfWork, reminder: Reminder, reason: str) -> None:
        """The person could not be messaged: say so on their next command."""
        prefs = await uow.settings.get_or_default(owner_of(reminder))
        prefs.pending_notice = add_notice(prefs.pending_notice, reminder.number or 0, reason)
        await uow.settings.save(prefs)
        if self.services.pending_notices is not None:
            self.services.pending_notices.mark(owner_of(reminder).key)
