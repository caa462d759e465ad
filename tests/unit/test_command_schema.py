"""One declaration per command (bot/schema.py): the generated documents match the specs, and
the declarations fit every platform's limits, so no adapter has to cut or guess."""

from __future__ import annotations

import pytest

from adapters import surface
from bot.commands import AnySpec
from bot.dispatcher import Dispatcher
from bot.registry import all_specs
from bot.schema import DESCRIPTION_MAX, GROUPS, LABEL_MAX, Field, Kind, groups_for
from tests.fakes import FakeUnitOfWorkFactory

SPECS = all_specs()


def test_manifest_and_readme_are_written_from_the_specs() -> None:
    stale = [str(p.relative_to(surface.ROOT)) for p in surface.stale(SPECS)]
    assert not stale, f"{stale} drifted from the specs: run python -m adapters.surface"


def test_the_readme_table_lists_every_command_once() -> None:
    rows = surface.command_table(SPECS).splitlines()
    for spec in SPECS:
        assert sum(row.startswith(f"| `/{spec.name}` |") for row in rows) == 1


def test_a_new_group_is_a_slash_command_even_before_it_is_declared() -> None:
    groups = groups_for([("interview", "log"), ("garden", "plant"), ("inroads", "help")])
    assert [g.name for g in groups] == ["interview", "inroads", "garden"]
    assert groups[-1].description
    assert groups[-1].hint


def test_every_group_the_specs_use_is_declared() -> None:
    assert {s.path[0] for s in SPECS} <= {g.name for g in GROUPS}
    for group in GROUPS:
        assert len(group.description) <= DESCRIPTION_MAX
        assert len(group.hint) <= DESCRIPTION_MAX


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name)
def test_fields_fit_every_platform(spec: AnySpec) -> None:
    for field in spec.fields:
        assert len(field.description) <= DESCRIPTION_MAX, (spec.name, field.name)
        assert all(len(label) <= DESCRIPTION_MAX for label, _ in field.choices)
    positional = [f for f in spec.fields if f.positional]
    required = [f.required for f in positional]
    assert required == sorted(required, reverse=True), f"{spec.name}: optional word first"
    if spec.form is not None:
        names = {f.name for f in spec.fields}
        assert set(spec.form.fields) | set(spec.form.small) <= names
        assert len(spec.form.small) <= 5
        assert len(spec.form.title) <= 24
        for name in spec.form.fields:
            assert len(spec.field(name).question) <= LABEL_MAX, (spec.name, name)


def test_options_are_derived_from_fields() -> None:
    spec = next(s for s in SPECS if s.name == "interview log")
    assert {"contact", "with", "when", "date", "actions", "action_items"} <= set(spec.options)
    show = next(s for s in SPECS if s.name == "interview show")
    assert "interview" not in show.options  # a positional-only field takes no key:


def test_a_choice_field_needs_its_choices() -> None:
    with pytest.raises(ValueError, match="has choices"):
        Field("goal", "Your goal", Kind.CHOICE)


def test_two_commands_cannot_claim_one_path() -> None:
    from bot.bootstrap import build_services

    with pytest.raises(ValueError, match="two commands claim"):
        Dispatcher(build_services(FakeUnitOfWorkFactory()), [SPECS[0], SPECS[0]])


def test_help_describes_each_field() -> None:
    from bot.general.help import command_help

    log = next(s for s in SPECS if s.name == "interview log")
    options = command_help(log).fields[1].value
    assert "`medium:` The way you talk: coffee, video, phone" in options
    assert "`when:` or `date:` When it happened" in options
    assert options.startswith("`<contact>` (or `contact:`)")
