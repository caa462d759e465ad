"""The sweep that moves waiting requests on: one reminder at three days, expiry at five.

Run by the scheduler's hourly fixed-id job (adapters/scheduler/requests.py) and by the
tests directly. Each chunk is one transaction: the repository's guarded, set-based
updates and the outbox rows they imply commit together, so a crash mid-sweep leaves
whole chunks done and the rest for the next run; two replicas sweeping at once move
each request once. The cascade itself is worked out when the seeker's message is sent
(bot/directory/requests_outbox.py), and offered as buttons: nothing is asked for them.
"""

from __future__ import annotations

from datetime import datetime

from bot.services import Services

#: Requests moved per transaction.
CHUNK = 5_000


async def sweep_requests(services: Services, now: datetime, *, chunk: int = CHUNK) -> int:
    """Everything due at `now`; returns how many requests were reminded or expired."""
    total = 0
    while True:
        async with services.uow() as uow:
            result = await uow.requests.sweep(now, limit=chunk)
            await uow.commit()
        total += result.total
        if result.total < chunk:
            return total
