"""Slack request security over a real HTTP socket, OAuth state, tokens at rest and in logs.

Every forged, stale, future, replayed, header-less or oversize request is refused at the
door: the status says so, the fake Slack sees no answer, and no row of any table changes.
"""

from __future__ import annotations

import io
import logging
import re
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiohttp
import pytest

from adapters.http.server import HttpComponent
from adapters.ops.logs import PAYLOAD_LOGGERS, configure_logging, settings_secrets
from bot.reply import Reply
from storage import tables
from tests.dbstate import reflect, row_counts
from tests.slack.conftest import SECRET, SlackHarness, form_headers, sign
from tests.slack.test_oauth import OAuthHarness, oauth_answer

TOKEN_SHAPES = re.compile(r"xox[abpres]-|xapp-")


@pytest.fixture
async def events_url(slack: SlackHarness) -> AsyncIterator[str]:
    http = HttpComponent(slack.app.settings, host="127.0.0.1", port=0)
    http.add_routes(slack.component.install_routes)
    await http.start()
    try:
        yield f"http://127.0.0.1:{http.bound_port}/slack/events"
    finally:
        await http.stop()


async def _post(url: str, body: str | bytes, headers: dict[str, str]) -> int:
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, data=body, headers=headers) as response,
    ):
        await response.read()
        return response.status


def _forgeries(body: str) -> dict[str, dict[str, str]]:
    now = int(time.time())
    form = {"content-type": "application/x-www-form-urlencoded"}
    good = sign(body)
    return {
        "bad signature": form_headers(body, secret="not-the-secret"),
        "signature of another body": {**form, **sign(body + "&x=1")},
        "malformed signature": {**form, **good, "x-slack-signature": "v0=zz"},
        "stale by 6 minutes": form_headers(body, ts=now - 360),
        "future by 6 minutes": form_headers(body, ts=now + 360),
        "timestamp not a number": {**form, **good, "x-slack-request-timestamp": "soon"},
        "no timestamp": {**form, "x-slack-signature": good["x-slack-signature"]},
        "no signature": {**form, "x-slack-request-timestamp": good["x-slack-request-timestamp"]},
        "no headers at all": form,
    }


async def test_forged_requests_are_refused_and_change_nothing(
    slack: SlackHarness, events_url: str
) -> None:
    tables_ = await reflect(slack.app.engine)
    before = await row_counts(slack.app.engine, tables_)
    body = slack.command_body("/interview", 'log "Mallory" company:Evil')
    refused = {name: await _post(events_url, body, h) for name, h in _forgeries(body).items()}
    assert refused == dict.fromkeys(refused, 401)
    assert slack.fake.responses == []
    assert await row_counts(slack.app.engine, tables_) == before


async def test_a_replayed_request_is_refused(slack: SlackHarness, events_url: str) -> None:
    """Bolt does not remember signatures; our ReplayGuard does, for ten minutes."""
    body = slack.command_body("/interview", 'log "Jane Doe" company:Acme')
    headers = form_headers(body)
    assert await _post(events_url, body, headers) == 200
    await slack.fake.wait_for_response()
    assert await _post(events_url, body, headers) == 401
    assert await _post(events_url, body, headers) == 401
    assert len(slack.fake.responses) == 1
    async with slack.app.engine.connect() as conn:
        interviews = (await conn.execute(tables.interviews.select())).all()
    assert len(interviews) == 1
    # A fresh signature on the same text (Slack's own retry) is a new request. Its
    # timestamp must differ from the first one's, whatever second this test reached.
    first_ts = int(next(v for k, v in headers.items() if k.lower() == "x-slack-request-timestamp"))
    assert await _post(events_url, body, form_headers(body, ts=first_ts - 1)) == 200
    assert slack.component.replay_guard.refused == 2


async def test_an_oversize_body_is_refused_before_it_is_read(
    slack: SlackHarness, events_url: str
) -> None:
    body = slack.command_body("/interview", "log " + "x" * (2 * 1024 * 1024))
    try:
        status = await _post(events_url, body, form_headers(body))
    except aiohttp.ClientError:  # the server may close the socket mid-upload: refused too
        status = 413
    assert status == 413
    assert slack.fake.responses == []


