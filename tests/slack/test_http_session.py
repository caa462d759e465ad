"""A started Slack component sends every Web API call over one shared HTTP session."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import pytest

from bot.reply import Reply
from tests.slack.conftest import SlackHarness


async def test_one_session_for_every_call_and_closed_on_stop(slack: SlackHarness) -> None:
    component = slack.component
    await component.start()
    session = component.http_session
    assert session is not None
    assert component.bolt.client.session is session
    assert component.notifier.session is session
    client = await component.notifier._client_for(slack.actor().workspace_id)
    assert client.session is session
    await component.notifier.send_dm(slack.actor(), Reply(text="hello"), idempotency_key="k1")
    assert any(call.method == "chat.postMessage" for call in slack.fake.calls)
    await component.stop()
    assert session.closed
    assert component.notifier.session is None


async def test_answers_at_response_url_reuse_the_shared_session(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """bolt's `respond` opens a session (a new connection) per answer; ours does not."""
    await slack.component.start()
    opened: list[aiohttp.ClientSession] = []
    real_init = aiohttp.ClientSession.__init__

    def counting_init(self: aiohttp.ClientSession, *args: Any, **kwargs: Any) -> None:
        opened.append(self)
        real_init(self, *args, **kwargs)

    monkeypatch.setattr(aiohttp.ClientSession, "__init__", counting_init)
    try:
        for n in range(3):
            await slack.command("/interview", f"log Person{n}")
            answered = await slack.fake.wait_for_response(n + 1)
            assert "Logged interview" in json.dumps(answered)
    finally:
        await slack.component.stop()
    assert opened == []
