"""Request verification (bolt's): bad signatures and replays are refused with 401."""

from __future__ import annotations

import time

import aiohttp

from adapters.http.server import HttpComponent
from tests.slack.conftest import SlackHarness, form_headers


async def test_bad_signature_is_401(slack: SlackHarness) -> None:
    body = slack.command_body("/interview", "list")
    response = await slack.dispatch(body, form_headers(body, secret="not-the-secret"))
    assert response.status == 401
    assert slack.fake.responses == []


async def test_stale_timestamp_is_401(slack: SlackHarness) -> None:
    body = slack.command_body("/interview", "list")
    response = await slack.dispatch(body, form_headers(body, ts=int(time.time()) - 600))
    assert response.status == 401


async def test_missing_headers_is_401(slack: SlackHarness) -> None:
    body = slack.command_body("/interview", "list")
    response = await slack.dispatch(body, {"content-type": "application/x-www-form-urlencoded"})
    assert response.status == 401


async def test_over_a_real_http_socket(slack: SlackHarness) -> None:
    http = HttpComponent(slack.app.settings, host="127.0.0.1", port=0)
    http.add_routes(slack.component.install_routes)
    await http.start()
    try:
        url = f"http://127.0.0.1:{http.bound_port}/slack/events"
        body = slack.command_body("/interview", 'log "Jane Doe" company:Acme')
        async with aiohttp.ClientSession() as session:
            async with session.post(url, data=body, headers=form_headers(body)) as ok:
                assert ok.status == 200
            bad = form_headers(body, secret="wrong")
            async with session.post(url, data=body, headers=bad) as refused:
                assert refused.status == 401
        reply = await slack.fake.wait_for_response()
        assert "Logged interview" in reply["text"]
        assert len(slack.fake.responses) == 1  # the refused request did nothing
    finally:
        await http.stop()
