"""A started Slack component sends every Web API call over one shared HTTP session."""

from __future__ import annotations

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
