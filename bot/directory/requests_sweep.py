"""The sweep that moves waiting requests on: one reminder at three days, expiry at five.

Conversation requests and warm-introduction requests wait the same way, so one loop
sweeps both, each through its repository's `sweep` (which share one implementation:
storage/repositories/request_sweep.py). Run by the scheduler's hourly fixed-id job
(adapters/scheduler/requests.py) and by the tests directly. Each chunk is one
transaction: the repository's guarded, set-based updates and the outbox rows they imply
commit together, so a crash mid-sweep leaves whole chunks done and the rest for the next
run; two replicas sweeping at once move each request once. What the seeker is offered
next is worked out when their message is sent (bot/directory/requests_outbox.py,
bot/directory/intro_outbox.py), as buttons: nothing is asked for them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol

from bot.ports import UnitOfWork
from bot.ports.requests import SweepResult
from bot.services import Services

#: Requests moved per transaction.
CHUNK = 5_000


class Sweepable(Protocol):
    async def sweep(self, now: datetime, *, limit: int) -> SweepResult: ...


#: Each kind of request the sweep moves on, by the repository that holds it.
SWEPT: tuple[Callable[[UnitOfWork], Sweepable], ...] = (
    lambda uow: uow.requests,
    lambda uow: uow.intros,
)


async def sweep_requests(services: Services, now: datetime, *, chunk: int = CHUNK) -> int:
    """Everything due at `now`, conversation requests then introduction requests;
    returns how many requests were reminded or expired."""
    total = 0
    for repository in SWEPT:
        while True:
            async with services.uow() as uow:
                result = await repository(uow).sweep(now, limit=chunk)
                await uow.commit()
            total += result.total
            if result.total < chunk:
                break
    return total
