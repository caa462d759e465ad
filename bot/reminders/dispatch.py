"""The dispatcher: drain due reminders from the outbox, send them, settle each row.

One run (the scheduler calls :meth:`ReminderDispatcher.run_once` every second or so):

1. claim a batch of due rows atomically (one short transaction; each claim carries a
   random token and a lease, and counts an attempt);
2. read what the DMs need in one session (each owner's settings once: paused? quiet
   hours?) and render each from the latest journal data; then, concurrently but
   bounded, wait for the workspace's rate limit and send through the
   :class:`~bot.ports.Notifier` with ``reminder-<id>`` as the idempotency key;
3. settle results as soon as they are known (those finishing within ~20 ms of each other
   share one transaction), guarded by the claim token, so a dispatcher whose lease ran out cannot
   overwrite what another one did, and a row its owner changed meanwhile stays changed.

Delivery is at-least-once: a process killed after the platform accepted a message but
before the settle commits sends it again once the lease expires. Settling as results
arrive keeps that window to a few milliseconds plus one commit; the idempotency key
lets platforms that support it (Discord's nonce) drop the repeat.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.domain import Actor, Match, Reminder, ReminderKind, ReminderStatus, UserSettings
from bot.ports import DeliveryError, UnitOfWork
from bot.ports.reminders import Settlement
from bot.reminders.cadence import keep_in_touch_reminder, next_keep_in_touch
from bot.reminders.freshness import outgrown, partner_of
from bot.reminders.notices import add_notice
from bot.reminders.prep import prep_sections
from bot.reminders.quiet import next_allowed
from bot.reminders.ratelimit import WorkspaceLimiter
from bot.reminders.render import render_reminder
from bot.reply import Reply, Section
from bot.services import Services

log = logging.getLogger(__name__)

PENDING = ReminderStatus.PENDING.value
SENT = ReminderStatus.SENT.value
FAILED = ReminderStatus.FAILED.value
CANCELLED = ReminderStatus.CANCELLED.value
MATCH = ReminderKind.MATCH_FOLLOW_UP.value


@dataclass(frozen=True)
class DispatchConfig:
    batch_size: int = 200
    concurrency: int = 16
    lease_seconds: float = 120.0
    send_timeout_seconds: float = 20.0
    max_attempts: int = 6
    backoff_base_seconds: float = 30.0
    backoff_max_seconds: float = 3600.0
    late_after_seconds: float = 600.0
    rate_per_workspace: float | None = 5.0
    burst_per_workspace: float = 10.0
    max_rate_wait_seconds: float = 5.0
    pause_recheck_seconds: float = 3600.0
    drain_budget_seconds: float = 30.0
    settle_linger_seconds: float = 0.02
    settle_max_rows: int = 100


@dataclass
class DispatchStats:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    retried: int = 0
    deferred: int = 0
    stale: int = 0
    outcomes: dict[int, str] = field(default_factory=dict)

    def add(self, other: DispatchStats) -> None:
        for name in ("claimed", "sent", "failed", "retried", "deferred", "stale"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def owner_of(reminder: Reminder) -> Actor:
    return Actor(reminder.platform, reminder.workspace_id, reminder.user_id)


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

    async def _run_batch(self) -> DispatchStats:
        token = uuid.uuid4().hex
        now = self.services.clock.now()
        async with self.services.uow() as uow:
            rows = list(
                await uow.reminders.claim_due(
                    now,
                    limit=self.config.batch_size,
                    lease_seconds=self.config.lease_seconds,
                    token=token,
                    owner=self.only_for,
                )
            )
            await uow.commit()
        stats = DispatchStats(claimed=len(rows))
        if not rows:
            return stats
        by_id = {r.id: r for r in rows if r.id is not None}
        follow_ons: dict[int, Reminder] = {}
        prepared = await self._prepare_all(rows, now, follow_ons)
        results: asyncio.Queue[Settlement] = asyncio.Queue()
        gate = asyncio.Semaphore(self.config.concurrency)

        async def one(row: Reminder, ready: Reply | Settlement) -> None:
            if isinstance(ready, Settlement):
                await results.put(ready)
                return
            async with gate:
                try:
                    outcome = await self._send(row, ready, now)
                except Exception:
                    log.exception("sending reminder %s failed unexpectedly", row.id)
                    outcome = self._retry(row, "internal error while sending", None)
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
            for task in tasks:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.gather(*tasks, return_exceptions=True)
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
                    if item.reminder_id in changed and item.status == FAILED:
                        await self._tell_owner(uow, by_id[item.reminder_id], item.last_error)
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
        prefs.pending_notice = add_notice(prefs.pending_notice, reminder.id or 0, reason)
        await uow.settings.save(prefs)
        if self.services.pending_notices is not None:
            self.services.pending_notices.mark(owner_of(reminder).key)

    async def _prepare_all(
        self, rows: Sequence[Reminder], now: datetime, follow_ons: dict[int, Reminder]
    ) -> list[Reply | Settlement]:
        """Read what every DM needs in one session, settings cached per person: each row
        becomes the Reply to send, or a Settlement when nothing should be sent now. The
        match rows of "did you meet?" follow-ups are read in one query for the batch."""
        prepared: list[Reply | Settlement] = []
        async with self.services.uow() as uow:
            prefs_by_owner = dict(await uow.settings.get_many([owner_of(r) for r in rows]))
            match_ids = [r.match_id for r in rows if r.kind == MATCH and r.match_id is not None]
            matches = {m.id: m for m in await uow.matches.get_many(match_ids)} if match_ids else {}
            for index, row in enumerate(rows):
                try:
                    prepared.append(
                        await self._prepare(uow, row, now, prefs_by_owner, matches, follow_ons)
                    )
                except Exception:
                    log.exception("reminder %s could not be prepared", row.id)
                    prepared.append(self._retry(row, "internal error while preparing", None))
                if index % 50 == 49:
                    await asyncio.sleep(0)  # rendering is CPU work: let commands in
        return prepared

    async def _prepare(
        self,
        uow: UnitOfWork,
        row: Reminder,
        now: datetime,
        prefs_by_owner: dict[tuple[str, str, str], UserSettings],
        matches: dict[int | None, Match],
        follow_ons: dict[int, Reminder],
    ) -> Reply | Settlement:
        cfg = self.config
        rid = row.id or 0
        if row.attempts > cfg.max_attempts:
            # Claimed again and again without ever settling: a crash loop. Stop here.
            return Settlement(rid, FAILED, last_error=f"gave up after {cfg.max_attempts} tries")
        owner = owner_of(row)
        prefs = prefs_by_owner.get(owner.key)
        if prefs is None:  # no settings row: every default applies
            prefs = prefs_by_owner[owner.key] = UserSettings(
                owner.platform,
                owner.workspace_id,
                owner.user_id,
                timezone=self.services.config.default_timezone,
            )
        if prefs.paused:
            return self._defer(row, now + timedelta(seconds=cfg.pause_recheck_seconds))
        allowed = next_allowed(now, prefs)
        if allowed > now:
            return self._defer(row, allowed)
        contact = await uow.contacts.get(owner, row.contact_id) if row.contact_id else None
        interview = await uow.interviews.get(owner, row.interview_id) if row.interview_id else None
        other = None
        if row.kind == MATCH:
            match = matches.get(row.match_id)
            other = partner_of(match, row)
            if other is None:
                return self._drop(row, "the match was answered or the other member left")
        elif stale := outgrown(row, contact, interview):
            return self._drop(row, stale)
        if row.kind == ReminderKind.KEEP_IN_TOUCH.value and contact is not None:
            last = contact.last_interaction_at or row.created_at or row.due_at
            due = next_keep_in_touch(last, prefs, after=max(row.due_at, now))
            if due is not None:
                follow_ons[rid] = keep_in_touch_reminder(contact, due, now=now)
        prep: tuple[Section, ...] = ()
        if row.kind == ReminderKind.PREP.value and contact is not None:
            prep = await prep_sections(uow, owner, contact, now=now, interview=interview)
        return render_reminder(
            row,
            contact=contact,
            interview=interview,
            prefs=prefs,
            prep=prep,
            late=self._is_late(row, now),
            other=other,
        )

    def _drop(self, row: Reminder, reason: str) -> Settlement:
        """Nothing to send any more (the journal moved on): end it, attempt handed back."""
        return Settlement(row.id or 0, CANCELLED, last_error=reason, attempts_delta=-1)

    def _is_late(self, row: Reminder, now: datetime) -> bool:
        effective_due = max(row.due_at, row.not_before or row.due_at)
        return (now - effective_due).total_seconds() > self.config.late_after_seconds

    async def _send(self, row: Reminder, reply: Reply, now: datetime) -> Settlement:
        cfg = self.config
        rid = row.id or 0
        owner = owner_of(row)
        late = self._is_late(row, now)
        key = (row.platform, row.workspace_id)
        wait = self.limiter.reserve(key, cfg.max_rate_wait_seconds)
        if wait is None:
            return self._defer(row, now + timedelta(seconds=cfg.max_rate_wait_seconds))
        if wait:
            await asyncio.sleep(wait)
        if self._stopping:
            # Shutting down: hand the claim back at once rather than strand the row
            # until its lease expires; another process (or the next start) sends it.
            return self._defer(row, now)
        notifier = self.services.notifier
        try:
            if notifier is None:
                raise DeliveryError("no notifier configured", permanent=False)
            ref = await asyncio.wait_for(
                notifier.send_dm(owner, reply, idempotency_key=f"reminder-{rid}"),
                cfg.send_timeout_seconds,
            )
        except DeliveryError as exc:
            if exc.permanent:
                log.warning("reminder %s undeliverable: %s", rid, exc.reason)
                return Settlement(rid, FAILED, last_error=exc.reason)
            if exc.retry_after:
                self.limiter.block_for(key, exc.retry_after)
            return self._retry(row, exc.reason, exc.retry_after)
        except TimeoutError:
            return self._retry(row, f"no answer within {cfg.send_timeout_seconds:g}s", None)
        return Settlement(
            rid, SENT, sent_at=self.services.clock.now(), late=late, message_ref=str(ref)[:200]
        )

    def _defer(self, row: Reminder, until: datetime) -> Settlement:
        """Nothing was tried: back to pending until `until`, the attempt handed back."""
        return Settlement(
            row.id or 0, PENDING, not_before=until, attempts_delta=-1, last_error=row.last_error
        )

    def _retry(self, row: Reminder, reason: str, retry_after: float | None) -> Settlement:
        cfg = self.config
        rid = row.id or 0
        if row.attempts >= cfg.max_attempts:
            return Settlement(rid, FAILED, last_error=f"{reason} (gave up after {row.attempts})")
        if retry_after:
            delay = retry_after
        else:
            delay = min(
                cfg.backoff_base_seconds * 2 ** max(row.attempts - 1, 0), cfg.backoff_max_seconds
            )
            delay *= 1 + random.random() * 0.1  # spread retries of a burst apart
        until = self.services.clock.now() + timedelta(seconds=delay)
        log.info("reminder %s will retry in %.0fs: %s", rid, delay, reason)
        return Settlement(rid, PENDING, not_before=until, last_error=reason)
