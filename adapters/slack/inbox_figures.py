"""The inbox's figures in `/metrics`: how much is waiting, how old the oldest is, how long
people wait for answers (from receipt, not from start), what was refused or resumed, and
what waits for a process of a newer version (`inbox_others`).

Apart from the inbox so its scheduling stays readable; the gauges read the live queue.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0)


class _Held(Protocol):
    @property
    def held(self) -> int: ...


class _Others(Protocol):
    @property
    def count(self) -> int: ...

    def oldest_age(self) -> float: ...


class _Inbox(Protocol):
    @property
    def queue(self) -> _Held: ...

    @property
    def others(self) -> _Others: ...

    def oldest_age(self) -> float: ...


class InboxFigures:
    def __init__(self, registry: CollectorRegistry, inbox: _Inbox) -> None:
        def gauge(name: str, documentation: str, read: Callable[[], float]) -> None:
            Gauge(name, documentation, registry=registry).set_function(read)

        gauge(
            "inroads_inbox_depth",
            "Acknowledged commands this process holds, waiting or running.",
            lambda: inbox.queue.held,
        )
        gauge(
            "inroads_inbox_oldest_seconds",
            "Age of the oldest acknowledged command this process has not answered yet.",
            inbox.oldest_age,
        )
        # Read at each scrape, so the inbox's `others` must exist before the figures.
        gauge(
            "inroads_inbox_other_kinds",
            "Acknowledged requests of kinds this version does not run, left for a newer "
            "process (counted at most once a minute).",
            lambda: inbox.others.count,
        )
        gauge(
            "inroads_inbox_other_kinds_oldest_seconds",
            "Age of the oldest of them, as of the last count.",
            lambda: inbox.others.oldest_age(),
        )
        self.answer_seconds = Histogram(
            "inroads_command_answer_seconds",
            "Time from a command's receipt (not its start) to its answer.",
            buckets=_BUCKETS,
            registry=registry,
        )
        self.refused = Counter(
            "inroads_inbox_refused",
            "Commands answered 'busy' at the ack and not queued, by reason.",
            ["reason"],
            registry=registry,
        )
        self.resumed = Counter(
            "inroads_inbox_resumed",
            "Commands claimed from the inbox after another process stopped or crashed.",
            registry=registry,
        )
