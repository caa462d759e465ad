"""Modals: a bare `/interview log` opens a form; submissions are validated by the core."""

from __future__ import annotations

import json
from typing import Any

import pytest

from adapters.slack import listeners
from tests.slack.conftest import SlackHarness
from tests.slack.fake_slack import TEAM_ID


def submission(view: dict[str, Any], values: dict[str, dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "view_submission",
        "team": {"id": TEAM_ID, "domain": "test"},
        "user": {"id": "U0ALICE", "username": "alice", "team_id": TEAM_ID},
        "api_app_id": "A0APP",
        "trigger_id": "1337.44.trigger",
        "view": {
            "id": "V1",
            "type": "modal",
            "callback_id": view["callback_id"],
            "private_metadata": view["private_metadata"],
            "state": {"values": {block: {"value": v} for block, v in values.items()}},
        },
    }


async def open_log_form(slack: SlackHarness) -> dict[str, Any]:
    await slack.command("/interview", "log")
    call = await slack.fake.wait_for("views.open")
    assert call.params["trigger_id"] == "1337.42.trigger"
    return call.view


async def test_bare_log_opens_the_form(slack: SlackHarness) -> None:
    view = await open_log_form(slack)
    assert view["type"] == "modal"
    blocks = {b["block_id"]: b for b in view["blocks"]}
    for block_id in ("f_contact", "f_company", "f_role", "f_industry", "f_date", "f_time"):
        assert block_id in blocks
    assert blocks["f_date"]["element"]["type"] == "datepicker"
    assert blocks["f_time"]["element"]["type"] == "timepicker"
    assert blocks["f_medium"]["element"]["type"] == "static_select"
    assert blocks["f_notes"]["element"]["multiline"] is True
    assert blocks["f_contact"]["optional"] is False
    assert slack.fake.responses == []  # no text reply: the form is the answer


async def test_valid_submission_logs_and_confirms_by_dm(slack: SlackHarness) -> None:
    view = await open_log_form(slack)
    response = await slack.interactive(
        submission(
            view,
            {
                "f_contact": {"type": "plain_text_input", "value": 'Ana "AJ" Diaz'},
                "f_company": {"type": "plain_text_input", "value": "Globex: Labs"},
                "f_date": {"type": "datepicker", "selected_date": "2026-11-20"},
                "f_time": {"type": "timepicker", "selected_time": "15:30"},
                "f_medium": {"type": "static_select", "selected_option": {"value": "video"}},
                "f_takeaways": {"type": "plain_text_input", "value": "Talk to the data team"},
            },
        )
    )
    assert response.status == 200
    assert response.body == ""  # closes the modal
    posted = await slack.fake.wait_for("chat.postMessage")
    assert "Logged interview #1" in posted.params["text"]
    assert slack.fake.of("conversations.open")[0].params["users"] == "U0ALICE"
    listing = await slack.app.dispatcher.run_text(slack.actor(), "interview list")
    assert 'Ana "AJ" Diaz' in listing.plain_text()
    assert "Globex: Labs" in listing.plain_text()


async def test_invalid_submission_shows_inline_errors_and_writes_nothing(
    slack: SlackHarness,
) -> None:
    view = await open_log_form(slack)
    response = await slack.interactive(
        submission(
            view,
            {
                "f_contact": {"type": "plain_text_input", "value": "Jane Doe"},
                "f_medium": {"type": "static_select", "selected_option": {"value": "teleport"}},
            },
        )
    )
    body = json.loads(response.body)
    assert body["response_action"] == "errors"
    assert list(body["errors"]) == ["f_medium"]
    assert "medium" in body["errors"]["f_medium"]
    listing = await slack.app.dispatcher.run_text(slack.actor(), "interview list")
    assert "empty" in listing.plain_text()
    assert slack.fake.of("chat.postMessage") == []


async def test_missing_required_field_is_flagged(slack: SlackHarness) -> None:
    view = await open_log_form(slack)
    response = await slack.interactive(
        submission(view, {"f_company": {"type": "plain_text_input", "value": "Acme"}})
    )
    body = json.loads(response.body)
    assert body == {"response_action": "errors", "errors": {"f_contact": "This field is required."}}


async def test_plan_and_mentor_forms_when_the_core_has_them(slack: SlackHarness) -> None:
    for command, path in (("/interview", "interview plan"), ("/mentor", "mentor join")):
        before = len(slack.fake.of("views.open"))
        replies = len(slack.fake.responses)
        await slack.command(command, path.split()[1])
        try:
            slack.app.dispatcher.spec_for(tuple(path.split()))
        except KeyError:  # not built yet: the core's own friendly reply is delivered
            got = await slack.fake.wait_for_response(replies + 1)
            assert got["text"]
            continue
        call = await slack.fake.wait_for("views.open", count=before + 1)
        assert call.view["type"] == "modal"
        assert len(call.view["blocks"]) >= 2


async def test_plan_form_submission_plans_the_conversation(slack: SlackHarness) -> None:
    await slack.command("/interview", "plan")
    view = (await slack.fake.wait_for("views.open")).view
    assert view["title"]["text"] == "Plan an interview"
    response = await slack.interactive(
        submission(
            view,
            {
                "f_contact": {"type": "plain_text_input", "value": "Jane Doe"},
                "f_date": {"type": "datepicker", "selected_date": "2026-12-01"},
                "f_time": {"type": "timepicker", "selected_time": "10:00"},
                "f_medium": {"type": "static_select", "selected_option": {"value": "video"}},
            },
        )
    )
    assert response.status == 200
    assert response.body == ""
    posted = await slack.fake.wait_for("chat.postMessage")
    assert not posted.params["text"].startswith("❌"), posted.params["text"]
    listing = await slack.app.dispatcher.run_text(slack.actor(), "interview list")
    assert "Jane Doe" in listing.plain_text()


async def test_a_refusal_only_the_handler_can_make_stays_on_the_form(
    slack: SlackHarness,
) -> None:
    """A logged conversation can't be in the future: the builder can't know (it needs
    the person's time zone), the handler refuses, and the form shows it inline."""
    view = await open_log_form(slack)
    response = await slack.interactive(
        submission(
            view,
            {
                "f_contact": {"type": "plain_text_input", "value": "Jane Doe"},
                "f_date": {"type": "datepicker", "selected_date": "2031-05-04"},
                "f_time": {"type": "timepicker", "selected_time": "10:00"},
            },
        )
    )
    body = json.loads(response.body)
    assert body["response_action"] == "errors"
    assert list(body["errors"]) == ["f_date"]
    assert "future" in body["errors"]["f_date"]
    assert "Try:" not in body["errors"]["f_date"]  # command-line examples don't fit a form
    listing = await slack.app.dispatcher.run_text(slack.actor(), "interview list")
    assert "empty" in listing.plain_text()
    assert slack.fake.of("chat.postMessage") == []


async def test_slow_work_is_acked_first_and_answered_by_dm(
    slack: SlackHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listeners, "FORM_ANSWER_SECONDS", 0.0)
    view = await open_log_form(slack)
    values = {"f_contact": {"type": "plain_text_input", "value": "Jane Doe"}}
    response = await slack.interactive(submission(view, values))
    assert response.status == 200
    assert response.body == ""
    posted = await slack.fake.wait_for("chat.postMessage")
    assert "Logged interview #1" in posted.params["text"]


async def test_add_an_action_button_opens_its_form_and_the_item_is_saved(
    slack: SlackHarness,
) -> None:
    """The reflection DM's "Add an action" button is `actions add`: a form on Slack."""
    await slack.app.dispatcher.run_text(slack.actor(), 'interview log "Ana Diaz"')
    await slack.interactive(slack.button_payload("actions add", action_id="inroads_cmd_1"))
    call = await slack.fake.wait_for("views.open")
    blocks = {b["block_id"]: b for b in call.view["blocks"]}
    assert blocks["f_text"]["optional"] is False
    assert {"f_for", "f_due"} <= set(blocks)
    answer = await slack.interactive(
        submission(
            call.view,
            {
                "f_text": {"type": "plain_text_input", "value": "Send Ana my portfolio"},
                "f_for": {"type": "plain_text_input", "value": "Ana Diaz"},
                "f_due": {"type": "plain_text_input", "value": ""},
            },
        )
    )
    assert answer.status == 200, answer.text
    await slack.fake.wait_for("chat.postMessage")  # the confirmation, by DM
    listing = await slack.app.dispatcher.run_text(slack.actor(), "actions")
    assert "Send Ana my portfolio · Ana Diaz" in listing.plain_text()
