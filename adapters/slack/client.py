"""Web API clients: one place that sets the base URL and the 429 retry handler.

Every `AsyncWebClient` the adapter creates comes from here, so `SLACK_API_URL` (GovSlack,
proxies, the tests' local fake) applies everywhere, and a 429 is retried after Slack's
`Retry-After` with an `asyncio.sleep` (never a blocking sleep on the event loop).
"""

from __future__ import annotations

from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

#: How many times a rate-limited call is retried before the error reaches the caller.
RATE_LIMIT_RETRIES = 2


def make_client(base_url: str, token: str | None = None) -> AsyncWebClient:
    return AsyncWebClient(
        token=token,
        base_url=base_url,
        retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)],
    )
