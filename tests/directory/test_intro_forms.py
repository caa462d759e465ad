"""The "Ask n for an intro" button as a small form, through the core (issue 18 §3).

The button's line names the member and the company and leaves out why. `bot.prefill`
opens the intro-request form on it, carrying both unseen, only when the request could go
now; submitted, the form runs the whole line. The console, with no forms, gets the prompt
for a reason with a complete line to copy, and that line works as shown.
"""

from __future__ import annotations

import re

from bot.prefill import open_on_record, record_form
from bot.typed import line_for
from tests.conftest import ALICE, BOB, CoreHarness
from tests.directory.test_intros import CAROL, REASON, _member, requests

WHY = "how their demand planners forecast a new product line, and what surprised them"


async def _ask_button(core: CoreHarness) -> str:
    """The line of the first "Ask n for an intro" button `people who-knows` shows Alice."""
    await _member(core, CAROL, "Acme")
    reply = await core.dispatcher.run_text(ALICE, 'people who-knows company:"acme"')
    return next(a.command for a in reply.actions if a.label == "Ask 1 for an intro")


async def test_the_ask_button_opens_a_reason_form_and_submitting_it_sends(
    core: CoreHarness,
) -> None:
    line = await _ask_button(core)
    assert line == "people intro-request @carol company:Acme"
    opened = await open_on_record(core.dispatcher, ALICE, line)
    assert opened is not None
    assert opened.spec.name == "people intro-request"
    assert opened.spec.form is not None
    assert opened.spec.form.fields == ("reason",)
    assert opened.given == {"member": "<@carol>", "company": "Acme"}
    assert opened.initial == {}  # nothing written for them: the box starts empty
    assert requests(core) == []  # opening the form sends nothing

    values = {**opened.given, "reason": WHY}
    assert (
        line_for(opened.spec, values)
        == f'people intro-request <@carol> company:Acme reason:"{WHY}"'
    )
    sent = await core.dispatcher.run_values(ALICE, opened.spec, values)
    assert "Sent to" in sent.plain_text(), sent.plain_text()
    (request,) = requests(core)
    assert (request.member_id, request.company, request.reason) == ("carol", "Acme", WHY)


async def test_a_short_or_selling_reason_is_refused_on_its_field(core: CoreHarness) -> None:
    opened = await open_on_record(core.dispatcher, ALICE, await _ask_button(core))
    assert opened is not None
    for reason, says in (
        ("coffee?", "A little more, please"),
        ("could you refer me for a job there", "asking for a job or a sale"),
    ):
        refused = await core.dispatcher.run_values(
            ALICE, opened.spec, {**opened.given, "reason": reason}
        )
        assert refused.is_error
        assert says in refused.plain_text()
        assert refused.about == "reason"
    assert requests(core) == []


async def test_no_form_when_the_request_could_not_go(core: CoreHarness) -> None:
    """Already asked, or the line says why already, or names nobody: no form; the line
    then runs as typed and gives its own answer."""
    line = await _ask_button(core)
    assert record_form(core.dispatcher, f"{line} {REASON}") is None  # said why already
    assert record_form(core.dispatcher, "people intro-request company:Acme") is None
    assert record_form(core.dispatcher, "people intro-request @carol") is None
    assert (
        await open_on_record(core.dispatcher, CAROL, "people intro-request @carol company:Acme")
        is None
    )
    assert "Sent to" in await core.say(f"{line} {REASON}")
    assert await open_on_record(core.dispatcher, ALICE, line) is None
    assert "already asked" in await core.say(line)
    assert len(requests(core)) == 1


async def test_the_console_asks_for_a_reason_with_a_line_that_works_as_shown(
    core: CoreHarness,
) -> None:
    await _member(core, BOB, '"Acme Ltd"')
    prompt = await core.say("people intro-request @bob company:Acme")
    assert "why you'd like this introduction at Acme" in prompt
    assert requests(core) == []
    found = re.search(r'people intro-request @bob company:Acme reason:"[^"]+"', prompt)
    assert found is not None, prompt
    assert "Sent to" in await core.say(found.group(0))
    assert [r.member_id for r in requests(core)] == ["bob"]
