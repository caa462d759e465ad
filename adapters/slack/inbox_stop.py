"""The end of a stopping inbox's running commands (`adapters.slack.inbox.Inbox.stop`).

At the stop's deadline, a command that has not committed is told to give up at its commit
(its work rolls back and its row goes to the next process), and one that has committed is
given a grace to send its answer: its row is gone, so nobody else would answer it. Apart
from the inbox so its scheduling stays readable.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping

from storage.inbox import RunningEntry

log = logging.getLogger(__name__)

#: A command that committed when the stop's time ran out gets this much longer to send
#: its answer: its row is gone, so cancelling it would leave the person with no answer.
ANSWER_GRACE_SECONDS = 3.0
#: How long a command told to abandon gets to reach its commit before it is cancelled.
ABANDON_WAIT_SECONDS = 0.5

Tasks = set[asyncio.Task[None]]


async def abandon_unanswered(
    still: Tasks, current: Mapping[asyncio.Task[None], RunningEntry]
) -> Tasks:
    """Tell the commands still running at the stop's deadline that have not committed
    to give up: each one's commit raises CommandAbandoned, so it rolls back at a clean
    point and its row is handed back; one still running after ABANDON_WAIT_SECONDS
    (stuck on a platform call) is cancelled. `current` is what each worker runs. Returns
    those that committed and are sending their answer: their row is gone, nobody else
    would answer."""
    answering = {t for t in still if (e := current.get(t)) is not None and e.committed}
    for task in still - answering:
        if (entry := current.get(task)) is not None:
            entry.abandoned = True
    unfinished = still - answering
    if unfinished:
        _, stuck = await asyncio.wait(unfinished, timeout=ABANDON_WAIT_SECONDS)
        for task in stuck:
            task.cancel()
        if stuck:
            await asyncio.wait(stuck, timeout=0.2)
    return answering


async def let_answers_go(answering: Tasks, seconds: float) -> None:
    """Committed commands get up to `seconds` to send their answer."""
    if not answering:
        return
    _, late = await asyncio.wait(answering, timeout=max(seconds, 0.1))
    for task in late:
        log.error("a committed command's answer did not go out before the stop")
        task.cancel()
    await asyncio.wait(answering, timeout=0.2)
