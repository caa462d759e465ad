"""Acks return before the work; a stop waits for acked work, within a bound."""

from __future__ import annotations

import asyncio
import time

import pytest

from adapters.slack import component as component_module
from adapters.slack.background import AfterAck
from bot.domain import Actor
from bot.reply import Reply
from tests.slack.conftest import SlackHarness


def slow_dispatch(slack: SlackHarness, seconds: float, monkeypatch: pytest.MonkeyPatch) -> None:
    real = slack.app.dispatcher.run_text

    async def slow(actor: Actor, text: str) -> Reply:
        await asyncio.sleep(seconds)
        return await real(actor, text)

    monkeypatch.setattr(slack.app.dispatcher, "run_text", slow)


async def test_the_ack_does_not_wait_for_the_work(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow_dispatch(slack, 2.0, monkeypatch)
    started = time.perf_counter()
    response = await slack.command("/interview", "log Jane")
    assert response.status == 200
    assert time.perf_counter() - started < 1.5  # answered before the work finished
    answered = await slack.fake.wait_for_response()
    assert "Logged interview" in str(answered)


async def test_stop_finishes_acked_work_before_closing(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await slack.component.start()
    slow_dispatch(slack, 0.3, monkeypatch)
    assert (await slack.command("/interview", "log Jane")).status == 200
    assert slack.fake.responses == []
    await slack.component.stop()  # SIGTERM right after the ack
    assert len(slack.fake.responses) == 1
    assert "Logged interview" in str(slack.fake.responses[0])


async def test_stop_gives_up_on_work_that_overruns_its_bound(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await slack.component.start()
    monkeypatch.setattr(component_module, "DRAIN_SECONDS", 0.1)
    slow_dispatch(slack, 30, monkeypatch)
    assert (await slack.command("/interview", "log Jane")).status == 200
    slack.component.stop_seconds = 1.0  # its slice of the shutdown budget
    started = time.perf_counter()
    await slack.component.stop()
    assert time.perf_counter() - started < 3
    assert slack.component.handlers.after_ack.in_flight == 0
    # The command it gave up on is not lost: it waits in the inbox, lease released.
    waiting, _ = await slack.component.inbox.store.waiting("slack")
    assert waiting == 1


async def test_a_failure_nobody_caught_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    work = AfterAck()

    async def broken() -> None:
        raise RuntimeError("boom")

    work.start(broken(), name="slack-test")
    assert await work.drain(within_seconds=1) == 0
    assert "Slack work slack-test failed" in caplog.text


async def test_work_of_a_request_another_replica_accepted_never_starts() -> None:
    from adapters.slack.replay import VERDICT_KEY

    ran: list[str] = []

    async def work(label: str) -> None:
        ran.append(label)

    async def verdict(replayed: bool) -> bool:
        return replayed

    background = AfterAck()
    replayed = {VERDICT_KEY: asyncio.create_task(verdict(True))}
    fresh = {VERDICT_KEY: asyncio.create_task(verdict(False))}
    background.start(work("replayed"), name="a", context=replayed)
    background.start(work("fresh"), name="b", context=fresh)
    background.start(work("no ledger"), name="c", context={})
    assert await background.drain(within_seconds=1) == 0
    assert sorted(ran) == ["fresh", "no ledger"]
