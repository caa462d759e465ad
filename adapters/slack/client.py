"""Web API clients: one place that sets the base URL and the 429 retry handler.

Every `AsyncWebClient` the adapter creates comes from here, so `SLACK_API_URL` (GovSlack,
proxies, the tests' local fake) applies everywhere, and a 429 is retried after Slack's
`Retry-After` with an `asyncio.sleep` (never a blocking sleep on the event loop).
"""

from __future__ import annotations

from collections.abc import Callable

import aiohttp
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_client import AsyncWebClient

#: How many times a rate-limited call is retried before the error reaches the caller.
RATE_LIMIT_RETRIES = 2

RateLimitCounter = Callable[[], None]


class CountingRateLimitHandler(AsyncRateLimitErrorRetryHandler):
    """Slack's own 429 retry, plus a count of EVERY 429 answer (the retried ones never
    reach our code otherwise, so a storm would look three times smaller in metrics)."""

    def __init__(self, on_rate_limited: RateLimitCounter | None) -> None:
        super().__init__(max_retry_count=RATE_LIMIT_RETRIES)
        self.on_rate_limited = on_rate_limited

    async def can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if response is not None and response.status_code == 429 and self.on_rate_limited:
            self.on_rate_limited()
        return await super().can_retry_async(
            state=state, request=request, response=response, error=error
        )


def make_client(
    base_url: str,
    token: str | None = None,
    *,
    on_rate_limited: RateLimitCounter | None = None,
    session: aiohttp.ClientSession | None = None,
) -> AsyncWebClient:
    """`session`: the process's shared HTTP session (SlackComponent.start). Without one,
    slack_sdk opens a new session, so a new TCP and TLS connection, for every call."""
    handlers: list[AsyncRetryHandler] = [CountingRateLimitHandler(on_rate_limited)]
    return AsyncWebClient(token=token, base_url=base_url, retry_handlers=handlers, session=session)
