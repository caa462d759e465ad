"""`inroads run` with Slack settings serves /slack/events on the shared HTTP server."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from pathlib import Path

import aiohttp

from adapters.cli import _serve
from tests.slack.conftest import SlackHarness, form_headers, make_settings
from tests.slack.fake_slack import FakeSlack


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_run_serves_slack_events(tmp_path: Path, fake: FakeSlack) -> None:
    port = free_port()
    settings = make_settings(tmp_path, fake, http_port=port)
    task = asyncio.create_task(_serve(settings, console_user=None, force_console=False))
    helper = SlackHarness(fake, None, None, None)  # type: ignore[arg-type]
    body = helper.command_body("/interview", 'log "Jane Doe" company:Acme')
    try:
        async with aiohttp.ClientSession() as session:
            async with asyncio.timeout(30):
                while True:  # wait until the server listens
                    with contextlib.suppress(aiohttp.ClientConnectionError):
                        async with session.post(
                            f"http://127.0.0.1:{port}/slack/events",
                            data=body,
                            headers=form_headers(body),
                        ) as response:
                            assert response.status == 200
                            break
                    assert not task.done(), task.exception()
                    await asyncio.sleep(0.05)
        reply = await fake.wait_for_response()
        assert "Logged interview #1" in reply["text"]
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
