"""Button clicks and form submissions are acknowledged work too (issue 15 §1): written to
the inbox before the ack, run fairly, handed back at a stop, resumed by the next process
and answered exactly once. Through the real bolt app and Slack component, against the
fake Slack, on the database the `slack` harness builds.
"""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest.mock import ANY

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.runtime import build_app
from adapters.slack import listeners
from adapters.slack.connector import build_slack
from adapters.slack.fair import Limits
from adapters.slack.intake import KIND_BUTTON, click_payload
from adapters.slack.modals import CALLBACK_ID
from bot.domain import Actor
from bot.reply import Reply, Target
from storage import tables
from storage.inbox import NewEntry
from tests.slack.conftest import USER, SlackHarness, eventually, make_settings
from tests.slack.fake_slack import TEAM_ID

USERS = [f"U0P{n}" for n in range(7)]


def log_form(name: str, user: str) -> dict[str, Any]:
    """A submitted "Log an interview" form, as Slack sends it."""
    return {
        "type": "view_submission",
        "team": {"id": TEAM_ID, "domain": "test"},
        "user": {"id": user, "username": user.lower(), "team_id": TEAM_ID},
        "api_app_id": "A0APP",
        "trigger_id": "1337.44.trigger",
        "view": {
            "id": "V1",
            "type": "modal",
            "callback_id": CALLBACK_ID,
            "private_metadata": json.dumps({"form": "interview log", "team": TEAM_ID}),
            "state": {
                "values": {"f_contact": {"value": {"type": "plain_text_input", "value": name}}}
            },
        },
    }


def slowed(slack: SlackHarness, monkeypatch: pytest.MonkeyPatch, gate: asyncio.Event) -> None:
    """Every command waits for `gate`, then a little longer, like a busy database."""
    real = slack.app.dispatcher.run_text

    async def slow(actor: Actor, text: str, expects: Target | None = None) -> Reply:
        await gate.wait()
        await asyncio.sleep(0.1)
        return await real(actor, text, expects=expects)

    monkeypatch.setattr(slack.app.dispatcher, "run_text", slow)


async def count_interviews(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        count = await connection.scalar(select(func.count()).select_from(tables.interviews))
    return int(count or 0)


def answered_texts(slack: SlackHarness) -> list[str]:
    """Every answer the clickers and submitters got: messages updated in place, DMs,
    and answers at a response_url."""
    calls = slack.fake.of("chat.update") + slack.fake.of("chat.postMessage")
    return [str(c.params) for c in calls] + [str(r) for r in slack.fake.responses]


async def test_a_stop_hands_back_and_a_restart_answers_every_acked_click_and_form(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Clicks and submissions acked, a stop (as SIGTERM) once some are answered, a new
    process: each is answered exactly once, none lost, none run twice."""
    real = slack.app.dispatcher.run_text
    through = 10  # this many run before the stop; the rest wait until it cancels them
    started: list[str] = []
    never = asyncio.Event()

    async def some(actor: Actor, text: str, expects: Target | None = None) -> Reply:
        # Held before any database work, so the stop cancels no statement halfway.
        if len(started) >= through:
            await never.wait()
        started.append(text)
        return await real(actor, text, expects=expects)

    monkeypatch.setattr(slack.app.dispatcher, "run_text", some)
    monkeypatch.setattr(listeners, "FORM_ANSWER_SECONDS", 0.05)  # acks need not wait here
    await slack.component.start()
    clicks = [f"Click{n:03d}" for n in range(40)]
    forms = [f"Form{n:03d}" for n in range(40)]
    acks = await asyncio.gather(
        *(
            slack.interactive(
                slack.button_payload(f'interview log "{name}"', user=USERS[n % len(USERS)])
            )
            for n, name in enumerate(clicks)
        ),
        *(slack.interactive(log_form(name, USERS[n % len(USERS)])) for n, name in enumerate(forms)),
    )
    assert all(a.status == 200 and not a.body for a in acks)  # all taken, forms closed

    async def some_answered() -> bool:
        return len(answered_texts(slack)) >= through

    await eventually(some_answered, within=30)
    slack.component.stop_seconds = 1.0
    await slack.component.stop()
    assert await slack.component.inbox.store.waiting("slack") == (80 - through, ANY)
    assert await count_interviews(slack.app.engine) == through

    app = await build_app(make_settings(tmp_path, slack.fake), clock=slack.clock)
    second = build_slack(app.parts)
    await second.start()  # takes what the first one handed back
    try:
        await slack.fake.wait_for("chat.update", count=len(clicks), within=30)
        await slack.fake.wait_for("chat.postMessage", count=len(forms), within=30)
        answered = answered_texts(slack)
        for name in clicks + forms:
            assert sum(f"{name}" in a for a in answered) == 1, name
        assert await count_interviews(slack.app.engine) == 80
    finally:
        second.stop_seconds = 5.0
        await second.stop()
    assert await second.inbox.store.waiting("slack") == (0, None)
    await app.close()


async def test_a_busy_inbox_says_so_for_a_click_and_on_the_form(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    gate = asyncio.Event()
    slowed(slack, monkeypatch, gate)
    slack.component.inbox.limits = Limits(per_user=1, per_workspace=10, total=10)
    taken = await slack.interactive(slack.button_payload('interview log "Ann"'))
    assert (taken.status, taken.body) == (200, "")
    refused = await slack.interactive(slack.button_payload('interview log "Bo"'))
    assert (refused.status, refused.body) == (200, "")  # a click's ack carries no text
    note = await slack.fake.wait_for_response()
    assert "busy" in note["text"]
    assert "try again in a minute" in note["text"]
    assert note["response_type"] == "ephemeral"
    assert note["replace_original"] is False  # the clicked message stays as it was

    form = await slack.interactive(log_form("Cy", USER))
    body = json.loads(form.body)
    assert body["response_action"] == "errors"  # the form stays open with what was typed
    assert "busy" in body["errors"]["f_contact"]

    assert (await slack.component.inbox.store.waiting("slack"))[0] == 1
    gate.set()
    await slack.fake.wait_for("chat.update")
    answered = " ".join(answered_texts(slack))
    assert "Ann" in answered
    assert "Bo" not in answered
    assert "Cy" not in answered
    assert await count_interviews(slack.app.engine) == 1


async def test_a_click_resumed_after_its_response_url_expired_answers_by_dm(
    slack: SlackHarness,
) -> None:
    """An ephemeral message's click (answered at the response_url) taken from a crashed
    process's rows after Slack's 30 minutes: the answer goes to the clicker's DM."""
    payload = slack.button_payload(
        'interview log "Dee"', container={"type": "message", "is_ephemeral": True}
    )
    kept = click_payload(payload, payload["actions"][0])
    assert "trigger_id" not in kept["body"]
    assert "token" not in kept["body"]
    long_ago = datetime.now(UTC) - timedelta(minutes=31)
    row = NewEntry("slack", TEAM_ID, USER, KIND_BUTTON, kept, long_ago)
    store = slack.component.inbox.store
    await store.add([row], owner="crashed", lease_until=long_ago + timedelta(minutes=1))
    assert await slack.component.inbox.claim_leftovers() == 1
    dm = await slack.fake.wait_for("chat.postMessage")
    assert "Dee" in str(dm.params)
    assert slack.fake.of("conversations.open")[0].params["users"] == USER
    assert slack.fake.responses == []