async def test_oauth_state_is_single_use(oauth: OAuthHarness) -> None:
    oauth.fake.oauth_response = oauth_answer("xoxb-first", "xoxe-1-refresh", 43_200)
    async with aiohttp.ClientSession() as session:
        async with session.get(oauth.base + "/slack/install") as page:
            cookie = page.headers["Set-Cookie"].split(";")[0]
            state = cookie.split("=", 1)[1]
        url = f"{oauth.base}/slack/oauth_redirect?code=c1&state={state}"
        async with session.get(url, headers={"Cookie": cookie}) as first:
            assert first.status == 200
        async with session.get(url, headers={"Cookie": cookie}) as again:
            assert again.status >= 400
        # A state without the browser's cookie (someone else's link) is refused too.
        async with session.get(oauth.base + "/slack/install") as page:
            other_state = page.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]
        stolen = f"{oauth.base}/slack/oauth_redirect?code=c2&state={other_state}"
        async with session.get(stolen) as no_cookie:
            assert no_cookie.status >= 400
    assert len(oauth.fake.of("oauth.v2.access")) == 1  # only the first exchange happened


async def test_tokens_are_encrypted_in_every_raw_row(oauth: OAuthHarness) -> None:
    answer = oauth_answer("xoxb-secret-bot", "xoxe-1-secret-refresh", 43_200)
    answer["authed_user"] = {
        "id": "U0ADMIN",
        "access_token": "xoxp-secret-user",
        "refresh_token": "xoxe-1-user-refresh",
        "token_type": "user",
        "scope": "identify",
        "expires_in": 43_200,
    }
    oauth.fake.oauth_response = answer
    assert (await oauth.install()).status == 200
    raw: list[str] = []
    async with oauth.app.engine.connect() as conn:
        for table in await reflect(oauth.app.engine):
            for row in (await conn.execute(table.select())).all():
                raw.extend(str(v) for v in row)
    assert raw, "the installation was not stored"
    leaked = [v for v in raw if TOKEN_SHAPES.search(v) or "secret" in v]
    assert not leaked


@pytest.fixture
def production_logs() -> Iterator[io.StringIO]:
    """The app's real logging setup (redacting filter, JSON) at DEBUG, into a buffer."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    libraries = {name: logging.getLogger(name).level for name in PAYLOAD_LOGGERS}
    stream = io.StringIO()
    yield stream
    for name, level in libraries.items():
        logging.getLogger(name).setLevel(level)
    for handler in list(root.handlers):
        root.removeHandler(handler)
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])


async def test_no_token_or_secret_is_ever_logged(
    oauth: OAuthHarness, production_logs: io.StringIO
) -> None:
    settings = oauth.app.settings
    configure_logging("DEBUG", "json", secrets=settings_secrets(settings), stream=production_logs)
    # The SDKs' own DEBUG dumps too (INROADS_LOG_LEVEL=DEBUG holds them at INFO): the
    # filter alone keeps tokens out of them.
    for library in ("slack_bolt", "slack_sdk"):
        logging.getLogger(library).setLevel(logging.DEBUG)
    oauth.fake.oauth_response = oauth_answer("xoxe.xoxb-logged-bot", "xoxe-1-logged", 60)
    await oauth.install()
    oauth.fake.oauth_response = oauth_answer("xoxe.xoxb-rotated-bot", "xoxe-1-rot", 43_200)
    await oauth.command("/interview", 'log "Jane Doe" company:Acme')
    await oauth.fake.wait_for_response()
    await oauth.app.notifier.send_dm(oauth.actor(), Reply(text="hi"), idempotency_key="k1")
    bad = oauth.command_body("/interview", "list")
    await oauth.dispatch(bad, form_headers(bad, secret="wrong"))
    await oauth.event({"type": "app_uninstalled"})
    text = production_logs.getvalue()
    assert text.count("\n") > 10, "DEBUG logging captured nothing: the test would prove nothing"
    assert not TOKEN_SHAPES.search(text), TOKEN_SHAPES.search(text)
    for secret in (SECRET, "oauth-secret", settings.encryption_key):
        value: Any = secret.get_secret_value() if hasattr(secret, "get_secret_value") else secret
        assert value not in text
