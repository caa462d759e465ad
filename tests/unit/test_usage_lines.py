"""Usage lines are written from a command's fields (bot/usage.py), never kept by hand."""

from __future__ import annotations

import pytest

from bot.commands import AnySpec, CommandSpec
from bot.general.help import command_help, help_reply
from bot.registry import all_specs
from bot.schema import Field, Kind, choice, text
from bot.usage import usage_line

SPECS = all_specs()


def _spec(name: str) -> AnySpec:
    return next(s for s in SPECS if s.name == name)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_no_command_keeps_its_usage_by_hand(spec: AnySpec) -> None:
    assert spec.usage == usage_line(spec.path, spec.fields), (
        f"{spec.name} passes usage=...; leave it out, it is written from the fields"
    )


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_every_option_a_person_types_is_in_the_line(spec: AnySpec) -> None:
    for field in spec.fields:
        if field.kind is Kind.MEMBER and not field.positional:
            continue  # typed as a mention in the contact's place
        if field.positional or field.bare:
            continue
        assert f"{field.name}:" in spec.usage, f"{spec.name}: usage lacks {field.name}:"


def test_positional_words_come_first_in_order_then_required_options() -> None:
    fields = (
        text("note", "A note"),
        choice("kind", "What came of it", "offer", "job lead", required=True),
        Field("id", "Its number", Kind.NUMBER, required=True, positional=True),
        Field(
            "answer",
            "Yes or no",
            Kind.CHOICE,
            choices=(("y", "yes"), ("n", "no")),
            required=True,
            positional=True,
        ),
    )
    assert usage_line(("thing", "do"), fields) == (
        'thing do <number> yes|no kind:offer|"job lead" [note:]'
    )


def test_a_required_option_without_choices_says_what_goes_in_it() -> None:
    assert _spec("mentor pause").usage == "mentor pause until:<when>"


def test_a_contact_with_a_member_picker_is_one_required_place() -> None:
    log = _spec("interview log").usage
    assert log.startswith("interview log <name|#id|@member> [company:]")
    assert "with:" not in log  # the picker's twin in text is the mention


def test_words_typed_bare_are_shown_in_their_place() -> None:
    assert _spec("checkin add").usage == "checkin add <name|#id|@member> <when> [what]"
    options = command_help(_spec("checkin add")).fields[1].value
    assert "`<when>` (or `when:`) When to nudge you" in options


def test_free_text_is_quoted_and_long_choice_lists_are_left_to_help() -> None:
    add = _spec("questions add")
    assert add.usage == 'questions add "<text>" [category:] [anyway:yes]'
    assert "career-path" in command_help(add).fields[1].value


def test_a_spec_from_before_may_still_pass_its_own_usage() -> None:
    async def handle(cmd: object, svc: object) -> object:
        raise AssertionError

    old = CommandSpec(
        path=("garden", "plant"),
        summary="Plant something.",
        usage="garden plant <seed>",
        example="garden plant basil",
        build=lambda args, actor: None,  # type: ignore[arg-type,return-value]
        handle=handle,  # type: ignore[arg-type]
        fields=(text("seed", "What to plant", positional=True, required=True),),
    )
    assert old.usage == "garden plant <seed>"
    new = CommandSpec(
        path=("garden", "plant"),
        summary="Plant something.",
        example="garden plant basil",
        build=old.build,
        handle=old.handle,
        fields=old.fields,
    )
    assert new.usage == 'garden plant "<seed>"'


def test_group_help_shows_the_generated_lines() -> None:
    reply = help_reply(SPECS, "checkin")
    lines = [line for section in reply.sections for line in section.lines]
    assert "checkin snooze <number> <duration>" in lines
    assert "checkin settings [timezone:] [quiet:] [cadence:] [pause:on|off]" in lines
