"""Work that runs after a Slack listener has acked: owned here, not by bolt.

Bolt's default async runner (`process_before_response=False`) starts each listener as
a task and then *polls* for its ack every 10 ms, so every ack costs at least one such
sleep, and more when the event loop is busy. Inroads runs bolt with
`process_before_response=True` instead: each listener acks, hands its real work to
:class:`AfterAck`, and returns, so bolt answers Slack as soon as the listener returns.

The work also waits here for the shared ledger's verdicts (`retries.already_taken`), so
a request another replica already accepted, or a retry of an event a delivery before it
took, runs nothing, whichever listener it reached.

Owning the tasks also makes shutdown honest: on SIGTERM the component waits for the work
already acked (answers at response_url, DMs) before it closes the HTTP session and the
database, instead of dropping tasks nobody holds a reference to.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine, Mapping
from typing import Any

from adapters.slack.retries import already_taken

log = logging.getLogger(__name__)


class AfterAck:
    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def start(
        self,
        work: Coroutine[Any, Any, None],
        *,
        name: str,
        context: Mapping[str, Any] | None = None,
    ) -> None:
        """Run `work` in the background; a strong reference keeps it alive until done.
        `context` (bolt's) carries the ledger's verdicts: the work of a replay, or of a
        retried event already taken, never starts."""
        task = asyncio.create_task(self._unless_replayed(work, context), name=name)
        self._tasks.add(task)
        task.add_done_callback(self._finished)

    @staticmethod
    async def _unless_replayed(
        work: Coroutine[Any, Any, None], context: Mapping[str, Any] | None
    ) -> None:
        if context is not None and await already_taken(context):
            work.close()  # never started: nothing runs, nothing is written
            return
        await work

    def _finished(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and (error := task.exception()) is not None:
            # Listeners catch their own failures; this is the net under them.
            log.error("Slack work %s failed", task.get_name(), exc_info=error)

    @property
    def in_flight(self) -> int:
        return len(self._tasks)

    async def drain(self, within_seconds: float) -> int:
        """Wait up to `within_seconds` for work in flight; cancel what is left and
        return how many were cancelled."""
        if not self._tasks:
            return 0
        _, pending = await asyncio.wait(set(self._tasks), timeout=within_seconds)
        for task in pending:
            task.cancel()
        if pending:
            log.warning("stopped with %d Slack answers unfinished", len(pending))
            await asyncio.wait(pending, timeout=1.0)
        return len(pending)
