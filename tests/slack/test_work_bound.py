"""Work after ack is bounded, so a burst of commands queues instead of draining the pool."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from adapters.slack import surfaces
from adapters.slack.listeners import SlackHandlers
from bot.domain import Actor
from bot.reply import Reply


class CountingDispatcher:
    specs = ()  # no command has a form to open

    def __init__(self) -> None:
        self.running = 0
        self.peak = 0
        self.done = 0

    async def run_text(self, actor: Actor, text: str) -> Reply:
        self.running += 1
        self.peak = max(self.peak, self.running)
        await asyncio.sleep(0.01)
        self.running -= 1
        self.done += 1
        return Reply(text=f"ok {text}")


class NoLearning:
    async def first_contact(self, client: Any, actor: Actor) -> None:
        return None


async def test_a_burst_is_served_a_few_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    dispatcher = CountingDispatcher()
    handlers = SlackHandlers(dispatcher, NoLearning(), max_concurrent_work=3)  # type: ignore[arg-type]
    answered: list[str] = []

    async def ack(**_: Any) -> None:
        return None

    async def answer(_client: Any, response_url: str, reply: Reply, **_: Any) -> None:
        answered.append(response_url)

    monkeypatch.setattr(surfaces, "answer", answer)

    async def one(n: int) -> None:
        command = {
            "team_id": "T1",
            "user_id": f"U{n}",
            "command": "/interview",
            "text": "list",
            "response_url": f"https://example.invalid/{n}",
        }
        await handlers.on_command(ack, command, client=None, context={})  # type: ignore[arg-type]

    await asyncio.gather(*(one(n) for n in range(20)))  # every ack returns at once
    assert handlers.after_ack.in_flight == 20
    assert await handlers.after_ack.drain(within_seconds=10) == 0
    assert dispatcher.done == 20
    assert len(answered) == 20
    assert dispatcher.peak == 3
