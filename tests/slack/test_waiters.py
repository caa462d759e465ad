"""A form's listener and the worker running its command agree on who answers: exactly one
of them, whichever way the timing falls (adapters/slack/waiters.py)."""

from __future__ import annotations

import asyncio

from adapters.slack.waiters import FormWaiters
from bot.reply import Reply, error_reply

REFUSAL = error_reply("That date is in the future.")


async def test_a_refusal_in_time_goes_on_the_form() -> None:
    waiters = FormWaiters()
    token = waiters.expect()

    async def worker() -> bool:
        await asyncio.sleep(0)
        return waiters.deliver(token, REFUSAL)

    delivered, verdict = await asyncio.gather(worker(), waiters.verdict(token, 5.0))
    assert delivered
    assert verdict is REFUSAL


async def test_a_verdict_after_the_listener_gave_up_is_refused_so_the_worker_sends_it() -> None:
    waiters = FormWaiters()
    token = waiters.expect()
    assert await waiters.verdict(token, 0.0) is None  # the ack went without it
    assert not waiters.deliver(token, REFUSAL)  # the worker answers by DM instead
    assert not waiters.deliver(token, None)


async def test_success_closes_the_form_and_unknown_tokens_are_nobodys() -> None:
    waiters = FormWaiters()
    token = waiters.expect()
    assert waiters.deliver(token, None)
    assert await waiters.verdict(token, 5.0) is None
    assert not waiters.deliver("resumed-by-another-process", Reply(text="x"))
    assert await waiters.verdict("resumed-by-another-process", 0.1) is None


async def test_a_forgotten_waiter_takes_nothing() -> None:
    waiters = FormWaiters()
    token = waiters.expect()
    waiters.forget(token)  # the inbox refused the form: the ack said so
    assert not waiters.deliver(token, REFUSAL)
