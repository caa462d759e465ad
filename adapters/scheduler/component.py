"""APScheduler 3.11 as a runtime component: timing only, never the source of truth.

The scheduler holds exactly one job for reminders — the dispatcher, every
``dispatch_interval_seconds`` — plus recurring jobs other features register with fixed
ids (a group's match round, digests). It never holds one job per reminder: APScheduler 3
removes a one-shot job before running it and cannot share a job store between processes,
so per-reminder jobs would be lost in a crash or sent twice by two replicas. The
reminders table is the outbox; this job only wakes the dispatcher.

Job options, chosen on purpose (APScheduler's defaults would skip work after downtime):
- ``coalesce=True``: ticks missed while the loop was busy collapse into one run;
- ``max_instances=1``: a long drain is never run twice at once in one process;
- ``misfire_grace_time=None``: a late tick still runs (nothing is skipped, whatever the lag);
- ``replace_existing=True`` with fixed ids: registering twice replaces, never duplicates.

Callables must be module-level functions (APScheduler's rule for text references and
persistent stores); their arguments may be live objects because the store is in memory.
"""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MISSED,
    EVENT_JOB_SUBMITTED,
    JobSubmissionEvent,
    SchedulerEvent,
)
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from adapters.scheduler.jobs import run_dispatch
from bot.domain import Actor
from bot.reminders.dispatch import DispatchConfig, ReminderDispatcher
from bot.services import Services

log = logging.getLogger(__name__)

DISPATCH_JOB_ID = "reminders-dispatch"
#: At shutdown, how long other running jobs (a mentoring sweep) may take to finish.
JOBS_FINISH_SECONDS = 2.0
_JOB_ENDED = EVENT_JOB_EXECUTED | EVENT_JOB_ERROR | EVENT_JOB_MISSED
_JOB_DEFAULTS = {"coalesce": True, "max_instances": 1, "misfire_grace_time": None}


