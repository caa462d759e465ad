"""Socket Mode against a local websocket, and DM delivery errors mapped for the core."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qsl

import pytest

from adapters.runtime import build_app
from adapters.slack.connector import build_slack
from bot.domain import Actor
from bot.ports import DeliveryError
from bot.reply import Action, Reply
from storage.workspaces import due_purges
from tests.slack.conftest import USER, SlackHarness, eventually, make_settings
from tests.slack.fake_slack import FakeSlack

NUDGE = Reply(title="Check-in", text="Follow up with Jane", actions=(Action("Done", "help"),))


async def test_socket_mode_round_trip(tmp_path: Path, fake: FakeSlack) -> None:
    settings = make_settings(
        tmp_path, fake, slack_signing_secret=None, slack_app_token="xapp-1-test"
    )
    app = await build_app(settings)
    component = build_slack(app.parts)  # no HTTP server in Socket Mode
    await component.start()
    try:
        opened = await fake.wait_for("apps.connections.open")
        assert opened.token == "xapp-1-test"
        slack = SlackHarness(fake, app, component, None)  # type: ignore[arg-type]
        payload = dict(parse_qsl(slack.command_body("/interview", 'log "Jane Doe"')))
        await fake.socket_envelopes.put(
            {
                "envelope_id": "env-1",
                "type": "slash_commands",
                "accepts_response_payload": True,
                "payload": payload,
            }
        )
        reply = await fake.wait_for_response()
        assert "Logged interview #1" in reply["text"]
        assert any(ack.get("envelope_id") == "env-1" for ack in fake.socket_acks)
    finally:
        await component.stop()
        await app.close()


async def test_undeliverable_user_is_permanent(slack: SlackHarness) -> None:
    slack.fake.fail("conversations.open", "cannot_dm_bot")
    with pytest.raises(DeliveryError) as caught:
        await slack.app.notifier.send_dm(slack.actor(), NUDGE, idempotency_key="a")
    assert caught.value.permanent
    assert caught.value.reason == "cannot_dm_bot"


@pytest.mark.parametrize(
    "error", ["user_not_found", "account_inactive", "channel_not_found", "is_archived"]
)
async def test_other_permanent_errors(slack: SlackHarness, error: str) -> None:
    slack.fake.fail("chat.postMessage", error)
    with pytest.raises(DeliveryError) as caught:
        await slack.app.notifier.send_dm(slack.actor(), NUDGE, idempotency_key="b")
    assert caught.value.permanent


async def test_unknown_errors_are_transient(slack: SlackHarness) -> None:
    slack.fake.fail("chat.postMessage", "internal_error")
    with pytest.raises(DeliveryError) as caught:
        await slack.app.notifier.send_dm(slack.actor(), NUDGE, idempotency_key="c")
    assert not caught.value.permanent


async def test_429_with_retry_after_is_honoured(slack: SlackHarness) -> None:
    slack.fake.fail("chat.postMessage", "ratelimited", status=429, Retry_After="1")
    ref = await slack.app.notifier.send_dm(slack.actor(), NUDGE, idempotency_key="d")
    first, second = slack.fake.of("chat.postMessage")
    assert second.at - first.at >= 1.0  # waited as Slack asked (asyncio.sleep, not blocking)
    assert ref.startswith(f"D{USER}:")


async def test_429_beyond_retries_reports_retry_after(slack: SlackHarness) -> None:
    slack.fake.fail("chat.postMessage", "ratelimited", status=429, times=3, Retry_After="0")
    with pytest.raises(DeliveryError) as caught:
        await slack.app.notifier.send_dm(slack.actor(), NUDGE, idempotency_key="e")
    assert not caught.value.permanent
    assert caught.value.retry_after == 0.0
    assert len(slack.fake.of("chat.postMessage")) == 3


async def test_group_dm_opens_one_conversation(slack: SlackHarness) -> None:
    members = [slack.actor(USER), slack.actor("U0BOB")]
    await slack.app.notifier.send_group(members, NUDGE, idempotency_key="g")
    opened = slack.fake.of("conversations.open")[0]
    assert opened.params["users"] == f"{USER},U0BOB"
    posted = await slack.fake.wait_for("chat.postMessage")
    assert posted.blocks[0]["type"] == "header"


async def test_single_workspace_uninstall_purges_only_when_really_gone(
    slack: SlackHarness,
) -> None:
    await slack.app.dispatcher.run_text(slack.actor(), 'interview log "Zed Quill"')

    async def scheduled() -> bool:
        return bool(await due_purges(slack.app.engine, slack.clock.now() + timedelta(days=31)))

    async def journal() -> str:
        return (await slack.app.dispatcher.run_text(slack.actor(), "interview list")).plain_text()

    await slack.event({"type": "app_uninstalled"})
    await eventually(scheduled)
    slack.clock.advance(timedelta(days=31))
    # The bot token still answers for this team: the app was reinstalled, keep the data.
    assert await slack.component.purge_once() == 0
    assert "Zed Quill" in await journal()
    assert not await scheduled()

    # Uninstalled for real (Slack refuses the token): after the grace period the data goes.
    await slack.event({"type": "app_uninstalled"})
    await eventually(scheduled)
    slack.fake.fail("auth.test", "invalid_auth")
    slack.clock.advance(timedelta(days=31))
    assert await slack.component.purge_once() == 1
    assert "Zed Quill" not in await journal()


async def test_network_failure_is_transient() -> None:
    from adapters.slack.notifier import SlackNotifier

    async def token(_team: str) -> str:
        return "xoxb-test"

    notifier = SlackNotifier("http://127.0.0.1:9/api/", token)  # nothing listens there
    with pytest.raises(DeliveryError) as caught:
        await notifier.send_dm(
            Actor("slack", "T", "U"),
            NUDGE,
            idempotency_key="n",
        )
    assert not caught.value.permanent


async def test_server_error_with_html_body_is_transient(slack: SlackHarness) -> None:
    from aiohttp import web

    from tests.loopback import serve_on_loopback

    async def broken(_request: web.Request) -> web.Response:
        return web.Response(status=503, text="<html>upstream unavailable</html>")

    server = web.Application()
    server.router.add_route("*", "/api/{method}", broken)
    runner, port = await serve_on_loopback(server)
    try:
        from adapters.slack.notifier import SlackNotifier

        async def token(_team: str) -> str:
            return "xoxb-test"

        notifier = SlackNotifier(f"http://127.0.0.1:{port}/api/", token)
        with pytest.raises(DeliveryError) as caught:
            await notifier.send_dm(slack.actor(), NUDGE, idempotency_key="s")
        assert not caught.value.permanent
        assert caught.value.reason == "http_503"
    finally:
        await runner.cleanup()
