"""The dispatcher's knobs and its per-run tally (shared by the dispatch modules)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain import Actor, Reminder


@dataclass(frozen=True)
class DispatchConfig:
    batch_size: int = 200
    concurrency: int = 16
    #: Short, because a living dispatcher renews it every `lease_renew_seconds` while
    #: its batch is out (bot.reminders.inflight): a killed one's rows come back fast.
    lease_seconds: float = 20.0
    lease_renew_seconds: float = 5.0
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
    #: How long an in-flight mark waits for other sends starting now to share its commit.
    mark_linger_seconds: float = 0.002
    settle_max_rows: int = 100


@dataclass
class DispatchStats:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    retried: int = 0
    deferred: int = 0
    stale: int = 0
    #: Rows whose earlier send was in flight at a crash: the platform was asked first.
    rechecked: int = 0
    #: ... and it already had the message, so nothing was sent again.
    already_delivered: int = 0
    #: ... or it could not say (no history access, window passed): sent again anyway.
    unverified_resends: int = 0
    outcomes: dict[int, str] = field(default_factory=dict)

    def add(self, other: DispatchStats) -> None:
        for name in (
            "claimed",
            "sent",
            "failed",
            "retried",
            "deferred",
            "stale",
            "rechecked",
            "already_delivered",
            "unverified_resends",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def owner_of(reminder: Reminder) -> Actor:
    return Actor(reminder.platform, reminder.workspace_id, reminder.user_id)
