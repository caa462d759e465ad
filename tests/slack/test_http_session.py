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


async def test_an_answer_whose_connection_drops_is_posted_once_more() -> None:
    """A kept-alive connection the other end closed fails the first post; the answer
    still arrives, once."""
    import asyncio

    from slack_sdk.web.async_client import AsyncWebClient

    from adapters.slack.messaging import answer

    attempts: list[bytes] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            int(line.split(b":")[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length")
        )
        attempts.append(await reader.readexactly(length))
        if len(attempts) > 1:
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
            await writer.drain()
        writer.close()  # the first post: the connection goes without an answer

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    async with aiohttp.ClientSession() as session:
        client = AsyncWebClient(token="xoxb-test", session=session)
        await answer(client, f"http://127.0.0.1:{port}/respond", Reply(text="hello"))
    server.close()
    await server.wait_closed()
    assert len(attempts) == 2
    assert attempts[0] == attempts[1]
    posted = json.loads(attempts[1])
    assert posted["text"] == "hello"
    assert posted["blocks"][0]["type"] == "section"
