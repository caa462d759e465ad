"""Fuzzing the Slack endpoint with signed bodies of random shapes, over real HTTP.

Each example is a body Slack could send, bent out of shape (a key removed, a value
swapped for a list, a number, a lone surrogate, an empty list), or a shape made up from
Slack's own vocabulary, sent as Slack sends it (a form with `payload=`, a form of command
fields, or a JSON event) and correctly signed, so it reaches everything behind the
signature check. Whatever the shape: the answer is 200, 400 or bolt's 404 for an event
nobody listens to, never a 500; and once the work after the ack has finished, no record
at ERROR and no traceback was logged.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
from hypothesis import given, settings
from hypothesis import strategies as st

from adapters.http.server import HttpComponent
from adapters.runtime import build_app
from adapters.slack.connector import build_slack
from tests.fakes import FixedClock
from tests.fuzz.figures import record
from tests.fuzz.strategies import fuzz_settings
from tests.security.test_malformed_slack import sign_bytes
from tests.slack.conftest import SlackHarness, make_settings
from tests.slack.fake_slack import TEAM_ID, FakeSlack

VOCABULARY = [
    "type",
    "user",
    "team",
    "id",
    "team_id",
    "user_id",
    "actions",
    "action_id",
    "value",
    "block_id",
    "view",
    "private_metadata",
    "state",
    "values",
    "callback_id",
    "command",
    "text",
    "response_url",
    "trigger_id",
    "container",
    "channel",
    "channel_id",
    "message_ts",
    "is_ephemeral",
    "event",
    "tab",
    "tokens",
    "bot",
    "name",
    "hash",
    "api_app_id",
    "token",
    "authorizations",
    "enterprise",
    "selected_option",
    "event_id",
    "is_bot",
]
WORDS = (
    "block_actions",
    "view_submission",
    "view_closed",
    "event_callback",
    "app_home_opened",
    "app_uninstalled",
    "tokens_revoked",
    "url_verification",
    "block_suggestion",
    "shortcut",
    "message",
    "modal",
    "home",
    "/interview",
    "/inroads",
    "interview list",
    "checkin list",
    "inroads_cmd_0",
    "inroads_form",
    '{"form": "interview log"}',
    TEAM_ID,
    "U0ALICE",
    "D0ALICE",
    "1700000000.000001",
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(WORDS),
    st.text(alphabet=st.characters(), max_size=12),  # lone surrogates included
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(VOCABULARY) | st.text(max_size=4), inner, max_size=5),
    ),
    max_leaves=20,
)
DELETE = object()


def templates(fake: FakeSlack, harness: SlackHarness) -> list[tuple[str, Any]]:
    """Well-formed bodies, by encoding: what each mutation starts from."""
    button = harness.button_payload("interview list")
    home_button = harness.button_payload(
        "checkin list", container={"type": "view", "view_id": "V1"}
    )
    submission = {
        "type": "view_submission",
        "team": {"id": TEAM_ID},
        "user": {"id": "U0ALICE", "team_id": TEAM_ID},
        "trigger_id": "1.2.3",
        "view": {
            "id": "V1",
            "type": "modal",
            "callback_id": "inroads_form",
            "private_metadata": '{"form": "interview log"}',
            "state": {"values": {"f_contact": {"value": {"value": "Jane Doe"}}}},
        },
    }
    event = {
        "type": "event_callback",
        "team_id": TEAM_ID,
        "api_app_id": "A0APP",
        "event_id": "Ev1",
        "event": {"type": "app_home_opened", "user": "U0ALICE", "tab": "home"},
    }
    command = json.loads(json.dumps(dict(_command_fields(harness))))
    return [
        ("payload", button),
        ("payload", home_button),
        ("payload", submission),
        ("json", event),
        ("form", command),
    ]


def _command_fields(harness: SlackHarness) -> Iterator[tuple[str, str]]:
    from urllib.parse import parse_qsl

    yield from parse_qsl(harness.command_body("/interview", "list"))


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if prefix:
        yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _apply(body: Any, path: tuple[Any, ...], new: Any) -> Any:
    body = json.loads(json.dumps(body))
    parent = body
    for step in path[:-1]:
        parent = parent[step]
    if new is DELETE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return body


@st.composite
def bodies(draw: st.DrawFn, bases: list[tuple[str, Any]]) -> tuple[str, str]:
    """(raw body, content type), ready to sign."""
    encoding, body = draw(st.sampled_from(bases))
    if draw(st.integers(0, 4)) == 0:
        body = draw(json_values)  # a shape made up from scratch
    else:
        for _ in range(draw(st.integers(1, 3))):
            paths = list(_paths(body))
            if not paths:
                break
            path = draw(st.sampled_from(paths))
            body = _apply(body, path, draw(st.just(DELETE) | json_values))
    if encoding == "json":
        return json.dumps(body), "application/json"
    if encoding == "form" and isinstance(body, dict):
        fields = {str(k): v if isinstance(v, str) else json.dumps(v) for k, v in body.items()}
        form = urlencode(fields, encoding="utf-8", errors="surrogatepass")
        return form, "application/x-www-form-urlencoded"
    return urlencode({"payload": json.dumps(body)}), "application/x-www-form-urlencoded"


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.bad: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR or record.exc_info:
            self.bad.append(record)


def test_signed_bodies_of_random_shapes(tmp_path: Path) -> None:
    with asyncio.Runner() as runner:
        fake = runner.run(FakeSlack().start())
        app = runner.run(build_app(make_settings(tmp_path, fake), clock=FixedClock()))
        component = build_slack(app.parts)
        harness = SlackHarness(fake, app, component, FixedClock())
        http = HttpComponent(app.settings, host="127.0.0.1", port=0)
        http.add_routes(component.install_routes)
        runner.run(http.start())
        session = runner.run(_session())
        url = f"http://127.0.0.1:{http.bound_port}/slack/events"
        records = _Records()
        logging.getLogger().addHandler(records)
        statuses: dict[int, int] = {}
        failed = True
        started = time.perf_counter()
        try:

            @settings(fuzz_settings(), max_examples=max(200, fuzz_settings().max_examples))
            @given(sent=bodies(templates(fake, harness)))
            def one(sent: tuple[str, str]) -> None:
                body, content_type = sent
                status = runner.run(_send(session, url, body, content_type))
                runner.run(component.handlers.after_ack.drain(within_seconds=10))
                statuses[status] = statuses.get(status, 0) + 1
                bad = [f"{r.name}: {r.getMessage()} {r.exc_info!r}" for r in records.bad]
                records.bad.clear()
                assert status in {200, 400, 404}, (status, body)
                assert not bad, (bad, body)

            one()
            failed = False
        finally:
            logging.getLogger().removeHandler(records)
            record(
                "slack payloads",
                examples=sum(statuses.values()),
                rejected=statuses.get(400, 0),
                failed=failed,
                seconds=time.perf_counter() - started,
            )
            runner.run(session.close())
            runner.run(component.handlers.after_ack.drain(within_seconds=5))
            runner.run(http.stop())
            runner.run(app.close())
            runner.run(fake.stop())
        assert statuses.get(400, 0) > 0, statuses  # the shapes really were odd
        assert statuses.get(200, 0) > 0, statuses  # and some still reached the handlers


async def _session() -> aiohttp.ClientSession:
    return aiohttp.ClientSession()


_SENT = itertools.count(1)


async def _send(session: aiohttp.ClientSession, url: str, body: str, content_type: str) -> int:
    # Hypothesis sends an example again while it shrinks; within a second that is the same
    # signature, which the replay guard rightly refuses. Bytes that change nothing in the
    # body (JSON's trailing spaces, a form field nobody reads) make each send a new request.
    sent = next(_SENT)
    body += " " * sent if content_type == "application/json" else f"&fuzz_send={sent}"
    headers = {"content-type": content_type, **sign_bytes(body)}
    data = body.encode("utf-8", "surrogatepass")
    async with session.post(url, data=data, headers=headers) as reply:
        await reply.read()
        return reply.status
