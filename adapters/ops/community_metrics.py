"""Prometheus gauges of the community figures (issue 18 §7), across every workspace.

The same numbers `people admin` shows one workspace (bot/directory/community.py), read
from the database at scrape time so every replica reports the cluster-wide truth.
Counts only, and no workspace or member label: the label set never grows with users.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from prometheus_client import Gauge

from adapters.ops.metrics import Metrics
from bot.directory.community import Community, community_figures
from bot.services import Services

#: Gauge name suffix -> (help, how to read it from the figures).
_GAUGES: dict[str, tuple[str, Callable[[Community], float]]] = {
    "directory_members": ("Members listed in the open-to-chat directory.", lambda c: c.listed),
    "directory_paused": ("Listed members whose listing is paused.", lambda c: c.paused),
    "requests_waiting": ("Conversation requests waiting for an answer.", lambda c: c.waiting),
    "requests_sent": ("Conversation requests ever sent.", lambda c: c.sent),
    "requests_accepted": ("Conversation requests accepted.", lambda c: c.accepted),
    "requests_not_now": ("Requests answered 'not this month'.", lambda c: c.not_now),
    "requests_declined": ("Conversation requests declined.", lambda c: c.declined),
    "requests_expired": ("Conversation requests that expired unanswered.", lambda c: c.expired),
    "request_answer_median_seconds": (
        "Median time from sending a request to its answer.",
        lambda c: (c.median_answer_hours or 0.0) * 3600,
    ),
    "helpers_over_budget": (
        "Helpers whose accepted requests this month exceed their budget.",
        lambda c: c.helpers_over_budget,
    ),
    "requests_top_tenth_share": (
        "Share of requests received by the busiest 10% of helpers (0-1).",
        lambda c: c.top_tenth_share or 0.0,
    ),
    "request_conversations_held": (
        "Accepted requests whose conversation was logged as held.",
        lambda c: c.conversations_held,
    ),
    "mentor_introductions": ("Mentor-round introductions sent.", lambda c: c.mentor_intros),
    "mentor_pairs_met": ("Mentor pairs who said they met.", lambda c: c.mentor_met),
}


def community_refresher(services: Services, metrics: Metrics) -> Callable[[], Awaitable[None]]:
    """Registers the gauges in the App's registry; the returned callable refreshes them."""
    gauges = {
        name: Gauge(f"inroads_{name}", help_text, registry=metrics.registry)
        for name, (help_text, _) in _GAUGES.items()
    }

    async def refresh() -> None:
        community = await community_figures(services, None, None, services.clock.now())
        for name, (_, read) in _GAUGES.items():
            gauges[name].set(read(community))

    return refresh
