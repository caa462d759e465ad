"""Slack shortcuts through the real bolt app: each opens its command's form, prefilled."""

from __future__ import annotations

import json
from typing import Any

import yaml

from adapters.slack.shortcuts import CALLBACK_ID_MAX, DESCRIPTION_MAX, NAME_MAX, SHORTCUTS
from tests.slack.conftest import USER, SlackHarness
from tests.slack.fake_slack import TEAM_ID
from tests.slack.test_manifest import manifest
from tests.slack.test_modals import submission

AUTHOR = "U0PRIYA"
TEXT = "Loved our chat: ask Priya about the Q3 &lt;pricing&gt; review <!here>"


def shortcut(callback_id: str, *, message: bool = True, author: str = AUTHOR) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "type": "message_action" if message else "shortcut",
        "callback_id": callback_id,
        "trigger_id": "1337.77.trigger",
        "team": {"id": TEAM_ID, "domain": "test"},
        "user": {"id": USER, "username": "alice", "team_id": TEAM_ID},
        "api_app_id": "A0APP",
        "action_ts": "1700000000.1",
        "token": "legacy",
    }
    if message:
        payload["channel"] = {"id": "C0GENERAL", "name": "general"}
        payload["response_url"] = "https://hooks.example/resp"
        payload["message"] = {
            "type": "message",
            "user": author,
            "ts": "1700000000.000100",
            "text": TEXT,
            "user_profile": {"real_name": "Priya Nair", "display_name": "priya"},
        }
    return payload


def initial(view: dict[str, Any]) -> dict[str, str]:
    return {
        b["block_id"]: b["element"].get("initial_value", "")
        for b in view["blocks"]
        if b["element"].get("initial_value")
    }


async def test_log_as_interview_note_opens_the_log_form_with_the_message(
    slack: SlackHarness,
) -> None:
    response = await slack.interactive(shortcut("inroads_log_note"))
    assert response.status == 200
    view = (await slack.fake.wait_for("views.open")).view
    assert json.loads(view["private_metadata"])["form"] == "interview log"
    filled = initial(view)
    assert filled["f_contact"] == "Priya Nair"
    assert filled["f_notes"].startswith("Loved our chat: ask Priya about the Q3 <pricing>")
    # Submitting it logs the conversation, exactly as the typed command would.
    answer = await slack.interactive(
        submission(
            view,
            {
                "f_contact": {"type": "plain_text_input", "value": "Priya Nair"},
                "f_notes": {"type": "plain_text_input", "value": filled["f_notes"]},
            },
        )
    )
    assert answer.status == 200
    await slack.fake.wait_for("chat.postMessage")
    shown = await slack.app.dispatcher.run_text(slack.actor(), "interview show 1")
    assert "Q3 <pricing> review" in shown.plain_text()


async def test_save_as_contact_prefills_the_author_and_the_message(slack: SlackHarness) -> None:
    await slack.interactive(shortcut("inroads_save_contact"))
    view = (await slack.fake.wait_for("views.open")).view
    assert json.loads(view["private_metadata"])["form"] == "contact add"
    filled = initial(view)
    assert filled["f_name"] == "Priya Nair"
    assert filled["f_how"] == "Slack"
    assert "pricing" in filled["f_notes"]
    await slack.interactive(
        submission(view, {"f_name": {"type": "plain_text_input", "value": "Priya Nair"}})
    )
    await slack.fake.wait_for("chat.postMessage")
    listing = await slack.app.dispatcher.run_text(slack.actor(), "contact list")
    assert "Priya Nair" in listing.plain_text()


async def test_own_message_and_the_global_shortcut_prefill_no_person(slack: SlackHarness) -> None:
    await slack.interactive(shortcut("inroads_save_contact", author=USER))
    view = (await slack.fake.wait_for("views.open")).view
    assert "f_name" not in initial(view)
    await slack.interactive(shortcut("inroads_log_interview", message=False))
    calls = slack.fake.of("views.open")
    assert len(calls) == 2
    assert initial(calls[1].view) == {}
    assert json.loads(calls[1].view["private_metadata"])["form"] == "interview log"


def test_the_manifest_declares_every_shortcut() -> None:
    declared = manifest()["features"]["shortcuts"]
    assert [(s["callback_id"], s["type"], s["name"]) for s in declared] == [
        (s.callback_id, s.kind, s.name) for s in SHORTCUTS
    ]
    assert yaml.safe_dump(declared)  # plain YAML, nothing Slack would refuse to parse


def test_every_shortcut_fits_slacks_manifest_limits() -> None:
    """Slack refuses a manifest whose shortcut name passes 24 characters (callback id 255,
    description 150): the global one used to be "Log an informational interview" (30)."""
    declared = manifest()["features"]["shortcuts"]
    assert 0 < len(declared) <= 10  # Slack's most per app
    for entry in declared:
        assert 0 < len(entry["name"]) <= NAME_MAX, entry["name"]
        assert 0 < len(entry["callback_id"]) <= CALLBACK_ID_MAX, entry["callback_id"]
        assert 0 < len(entry["description"]) <= DESCRIPTION_MAX, entry["description"]
    assert (NAME_MAX, CALLBACK_ID_MAX, DESCRIPTION_MAX) == (24, 255, 150)
    assert max(len(s.name) for s in SHORTCUTS) <= NAME_MAX
