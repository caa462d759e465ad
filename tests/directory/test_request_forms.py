"""Forms on a request (issue 18 §2: the seeker edits the draft in a form, the helper
suggests times in one, the seeker picks an offered time with a button), through the core.

`bot.prefill` decides from the line alone whether a form might open, then reads its
starting values as the person: only their own draft, only while it is a draft. A refusal
opens no form, and the line, run as typed, gives the command's own refusal.
"""

from __future__ import annotations

import re

from bot.directory.request_model import ACCEPTED, TIMES
from bot.directory.request_times import offered_times, time_actions
from bot.prefill import open_on_record, record_form
from bot.reply import Action, Target, TargetKind
from tests.conftest import CoreHarness
from tests.directory.requests_helpers import ALICE, BOB, CAROL, REASON, ask_and_send, latest, setup


async def _draft(core: CoreHarness) -> int:
    reply = await core.dispatcher.run_text(ALICE, f'people ask @bob reason:"{REASON}"')
    found = re.search(r"#(\d+)", reply.title)
    assert found is not None, reply.plain_text()
    return int(found.group(1))


async def test_the_edit_button_opens_a_form_holding_the_draft(core: CoreHarness) -> None:
    await setup(core)
    draft = await core.dispatcher.run_text(ALICE, f'people ask @bob reason:"{REASON}"')
    edit = next(a for a in draft.actions if a.label == "Edit")
    opened = await open_on_record(core.dispatcher, ALICE, edit.command)
    assert opened is not None
    assert opened.spec.name == "people edit"
    assert opened.initial == {"message": draft.text}
    assert opened.given == {"request": edit.command.split()[-1]}


async def test_someone_elses_request_opens_no_form_and_reveals_nothing(
    core: CoreHarness,
) -> None:
    await setup(core, BOB)
    rid = await _draft(core)
    assert await open_on_record(core.dispatcher, CAROL, f"people edit {rid}") is None
    refused = await core.dispatcher.run_text(CAROL, f"people edit {rid}")
    assert refused.is_error
    assert "no request" in refused.text
    assert "Alice" not in refused.plain_text()  # nothing of the draft, not even whose


async def test_a_sent_request_opens_no_form_and_says_why(core: CoreHarness) -> None:
    await setup(core)
    request = await ask_and_send(core)
    assert await open_on_record(core.dispatcher, ALICE, f"people edit {request.id}") is None
    refused = await core.dispatcher.run_text(ALICE, f"people edit {request.id}")
    assert refused.is_error
    assert "can't be edited now" in refused.text


async def test_the_draft_form_reads_a_real_database(sql_core: CoreHarness) -> None:
    await setup(sql_core)
    rid = await _draft(sql_core)
    opened = await open_on_record(sql_core.dispatcher, ALICE, f"people edit {rid}")
    assert opened is not None
    assert "I'm Alice Ng" in opened.initial["message"]
    assert await open_on_record(sql_core.dispatcher, BOB, f"people edit {rid}") is None


def test_only_a_line_naming_the_record_and_leaving_the_answer_out_opens_a_form(
    core: CoreHarness,
) -> None:
    opens = record_form(core.dispatcher, "people edit 3")
    assert opens is not None
    assert opens.given == {"request": "3"}
    assert record_form(core.dispatcher, "people edit") is None  # which draft?
    assert record_form(core.dispatcher, 'people edit 3 message:"Hi"') is None  # said already
    assert record_form(core.dispatcher, "people send 3") is None  # no form at all
    assert record_form(core.dispatcher, "people answer 3 suggest") is not None
    assert record_form(core.dispatcher, "people answer 3 accept") is None
    assert record_form(core.dispatcher, 'people answer 3 suggest times:"Tue 3pm"') is None
    guarded = Action("Edit", "people edit 3", target=Target(TargetKind.INTERVIEW, 3)).payload
    assert record_form(core.dispatcher, guarded) is None  # a guarded click stays a click


async def test_suggest_times_opens_an_empty_times_form_for_the_helper_only(
    core: CoreHarness,
) -> None:
    await setup(core)
    request = await ask_and_send(core)
    line = f"people answer {request.id} suggest"
    opened = await open_on_record(core.dispatcher, BOB, line)
    assert opened is not None
    assert opened.initial == {}
    assert opened.given == {"request": str(request.id), "answer": "suggest"}
    assert opened.spec.form is not None
    assert opened.spec.form.fields == ("times",)
    assert await open_on_record(core.dispatcher, ALICE, line) is None  # the seeker
    await core.say(f"people answer {request.id} not-now", BOB)
    assert await open_on_record(core.dispatcher, BOB, line) is None  # answered already
    refused = await core.dispatcher.run_text(BOB, line)
    assert refused.is_error
    assert "can't be answered now" in refused.text


def test_offered_times_split_on_or_commas_semicolons_and_lines() -> None:
    assert offered_times("Tue 3pm or Thu 10am, London time") == ["Tue 3pm", "Thu 10am"]
    assert offered_times("Mon 9am; Wed 4pm\nFri noon") == ["Mon 9am", "Wed 4pm", "Fri noon"]
    assert offered_times("Tuesday, March 3 at 3pm or Thursday 10am (GMT)") == [
        "Tuesday, March 3 at 3pm",
        "Thursday 10am",
    ]
    assert offered_times("either Tue 3pm or tue 3pm.") == ["Tue 3pm"]  # once each
    assert offered_times("Tue lunch time or Wed morning") == ["Tue lunch time", "Wed morning"]
    six = "\n".join(f"{d} 9am" for d in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat"))
    assert len(offered_times(six)) == 5
    assert offered_times("London time") == []
    assert time_actions(4, "Tue 3pm or Thu 10am")[1].command == 'people agree 4 when:"Thu 10am"'


async def test_the_seeker_picks_an_offered_time_with_a_button(core: CoreHarness) -> None:
    await setup(core)
    request = await ask_and_send(core)
    await core.say(f'people answer {request.id} suggest times:"Tue 3pm or Thu 10am, UTC"', BOB)
    await core.deliver()
    [news] = [m for m in core.notifier.sent if m.recipients[0].user_id == ALICE.user_id]
    labels = [a.label for a in news.reply.actions]
    assert labels[:2] == ["Tue 3pm", "Thu 10am"]
    assert "Withdraw" in labels
    assert "Introduce us; we'll find a time" in labels
    assert "another day or time" in news.reply.plain_text()  # what to do if none work
    picked = await core.dispatcher.run_text(ALICE, news.reply.actions[1].command)
    assert not picked.is_error, picked.plain_text()
    assert "introducing you both" in picked.text
    agreed = latest(core, ALICE, BOB)
    assert agreed.status == ACCEPTED
    assert agreed.agreed_at is not None
    assert agreed.agreed_at.weekday() == 3  # a Thursday
    assert (agreed.agreed_at.hour, agreed.agreed_at.minute) == (10, 0)


async def test_a_time_the_reader_cannot_read_is_offered_and_refused_kindly(
    core: CoreHarness,
) -> None:
    await setup(core)
    request = await ask_and_send(core)
    await core.say(f'people answer {request.id} suggest times:"any afternoon you like"', BOB)
    await core.deliver()
    [news] = [m for m in core.notifier.sent if m.recipients[0].user_id == ALICE.user_id]
    button = news.reply.actions[0]
    assert button.label == "any afternoon you like"
    refused = await core.dispatcher.run_text(ALICE, button.command)
    assert refused.is_error
    assert "couldn't read" in refused.text
    assert "Try:" in refused.text
    assert latest(core, ALICE, BOB).status == TIMES  # nothing changed
