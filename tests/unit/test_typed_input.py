"""Typed input (Discord options, forms) runs without a detour through text, and a refusal
names the field it belongs to."""

from __future__ import annotations

import pytest

from bot.commands import AnySpec
from bot.errors import UsageError
from bot.grammar import Mention
from bot.registry import all_specs
from bot.typed import args_from, blame, build_typed, line_for
from tests.conftest import ALICE, CoreHarness


def spec(name: str) -> AnySpec:
    return next(s for s in all_specs() if s.name == name)


def test_values_are_laid_out_as_the_grammar_reads_them() -> None:
    args = args_from(
        spec("interview log"),
        {"contact": "Jane Doe", "with": None, "company": "Acme Corp", "notes": "  "},
    )
    assert args.positionals == ("Jane Doe",)
    assert dict(args.options) == {"company": "Acme Corp"}


def test_a_member_stays_a_mention_and_numbers_become_words() -> None:
    args = args_from(spec("mentor met"), {"match": 12, "answer": "yes"})
    assert args.positionals == ("12", "yes")
    member = args_from(spec("mentor profile"), {"member": Mention("U42")})
    assert member.positionals == (Mention("U42"),)


def test_a_member_fields_mention_text_is_that_member_as_the_grammar_reads_it() -> None:
    """How a form on a record carries a member through text-only storage (Slack's view
    metadata, the inbox): `<@U42>` in a member field is the member; anything else in it,
    and the same text in a text field, stays text."""
    asked = spec("people intro-request")
    args = args_from(asked, {"member": "<@U42>", "company": "Acme"})
    assert args.positionals == (Mention("U42"),)
    assert line_for(asked, {"member": "<@U42>", "company": "Acme"}) == (
        "people intro-request <@U42> company:Acme"
    )
    assert args_from(asked, {"member": "@sam"}).positionals == ("@sam",)
    assert args_from(asked, {"member": "<@U42> and more"}).positionals == ("<@U42> and more",)
    assert args_from(spec("interview log"), {"contact": "<@U42>"}).positionals == ("<@U42>",)


def test_the_same_command_as_text_quotes_what_needs_it() -> None:
    line = line_for(spec("interview log"), {"contact": "Jane Doe", "with": Mention("U1")})
    assert line == 'interview log "Jane Doe" with:<@U1>'


def test_a_refusal_names_its_field() -> None:
    values = {"role": "mentor", "industries": "fintech", "timezone": "Mars/Olympus"}
    with pytest.raises(UsageError) as refused:
        build_typed(spec("mentor join"), values, ALICE)
    assert refused.value.field == "timezone"
    medium = {"contact": "Jane", "notes": "fine", "medium": "carrier pigeon"}
    with pytest.raises(UsageError) as refused:
        build_typed(spec("interview log"), medium, ALICE)
    assert refused.value.field == "medium"
    assert blame(spec("interview log"), {"notes": "no name given"}, ALICE) == ""


async def test_run_values_answers_like_the_typed_line(core: CoreHarness) -> None:
    log = spec("interview log")
    reply = await core.dispatcher.run_values(
        ALICE, log, {"contact": "Jane Doe", "company": "Acme", "when": "yesterday 3pm"}
    )
    assert not reply.is_error, reply.plain_text()
    listed = await core.say("interview list")
    assert "Jane Doe" in listed
    refused = await core.dispatcher.run_values(ALICE, log, {"contact": "Jane", "when": "in 3 days"})
    assert refused.is_error


async def test_a_handler_refusal_says_which_field(core: CoreHarness) -> None:
    future = {"contact": "Jane Doe", "when": "in 3 days"}
    refused = await core.dispatcher.run_values(ALICE, spec("interview log"), future)
    assert refused.is_error
    assert refused.about == "when"