class _SkipNoise(logging.Filter):
    """A drain longer than one interval makes APScheduler skip ticks; that is expected
    for the dispatcher (the running drain picks the work up), so it is not a warning."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            "maximum number of running instances" in record.getMessage()
            and DISPATCH_JOB_ID in record.getMessage()
        )


class SchedulerComponent:
    name = "scheduler"

    def __init__(
        self,
        services: Services,
        *,
        interval_seconds: float = 1.0,
        dispatch_config: DispatchConfig | None = None,
        deliver_only_to: Actor | None = None,
    ) -> None:
        self.dispatcher = ReminderDispatcher(services, dispatch_config, only_for=deliver_only_to)
        self.interval_seconds = interval_seconds
        self.scheduler = AsyncIOScheduler(timezone=UTC, job_defaults=_JOB_DEFAULTS)
        # Jobs running now, from APScheduler's own events: its executor cancels running
        # jobs at shutdown (and logs each as an error), so stop() waits for them first.
        self._running_jobs = 0
        self._jobs_idle = asyncio.Event()
        self._jobs_idle.set()
        self.scheduler.add_listener(self._job_event, EVENT_JOB_SUBMITTED | _JOB_ENDED)
        noisy = logging.getLogger("apscheduler.scheduler")
        if not any(isinstance(f, _SkipNoise) for f in noisy.filters):
            noisy.addFilter(_SkipNoise())
        logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)
        self.add_interval_job(
            DISPATCH_JOB_ID,
            run_dispatch,
            seconds=interval_seconds,
            args=(self.dispatcher,),
            first_run=datetime.now(UTC),  # catch up at once on what came due while down
        )

    def _job_event(self, event: SchedulerEvent) -> None:
        if isinstance(event, JobSubmissionEvent):
            self._running_jobs += 1
            self._jobs_idle.clear()
            return
        self._running_jobs = max(self._running_jobs - 1, 0)
        if self._running_jobs == 0:
            self._jobs_idle.set()

    def add_interval_job(
        self,
        job_id: str,
        func: Callable[..., Any],
        *,
        seconds: float,
        args: Sequence[Any] = (),
        kwargs: Mapping[str, Any] | None = None,
        first_run: datetime | None = None,
    ) -> None:
        """Run `func(*args, **kwargs)` every `seconds`; `job_id` is fixed and unique."""
        self._check(job_id, func)
        options: dict[str, Any] = {} if first_run is None else {"next_run_time": first_run}
        self.scheduler.add_job(
            func,
            IntervalTrigger(seconds=seconds, timezone=UTC),
            id=job_id,
            name=job_id,
            args=list(args),
            kwargs=dict(kwargs or {}),
            replace_existing=True,
            **options,
        )

    def add_cron_job(
        self,
        job_id: str,
        func: Callable[..., Any],
        *,
        cron: str | None = None,
        timezone: str = "UTC",
        args: Sequence[Any] = (),
        kwargs: Mapping[str, Any] | None = None,
        **fields: Any,
    ) -> None:
        """Run `func` on a cron schedule: either a crontab string (`"0 9 * * MON"`) or
        APScheduler cron fields (`day_of_week="mon", hour=9`), in `timezone`."""
        self._check(job_id, func)
        trigger = (
            CronTrigger.from_crontab(cron, timezone=timezone)
            if cron
            else CronTrigger(timezone=timezone, **fields)
        )
        self.scheduler.add_job(
            func,
            trigger,
            id=job_id,
            name=job_id,
            args=list(args),
            kwargs=dict(kwargs or {}),
            replace_existing=True,
        )

    def remove_job(self, job_id: str) -> bool:
        if self.scheduler.get_job(job_id) is None:
            return False
        self.scheduler.remove_job(job_id)
        return True

    def job_ids(self) -> list[str]:
        return sorted(job.id for job in self.scheduler.get_jobs())

    def _check(self, job_id: str, func: Callable[..., Any]) -> None:
        """Module-level callables only; an earlier job with this id is replaced (before
        start APScheduler would keep both pending until start, so drop it here)."""
        self.remove_job(job_id)
        self._check_callable(func)

    @staticmethod
    def _check_callable(func: Callable[..., Any]) -> None:
        qualname = getattr(func, "__qualname__", "")
        if "<locals>" in qualname or "<lambda>" in qualname or "." in qualname:
            raise ValueError(
                f"scheduler jobs must be module-level functions, not {qualname or func!r}"
            )

    def health_reason(self) -> str | None:
        """Readiness: the scheduler runs and the dispatcher finished a run recently."""
        if not self.scheduler.running:
            return "scheduler not running"
        last = self.dispatcher.last_run_finished
        allowed = (
            max(60.0, 10 * self.interval_seconds) + self.dispatcher.config.drain_budget_seconds
        )
        if last is not None and asyncio.get_running_loop().time() - last > allowed:
            return f"reminder dispatcher has not finished a run for over {allowed:.0f} s"
        return None

    async def start(self) -> None:
        # Started last, when every module is imported and every adapter is up: move those
        # long-lived objects out of the collector's reach, so full collections during a
        # reminder burst scan only new objects (they caused the longest event-loop stalls).
        gc.freeze()
        self.scheduler.start()
        log.info(
            "scheduler started: dispatch every %.2gs, jobs %s",
            self.interval_seconds,
            ", ".join(self.job_ids()),
        )

    async def stop(self) -> None:
        """Start no job, claim nothing more, let what is running finish, then stop."""
        self.dispatcher.stop()
        if self.scheduler.running:
            self.scheduler.pause()
        # Wait before shutting down: APScheduler's asyncio executor cancels running jobs
        # on shutdown, which would strand a half-sent batch until its lease expires.
        # 7 s leaves room in the runtime's 10 s shutdown budget; sends not yet started hand
        # their claims back (see ReminderDispatcher._send), so only sends truly in flight
        # can outlive this wait, and their lease brings them back.
        await self.dispatcher.wait_idle(7.0)
        try:
            await asyncio.wait_for(self._jobs_idle.wait(), JOBS_FINISH_SECONDS)
        except TimeoutError:
            log.warning("stopping with %d scheduled jobs still running", self._running_jobs)
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
            await asyncio.sleep(0)  # AsyncIOScheduler shuts down on the loop's next turn
