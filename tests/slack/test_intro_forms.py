"""The "Ask n for an intro" button through the real Slack app (issue 18 §3): it opens a
small modal asking why (member and company carried unseen in its metadata) instead of
replacing the `who-knows` message with a prompt, and sending it sends the request. A
button drawn before the member blocked the seeker opens nothing, and the click gets the
same neutral refusal as for a member who offers nothing; typing the line without a
reason opens the same form."""

from __future__ import annotations

import json

from bot.reminders.dispatch import ReminderDispatcher
from tests.slack.conftest import USER, SlackHarness
from tests.slack.test_request_forms import submission

MEMBER, OTHER = "U0BOB", "U0CAROL"
WHY = "how their demand planners forecast a new product line, and what surprised them"


async def _ask_button(slack: SlackHarness) -> str:
    """Bob and Carol offer Acme; the "Ask 1 for an intro" button Alice's who-knows shows."""
    run = slack.app.dispatcher.run_text
    for member in (MEMBER, OTHER):
        await run(slack.actor(member), 'people join role:"supply planner" industry:grocery')
        await run(slack.actor(member), "people intros add company:Acme")
    found = await run(slack.actor(), 'people who-knows company:"Acme"')
    return next(a.payload for a in found.actions if a.label == "Ask 1 for an intro")


async def test_the_ask_button_opens_a_reason_form_and_sending_it_asks_the_member(
    slack: SlackHarness,
) -> None:
    button = await _ask_button(slack)
    await slack.interactive(slack.button_payload(button))
    call = await slack.fake.wait_for("views.open")
    assert call.params["trigger_id"] == "1337.43.trigger"
    view = call.view
    assert view["title"]["text"] == "Ask for an introduction"
    assert view["submit"]["text"] == "Send request"
    [block] = view["blocks"]  # who and where ride along unseen; only why is asked
    assert block["block_id"] == "f_reason"
    assert block["label"]["text"] == "What do you hope to learn from someone there?"
    assert block["element"]["multiline"] is True
    assert "what they wish they'd known" in block["element"]["placeholder"]["text"]
    assert "initial_value" not in block["element"]
    metadata = json.loads(view["private_metadata"])
    assert metadata["form"] == "people intro-request"
    asked = json.loads(metadata["given"])["member"]
    assert json.loads(metadata["given"]) == {"member": asked, "company": "Acme"}
    assert slack.fake.of("chat.update") == []  # the who-knows answer is left in place

    answer = await slack.interactive(submission(view, {"f_reason": WHY}, USER))
    assert answer.status == 200, answer.body
    async with slack.app.services.uow() as uow:
        [request] = await uow.intros.requests_by(slack.actor())
    assert (f"<@{request.member_id}>", request.company, request.reason) == (asked, "Acme", WHY)
    await ReminderDispatcher(slack.app.services).run_once()
    ask = await slack.fake.wait_for(
        "chat.postMessage", lambda c: "An introduction at Acme?" in str(c.blocks)
    )
    assert WHY in str(ask.blocks)


async def test_a_short_reason_is_shown_on_the_form_and_sends_nothing(slack: SlackHarness) -> None:
    await slack.interactive(slack.button_payload(await _ask_button(slack)))
    view = (await slack.fake.wait_for("views.open")).view
    answer = await slack.interactive(submission(view, {"f_reason": "coffee?"}, USER))
    body = json.loads(answer.body)
    assert body["response_action"] == "errors"
    assert "A little more, please" in body["errors"]["f_reason"]
    async with slack.app.services.uow() as uow:
        assert await uow.intros.requests_by(slack.actor()) == []


async def test_a_button_from_before_a_block_opens_nothing_and_says_nothing_of_it(
    slack: SlackHarness,
) -> None:
    button = await _ask_button(slack)
    shown = button.split()[2].lstrip("@")  # people intro-request @U0... company:Acme
    assert shown in (MEMBER, OTHER)
    run = slack.app.dispatcher.run_text
    await run(slack.actor(shown), f"people block <@{USER}>")
    await slack.interactive(slack.button_payload(button))
    refusal = json.dumps((await slack.fake.wait_for("chat.update")).params)
    assert "isn't offering introductions at Acme right now" in refusal
    assert "blocked" not in refusal.lower()
    assert slack.fake.of("views.open") == []
    async with slack.app.services.uow() as uow:
        assert await uow.intros.requests_by(slack.actor()) == []


async def test_typing_the_line_without_a_reason_opens_the_same_form(slack: SlackHarness) -> None:
    await _ask_button(slack)
    await slack.command("/people", f"intro-request <@{OTHER}> company:Acme")
    view = (await slack.fake.wait_for("views.open")).view
    assert [b["block_id"] for b in view["blocks"]] == ["f_reason"]
    assert json.loads(json.loads(view["private_metadata"])["given"]) == {
        "member": f"<@{OTHER}>",
        "company": "Acme",
    }
