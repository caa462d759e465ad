"""A form submission's listener waiting, briefly, for the queued command's verdict.

A submitted form is written to the inbox and run by a worker like any other request, so
a stop or crash cannot lose it. But a refusal only the handler can make (a logged date in
the future) belongs on the form, which keeps what was typed, and that needs the ack:
`response_action: errors`. So the listener waits here, within its part of Slack's three
seconds, while the worker runs the command: a refusal delivered in time goes on the form
and the worker sends nothing; anything else (success, or no verdict in time) closes the
form, and the worker answers by DM. A verdict the listener no longer waits for is simply
not taken, which is how the worker knows the DM is its job.
"""

from __future__ import annotations

import asyncio
import uuid

from bot.reply import Reply


class FormWaiters:
    def __init__(self) -> None:
        self._waiting: dict[str, asyncio.Future[Reply | None]] = {}

    def expect(self) -> str:
        """A new waiter's token, to be carried in the queued form's payload."""
        token = uuid.uuid4().hex
        self._waiting[token] = asyncio.get_running_loop().create_future()
        return token

    def forget(self, token: str) -> None:
        future = self._waiting.pop(token, None)
        if future is not None and not future.done():
            future.cancel()

    async def verdict(self, token: str, seconds: float) -> Reply | None:
        """The refusal to show on the form, or None to close it (the command succeeded,
        or did not answer within `seconds`). The waiter is gone afterwards either way."""
        future = self._waiting.get(token)
        if future is None:
            return None
        try:
            if seconds > 0 and not future.done():
                await asyncio.wait({future}, timeout=seconds)
            # No await between this test and `forget`: a late delivery sees a cancelled
            # future and is refused, so exactly one side answers.
            return future.result() if future.done() and not future.cancelled() else None
        finally:
            self.forget(token)

    def deliver(self, token: str, verdict: Reply | None) -> bool:
        """Hand the listener its verdict; False when nobody waits for it any more."""
        future = self._waiting.get(token)
        if future is None or future.done():
            return False
        future.set_result(verdict)
        return True
