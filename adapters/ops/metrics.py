"""Prometheus metrics for one App, in its own registry.

Why a registry per App and not prometheus_client's global one: tests and benchmarks
build several Apps in one process, and the global registry refuses a second metric with
the same name. Each App gets a fresh `Metrics`; `/metrics` renders that App's registry.

Labels are kept to bounded sets (command names from the specs, platform names, the
platforms' error codes) so a scrape never grows with users or text.

Who calls what:
- the Dispatcher calls `observe_command` after every command (wired in `build_app`);
- `MeteredNotifier` (wrapping the App's notifier) calls `reminder_sent` /
  `reminder_failed` per reminder delivery and `platform_error` / `rate_limited` when a
  platform refuses a message; adapters may call the latter two directly for other calls;
- `reminders_pending` and `reminders_overdue` are read from the database at scrape time
  (`add_refresher`), so every replica reports the cluster-wide truth.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

log = logging.getLogger(__name__)

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"

_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

Refresher = Callable[[], Awaitable[None]]


class Metrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self.registry = registry or CollectorRegistry()
        r = self.registry
        self.commands = Counter(
            "inroads_commands",
            "Commands handled, by command name and outcome (ok, rejected, error).",
            ["command", "outcome"],
            registry=r,
        )
        self.command_seconds = Histogram(
            "inroads_command_duration_seconds",
            "Time from parsed text to reply, per command.",
            ["command"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.reminders_pending = Gauge(
            "inroads_reminders_pending",
            "Reminders waiting to be sent (any due time), read from the database.",
            registry=r,
        )
        self.reminders_overdue = Gauge(
            "inroads_reminders_overdue",
            "Pending reminders whose due time has passed: grows when dispatch falls behind.",
            registry=r,
        )
        self.reminders_sent = Counter(
            "inroads_reminders_sent",
            "Reminders delivered by this process, per platform.",
            ["platform"],
            registry=r,
        )
        self.reminders_failed = Counter(
            "inroads_reminders_failed",
            "Reminder delivery attempts that failed, per platform and reason; final=false "
            "ones are retried later, final=true ones are marked failed.",
            ["platform", "reason", "final"],
            registry=r,
        )
        self.reminder_send_seconds = Histogram(
            "inroads_reminder_send_duration_seconds",
            "Time to deliver one reminder through the platform, per platform.",
            ["platform"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.platform_errors = Counter(
            "inroads_platform_errors",
            "Errors returned by a platform API, per platform and error code.",
            ["platform", "error"],
            registry=r,
        )
        self.platform_rate_limited = Counter(
            "inroads_platform_rate_limited",
            "HTTP 429 answers from a platform API, per platform.",
            ["platform"],
            registry=r,
        )
        self._refreshers: list[Refresher] = []

    # -- commands ------------------------------------------------------------------
    def observe_command(self, name: str, outcome: str, seconds: float) -> None:
        """Matches `bot.dispatcher.Observer`: pass it to `Dispatcher.add_observer`."""
        self.commands.labels(name, outcome).inc()
        self.command_seconds.labels(name).observe(seconds)

    # -- reminders -----------------------------------------------------------------
    def reminder_sent(self, platform: str, seconds: float) -> None:
        self.reminders_sent.labels(platform).inc()
        self.reminder_send_seconds.labels(platform).observe(seconds)

    def reminder_failed(
        self, platform: str, reason: str, seconds: float | None = None, *, final: bool = True
    ) -> None:
        """`reason` must be a short code (`cannot_dm_bot`, `50007`, `rate_limited`, ...)."""
        self.reminders_failed.labels(platform, _bounded(reason), str(final).lower()).inc()
        if seconds is not None:
            self.reminder_send_seconds.labels(platform).observe(seconds)

    # -- platforms -----------------------------------------------------------------
    def platform_error(self, platform: str, error: str) -> None:
        self.platform_errors.labels(platform, _bounded(error)).inc()

    def rate_limited(self, platform: str) -> None:
        self.platform_rate_limited.labels(platform).inc()

    # -- scrape --------------------------------------------------------------------
    def add_refresher(self, refresher: Refresher) -> None:
        """An async callable run before each scrape (e.g. counting rows)."""
        self._refreshers.append(refresher)

    async def render(self, *, refresh_timeout: float = 2.0) -> bytes:
        """The registry as Prometheus text. A slow or failing refresher leaves its gauges
        at their last value instead of failing the whole scrape."""
        for refresher in self._refreshers:
            try:
                await asyncio.wait_for(refresher(), refresh_timeout)
            except Exception as exc:
                log.warning("metrics refresh failed: %s", exc.__class__.__name__)
        return generate_latest(self.registry)


def _bounded(code: str) -> str:
    """Error codes become label values; cap their length so a surprise message can't
    explode the label set."""
    code = code.strip() or "unknown"
    return code[:48]
