"""A global bolt middleware that needs only the request, run as bolt runs its own.

Why: given to `AsyncApp.use` as a plain function, a middleware is wrapped so that on
every request bolt builds each keyword argument it could inject (client, context,
logger, say, respond, ...) and then passes the three it asked for. Profiled on a full
`/interview log`, that cost more than the replay guard and the event-retry check
themselves. An `AsyncMiddleware` instance is called directly with the request.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

Next = Callable[[], Awaitable[BoltResponse]]
Step = Callable[[AsyncBoltRequest, BoltResponse, Next], Awaitable[BoltResponse]]


class RequestOnly(AsyncMiddleware):
    """Runs `step(req, resp, next)`; named after the function, for bolt's logs."""

    def __init__(self, step: Step) -> None:
        self._step = step
        self._name = f"{step.__module__}.{step.__qualname__}"

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Next
    ) -> BoltResponse | None:
        return await self._step(req, resp, next)

    @property
    def name(self) -> str:
        return self._name
