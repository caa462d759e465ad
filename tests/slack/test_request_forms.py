"""Forms on a conversation request through the real Slack app (issue 18 §2): the draft's
Edit button opens a modal holding the draft, and saving it changes the draft; the
helper's "Suggest times" opens a small times form, and the seeker then picks one of the
times with a button; a request that isn't yours opens nothing and gets the command's own
refusal."""

from __future__ import annotations

import json
from typing import Any

from bot.directory.request_model import ACCEPTED, TIMES, ConversationRequest
from bot.reminders.dispatch import ReminderDispatcher
from tests.slack.conftest import USER, SlackHarness, eventually
from tests.slack.fake_slack import TEAM_ID

HELPER = "U0BOB"


def submission(view: dict[str, Any], values: dict[str, str], user: str) -> dict[str, Any]:
    """A modal submitted by `user`, each block's plain-text input holding its value."""
    state = {
        block: {"value": {"type": "plain_text_input", "value": v}} for block, v in values.items()
    }
    return {
        "type": "view_submission",
        "team": {"id": TEAM_ID, "domain": "test"},
        "user": {"id": user, "username": user.lower(), "team_id": TEAM_ID},
        "api_app_id": "A0APP",
        "trigger_id": "1337.44.trigger",
        "view": {
            "id": "V1",
            "type": "modal",
            "callback_id": view["callback_id"],
            "private_metadata": view["private_metadata"],
            "state": {"values": state},
        },
    }


async def _request(slack: SlackHarness) -> ConversationRequest:
    async with slack.app.services.uow() as uow:
        [row] = await uow.requests.list_for(slack.actor())
    return row


async def _draft(slack: SlackHarness) -> tuple[str, str]:
    """Alice's draft to Bob: (its text, the Edit button's value)."""
    run = slack.app.dispatcher.run_text
    await run(slack.actor(HELPER), 'people join role:"UX researcher" industry:software budget:2')
    await run(slack.actor(), 'outreach profile name:"Alice Ng" about:"a teacher moving into UX"')
    draft = await run(slack.actor(), f'people ask <@{HELPER}> reason:"your move into research"')
    edit = next(a for a in draft.actions if a.label == "Edit")
    return draft.text, edit.payload


async def test_edit_opens_the_draft_in_a_modal_and_saving_changes_it(
    slack: SlackHarness,
) -> None:
    text, edit = await _draft(slack)
    await slack.interactive(slack.button_payload(edit))
    call = await slack.fake.wait_for("views.open")
    assert call.params["trigger_id"] == "1337.43.trigger"
    view = call.view
    assert view["title"]["text"] == "Edit your request"
    [block] = view["blocks"]  # the number rides along unseen; only the text is asked
    assert block["block_id"] == "f_message"
    assert block["element"]["multiline"] is True
    assert block["element"]["initial_value"] == text
    assert json.loads(view["private_metadata"])["form"] == "people edit"

    new = "Hi Bob, I'm Alice, a teacher moving into UX. Could I ask you about research?"
    answer = await slack.interactive(submission(view, {"f_message": new}, USER))
    assert answer.status == 200, answer.body
    posted = await slack.fake.wait_for("chat.postMessage")  # the checked draft, by DM
    assert "ready to check" in str(posted.blocks)
    request = await _request(slack)
    assert (request.message, request.status) == (new, "draft")


async def test_someone_elses_edit_button_opens_nothing_and_reveals_nothing(
    slack: SlackHarness,
) -> None:
    text, edit = await _draft(slack)
    await slack.interactive(slack.button_payload(edit, user=HELPER))
    # Answered where it was clicked (the click's own surface), as typing it would be.
    refusal = json.dumps((await slack.fake.wait_for("chat.update")).params)
    assert "no request" in refusal
    assert text[:40] not in refusal
    assert slack.fake.of("views.open") == []


async def test_suggest_times_opens_a_small_form_and_sends_the_times(slack: SlackHarness) -> None:
    await _draft(slack)
    rid = (await _request(slack)).id
    sent = await slack.app.dispatcher.run_text(slack.actor(), f"people send {rid}")
    assert not sent.is_error, sent.plain_text()
    await slack.interactive(slack.button_payload(f"people answer {rid} suggest", user=HELPER))
    view = (await slack.fake.wait_for("views.open")).view
    [block] = view["blocks"]
    assert block["block_id"] == "f_times"
    assert block["element"]["placeholder"]["text"] == "Tue 3pm or Thu 10am, your time zone"
    answer = await slack.interactive(submission(view, {"f_times": "Tue 3pm or Thu 10am"}, HELPER))
    assert answer.status == 200, answer.body
    confirmed = await slack.fake.wait_for("chat.postMessage")
    request = await _request(slack)
    assert (request.status, request.times) == (TIMES, "Tue 3pm or Thu 10am")

    # Alice hears of the times with a button each; pressing one agrees to it.
    await ReminderDispatcher(slack.app.services).run_once()
    news = await slack.fake.wait_for(
        "chat.postMessage", lambda c: c is not confirmed and "pick a time" in str(c.blocks)
    )
    buttons = {
        e["text"]["text"]: e["value"]
        for b in news.blocks
        if b["type"] == "actions"
        for e in b["elements"]
    }
    assert list(buttons)[:2] == ["Tue 3pm", "Thu 10am"]
    await slack.interactive(slack.button_payload(buttons["Thu 10am"]))

    async def agreed() -> bool:
        return (await _request(slack)).status == ACCEPTED

    await eventually(agreed)
    when = (await _request(slack)).agreed_at
    assert when is not None
    assert (when.weekday(), when.hour) == (3, 10)


async def test_typing_edit_with_the_number_alone_opens_the_same_form(
    slack: SlackHarness,
) -> None:
    text, _ = await _draft(slack)
    rid = (await _request(slack)).id
    await slack.command("/people", f"edit {rid}")
    view = (await slack.fake.wait_for("views.open")).view
    assert view["blocks"][0]["element"]["initial_value"] == text
