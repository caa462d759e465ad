"""Feed an interaction the way the gateway does, and know when discord.py is done with it.

An interaction discord.py ignores gets no answer to wait for. But the parser hands every
interaction to tasks it creates there and then, synchronously (``CommandTree-invoker``,
``discord-ui-*``, ``discord.py: on_*``): the tasks that appear during the parser call are
all the work there is, and once each has finished the interaction is over. The deadline
only turns a hang into a failure; nothing waits for it in a passing run.
"""

from __future__ import annotations

import asyncio
from typing import Any

import discord

INTERACTION_TASKS = ("CommandTree-invoker", "discord-ui-", "discord.py:")
SETTLE_LIMIT = 30.0  # seconds


async def settle(client: discord.Client, payload: Any) -> list[BaseException]:
    """Hand `payload` to INTERACTION_CREATE's parser (the one the gateway calls) and wait
    until discord.py has finished with it. Returns the exceptions its tasks ended with."""
    before = asyncio.all_tasks()
    client._connection.parsers["INTERACTION_CREATE"](payload)
    seen: set[asyncio.Task[Any]] = set()
    failures: list[BaseException] = []
    while True:
        fresh = {
            t
            for t in asyncio.all_tasks()
            if t not in before and t not in seen and t.get_name().startswith(INTERACTION_TASKS)
        }
        if not fresh:
            return failures
        done, pending = await asyncio.wait(fresh, timeout=SETTLE_LIMIT)
        assert not pending, [t.get_name() for t in pending]
        seen |= done
        failures += [e for t in done if (e := t.exception()) is not None]
