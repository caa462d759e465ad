"""Reminder and platform metrics gathered at the notifier, and concurrent migrations."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from adapters.ops.metered import MeteredNotifier
from adapters.ops.metrics import Metrics
from bot.domain import Actor
from bot.ports import DeliveryError
from bot.reply import Reply
from storage.migrate import upgrade
from tests.conftest import _drop_schema, _postgres_schema_engine

SLACK_USER = Actor("slack", "T1", "U1")
DISCORD_USER = Actor("discord", "G1", "42")


class ScriptedNotifier:
    """Answers each send with the next scripted outcome (a message ref or an error)."""

    def __init__(self, outcomes: list[str | DeliveryError]) -> None:
        self.outcomes = outcomes

    async def send_dm(self, recipient: Actor, reply: Reply, *, idempotency_key: str) -> str:
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, DeliveryError):
            raise outcome
        return outcome

    async def send_group(
        self, members: Sequence[Actor], reply: Reply, *, idempotency_key: str
    ) -> str:
        return await self.send_dm(members[0], reply, idempotency_key=idempotency_key)

    async def post_to_channel(
        self, platform: str, workspace_id: str, channel: str, reply: Reply, *, idempotency_key: str
    ) -> str:
        return await self.send_dm(
            Actor(platform, workspace_id, channel), reply, idempotency_key=idempotency_key
        )


def sample(metrics: Metrics, name: str, **labels: str) -> float:
    value = metrics.registry.get_sample_value(name, labels)
    return 0.0 if value is None else value


async def test_reminder_outcomes_are_counted_by_platform_and_reason() -> None:
    metrics = Metrics()
    inner = ScriptedNotifier(
        [
            "ts-1",
            DeliveryError("cannot_dm_bot", permanent=True),
            DeliveryError("rate_limited", permanent=False, retry_after=3.0),
            DeliveryError("50007", permanent=True),
            DeliveryError("rate_limited", permanent=False, retry_after=2.0),
            "intro-1",
        ]
    )
    notifier = MeteredNotifier(inner, metrics)
    reply = Reply(text="hi")
    assert await notifier.send_dm(SLACK_USER, reply, idempotency_key="reminder-1") == "ts-1"
    for user, key in ((SLACK_USER, "reminder-2"), (SLACK_USER, "reminder-3")):
        with pytest.raises(DeliveryError):
            await notifier.send_dm(user, reply, idempotency_key=key)
    for key in ("reminder-4", "reminder-5"):
        with pytest.raises(DeliveryError):
            await notifier.send_dm(DISCORD_USER, reply, idempotency_key=key)
    await notifier.send_group([SLACK_USER], reply, idempotency_key="match-1")

    assert sample(metrics, "inroads_reminders_sent_total", platform="slack") == 1
    assert sample(metrics, "inroads_reminder_send_duration_seconds_count", platform="slack") == 3
    failed = "inroads_reminders_failed_total"
    assert sample(metrics, failed, platform="slack", reason="cannot_dm_bot", final="true") == 1
    assert sample(metrics, failed, platform="slack", reason="rate_limited", final="false") == 1
    assert sample(metrics, failed, platform="discord", reason="50007", final="true") == 1
    # Slack's client counts each 429 answer itself (adapters/slack/client.py); counting the
    # one that surfaces here again would double it. Other platforms are counted here.
    assert sample(metrics, "inroads_platform_rate_limited_total", platform="slack") == 0
    assert sample(metrics, "inroads_platform_rate_limited_total", platform="discord") == 1
    assert sample(metrics, "inroads_platform_errors_total", platform="discord", error="50007") == 1
    # The match introduction is not a reminder.
    assert sample(metrics, "inroads_reminders_sent_total", platform="slack") == 1


async def test_a_refused_channel_post_counts_as_a_platform_error() -> None:
    metrics = Metrics()
    inner = ScriptedNotifier([DeliveryError("not_in_channel", permanent=True), "C1:1"])
    notifier = MeteredNotifier(inner, metrics)
    reply = Reply(text="round news")
    with pytest.raises(DeliveryError):
        await notifier.post_to_channel("slack", "T1", "#x", reply, idempotency_key="round-1-a")
    assert await notifier.post_to_channel("slack", "T1", "#x", reply, idempotency_key="k") == "C1:1"
    errors = "inroads_platform_errors_total"
    assert sample(metrics, errors, platform="slack", error="not_in_channel") == 1
    assert sample(metrics, "inroads_reminders_sent_total", platform="slack") == 0


@pytest.mark.postgres
async def test_concurrent_upgrades_take_turns_on_postgres() -> None:
    """Several replicas migrating at start: the advisory lock makes both succeed."""
    first, schema = await _postgres_schema_engine()
    second = type(first)(first.sync_engine)  # a second engine handle over the same URL
    try:
        # Bounded: without the lock the two transactions deadlock on the new tables.
        await asyncio.wait_for(asyncio.gather(upgrade(first), upgrade(second)), 120)
    finally:
        await first.dispose()
        await _drop_schema(schema)
