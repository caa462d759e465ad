"""The fake platform servers' shared parts, for tests and benchmarks alike.

Several fakes answer Slack's Web API and Discord's REST API (the strict ones the tests
trust, the scriptable one of the fault tests, the fast ones of the benchmarks). What a
platform *does* on a call (the shape of `auth.test`, the DM channel `conversations.open`
gives, the unique `ts` of a post, `conversations.history` paging, Discord's user and
message objects, `enforce_nonce`, its 429 and error bodies) lives here once, so the
fakes cannot drift apart; each fake keeps only its own hooks (validation, scripted
failures, latency, counting).
"""

from tests.fakeplatforms.discord_rest import (
    NonceMemory,
    answer,
    application_payload,
    discord_error,
    message_payload,
    rate_limited,
    user_payload,
)
from tests.fakeplatforms.slack_blocks import block_problems
from tests.fakeplatforms.slack_web import (
    SlackHistory,
    auth_test,
    dm_channel_id,
    read_params,
)

__all__ = [
    "NonceMemory",
    "SlackHistory",
    "answer",
    "application_payload",
    "auth_test",
    "block_problems",
    "discord_error",
    "dm_channel_id",
    "message_payload",
    "rate_limited",
    "read_params",
    "user_payload",
]
