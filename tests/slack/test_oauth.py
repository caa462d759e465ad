"""Multi-workspace OAuth: install callback stores an encrypted installation, tokens rotate,
uninstalling removes tokens at once and the workspace's data after the grace period."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from cryptography.fernet import Fernet
from sqlalchemy import func, select

from adapters.http.server import HttpComponent
from adapters.runtime import App, build_app
from adapters.settings import SettingsError
from adapters.slack.connector import build_slack
from bot.ports import DeliveryError
from storage import tables
from tests.fakes import FixedClock
from tests.slack.conftest import SlackHarness, eventually, form_headers, make_settings
from tests.slack.fake_slack import TEAM_ID, FakeSlack

KEY = Fernet.generate_key().decode()


def oauth_answer(token: str, refresh: str, expires_in: int) -> dict[str, Any]:
    return {
        "app_id": "A0APP",
        "authed_user": {"id": "U0ADMIN"},
        "scope": "commands,chat:write,im:write,users:read,files:write,mpim:write",
        "token_type": "bot",
        "access_token": token,
        "bot_user_id": "UBOT",
        "team": {"id": TEAM_ID, "name": "Test"},
        "enterprise": None,
        "is_enterprise_install": False,
        "refresh_token": refresh,
        "expires_in": expires_in,
    }


@dataclass
class OAuthHarness(SlackHarness):
    http: HttpComponent | None = None

    @property
    def base(self) -> str:
        assert self.http is not None
        return f"http://127.0.0.1:{self.http.bound_port}"

    async def install(self) -> aiohttp.ClientResponse:
        async with aiohttp.ClientSession() as session:
            async with session.get(self.base + "/slack/install") as page:
                assert page.status == 200
                cookie = page.headers["Set-Cookie"].split(";")[0]
                state = cookie.split("=", 1)[1]
                assert state in await page.text()
            url = f"{self.base}/slack/oauth_redirect?code=abc123&state={state}"
            async with session.get(url, headers={"Cookie": cookie}) as done:
                await done.read()
                return done


def oauth_settings(tmp_path: Path, fake: FakeSlack, **extra: Any) -> Any:
    return make_settings(
        tmp_path,
        fake,
        slack_bot_token=None,
        slack_client_id="111.222",
        slack_client_secret="oauth-secret",
        **{"encryption_key": KEY, **extra},
    )


@pytest.fixture
async def oauth(tmp_path: Path, fake: FakeSlack) -> AsyncIterator[OAuthHarness]:
    clock = FixedClock()
    app: App = await build_app(oauth_settings(tmp_path, fake), clock=clock)
    http = HttpComponent(app.settings, host="127.0.0.1", port=0)
    component = build_slack(app.parts, http)
    await http.start()
    try:
        yield OAuthHarness(fake, app, component, clock, http)
    finally:
        await http.stop()
        await component.handlers.after_ack.drain(within_seconds=5)
        await app.close()


async def _rows(app: App, table: Any) -> list[Any]:
    async with app.engine.connect() as conn:
        return list((await conn.execute(select(table))).mappings())


async def test_install_callback_stores_an_encrypted_installation(oauth: OAuthHarness) -> None:
    oauth.fake.oauth_response = oauth_answer("xoxb-from-oauth", "xoxe-1-refresh", 43_200)
    done = await oauth.install()
    assert done.status == 200
    exchange = oauth.fake.of("oauth.v2.access")[0]
    assert exchange.params["code"] == "abc123"
    bots = await _rows(oauth.app, tables.slack_bots)
    assert len(bots) == 1
    assert bots[0]["team_id"] == TEAM_ID
    assert "xoxb" not in bots[0]["bot_token"]  # encrypted at rest
    assert "xoxe" not in bots[0]["bot_refresh_token"]
    assert oauth.component.store is not None
    assert await oauth.component.store.bot_token(TEAM_ID) == "xoxb-from-oauth"

    # Requests from that workspace now use its token.
    body = oauth.command_body("/interview", "list")
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            oauth.base + "/slack/events", data=body, headers=form_headers(body)
        ) as response,
    ):
        assert response.status == 200
    await oauth.fake.wait_for_response()
    # And so do messages the bot starts on its own.
    await oauth.app.notifier.send_dm(oauth.actor(), _reply(), idempotency_key="k")
    posted = await oauth.fake.wait_for("chat.postMessage")
    assert posted.token == "xoxb-from-oauth"
    # A workspace that never installed the app cannot be messaged: permanent failure.
    stranger = oauth.actor().__class__("slack", "T0NEVER", "U1")
    with pytest.raises(DeliveryError) as caught:
        await oauth.app.notifier.send_dm(stranger, _reply(), idempotency_key="n")
    assert caught.value.permanent


def _reply() -> Any:
    from bot.reply import Reply

    return Reply(text="hello")


async def test_expiring_token_is_rotated(oauth: OAuthHarness) -> None:
    oauth.fake.oauth_response = oauth_answer("xoxe.xoxb-old", "xoxe-1-first", 60)
    await oauth.install()
    oauth.fake.oauth_response = oauth_answer("xoxe.xoxb-rotated", "xoxe-1-second", 43_200)
    await oauth.command("/interview", "list")
    await oauth.fake.wait_for_response()
    refresh = await oauth.fake.wait_for(
        "oauth.v2.access", lambda c: c.params.get("grant_type") == "refresh_token"
    )
    assert refresh.params["refresh_token"] == "xoxe-1-first"
    assert oauth.component.store is not None
    assert await oauth.component.store.bot_token(TEAM_ID) == "xoxe.xoxb-rotated"
    bots = await _rows(oauth.app, tables.slack_bots)
    assert all("xoxb" not in str(b["bot_token"]) for b in bots)


async def test_uninstall_purges_tokens_then_data_after_grace(oauth: OAuthHarness) -> None:
    oauth.fake.oauth_response = oauth_answer("xoxb-from-oauth", "xoxe-1-refresh", 43_200)
    await oauth.install()
    await oauth.app.dispatcher.run_text(oauth.actor(), 'interview log "Jane Doe" company:Acme')
    other = oauth.actor().__class__("slack", "T0OTHER", "U9")
    await oauth.app.dispatcher.run_text(other, 'interview log "Kept Person"')

    response = await oauth.event({"type": "app_uninstalled"})
    assert response.status == 200

    async def tokens_gone() -> bool:  # tokens go first, then the purge is scheduled
        bots = await _rows(oauth.app, tables.slack_bots)
        return not bots and bool(await _rows(oauth.app, tables.workspace_purges))

    await eventually(tokens_gone)
    assert await _rows(oauth.app, tables.slack_installations) == []
    purges = await _rows(oauth.app, tables.workspace_purges)
    assert purges[0]["workspace_id"] == TEAM_ID
    assert purges[0]["reason"] == "app_uninstalled"

    # Within the grace period nothing is erased.
    assert await oauth.component.purge_once() == 0
    assert await _count(oauth.app, tables.interviews) == 2
    oauth.clock.advance(timedelta(days=31))
    assert await oauth.component.purge_once() == 1
    assert await _count(oauth.app, tables.interviews) == 1  # only the other workspace's
    assert await _count(oauth.app, tables.contacts) == 1
    assert await _rows(oauth.app, tables.workspace_purges) == []


async def test_reinstall_within_grace_cancels_the_purge(oauth: OAuthHarness) -> None:
    oauth.fake.oauth_response = oauth_answer("xoxb-1", "xoxe-1-refresh", 43_200)
    await oauth.install()
    await oauth.event({"type": "tokens_revoked", "tokens": {"bot": ["UBOT"], "oauth": []}})

    async def scheduled() -> bool:
        return bool(await _rows(oauth.app, tables.workspace_purges))

    await eventually(scheduled)
    await oauth.install()
    assert await _rows(oauth.app, tables.workspace_purges) == []


async def test_oauth_refuses_to_start_without_an_encryption_key(
    tmp_path: Path, fake: FakeSlack
) -> None:
    app = await build_app(oauth_settings(tmp_path, fake, encryption_key=None))
    try:
        with pytest.raises(SettingsError, match="INROADS_ENCRYPTION_KEY"):
            build_slack(app.parts)
    finally:
        await app.close()


async def _count(app: App, table: Any) -> int:
    async with app.engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())


async def test_oauth_needs_a_signing_secret(tmp_path: Path, fake: FakeSlack) -> None:
    app = await build_app(oauth_settings(tmp_path, fake, slack_signing_secret=None))
    try:
        with pytest.raises(SettingsError, match="SLACK_SIGNING_SECRET"):
            build_slack(app.parts)
    finally:
        await app.close()
