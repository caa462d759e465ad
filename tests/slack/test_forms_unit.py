"""Forms follow the core's specs: fields appear when the command takes their option, and a
rejection is pinned on the field that caused it (checked against `mentor join` too)."""

from __future__ import annotations

from adapters.slack.modals import (
    build_view,
    command_text,
    errors_for_reply,
    form_for,
    forms,
    validate,
)
from bot.bootstrap import build_dispatcher, build_services
from bot.dispatcher import Dispatcher
from bot.domain import Actor
from bot.mentoring import profiles
from bot.registry import all_specs
from bot.reply import error_reply
from tests.fakes import FakeUnitOfWorkFactory

ME = Actor("slack", "T1", "U1")


def dispatcher() -> Dispatcher:
    specs = list(all_specs())
    names = {s.path for s in specs}
    specs += [s for s in profiles.SPECS if s.path not in names]
    return build_dispatcher(build_services(FakeUnitOfWorkFactory()), specs)


def test_mentor_form_fields_and_inline_errors() -> None:
    found = form_for(dispatcher(), "mentor join")
    assert found is not None
    form, spec = found
    view = build_view(form, spec, {}).to_dict()
    blocks = [b["block_id"] for b in view["blocks"]]
    for expected in ("f_role", "f_industries", "f_topics", "f_timezone", "f_capacity", "f_bio"):
        assert expected in blocks
    text, errors = validate(
        dispatcher(),
        form,
        spec,
        {"role": "mentor", "industries": "fintech, health", "timezone": "Mars/Olympus"},
        ME,
    )
    assert text == ""
    assert list(errors) == ["f_timezone"]

    text, errors = validate(
        dispatcher(),
        form,
        spec,
        {"role": "both", "topics": "career change", "timezone": "Europe/Paris", "capacity": "2"},
        ME,
    )
    assert errors == {}
    assert text == ('mentor join role:both topics:"career change" timezone:Europe/Paris capacity:2')


def test_date_and_time_share_one_option() -> None:
    found = form_for(dispatcher(), "interview log")
    assert found is not None
    form, spec = found
    line = command_text(form, spec, {"contact": "Jane", "date": "2026-11-20", "time": "09:15"})
    assert line == 'interview log contact:Jane when:"2026-11-20 09:15"'


def test_fields_the_command_does_not_take_are_hidden() -> None:
    found = form_for(dispatcher(), "interview plan")
    assert found is not None
    form, spec = found
    blocks = [b["block_id"] for b in build_view(form, spec, {}).to_dict()["blocks"]]
    assert "f_takeaways" not in blocks  # `interview plan` takes no takeaways: option
    assert "f_date" in blocks
    assert set(forms(all_specs())) == {
        "interview log",
        "interview plan",
        "actions add",
        "mentor join",
        "contact add",  # opened by the "Save as contact" shortcut
        "people edit",  # on a draft, holding its text (bot/prefill.py)
        "people answer",  # "Suggest times" on a request received
        "people intro-request",  # "Ask n for an intro": only the reason is asked
    }


def test_a_refusal_naming_its_field_lands_on_that_field() -> None:
    found = form_for(dispatcher(), "interview log")
    assert found is not None
    form, spec = found
    values = {"contact": "Jane Doe", "notes": "odd words"}
    about = errors_for_reply(form, spec, values, error_reply("Too soon.", about="when"))
    assert about == {"f_date": "Too soon."}
    quoted = errors_for_reply(form, spec, values, error_reply("`odd words` is odd."))
    assert list(quoted) == ["f_notes"]
