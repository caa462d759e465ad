from __future__ import annotations

from bot.dispatcher import INTERNAL_ERROR_TEXT, Dispatcher
from bot.registry import all_specs
from bot.services import Services
from tests.conftest import ALICE, CoreHarness
from tests.fakes import FakeUnitOfWorkFactory


async def test_help_lists_every_command_with_an_example(core: CoreHarness) -> None:
    text = await core.say("help")
    for spec in all_specs():
        assert f"/{spec.name}" in text
        assert spec.example in text


async def test_help_for_one_group(core: CoreHarness) -> None:
    text = await core.say("inroads help interview")
    assert "interview log" in text
    assert "inroads help" not in text


async def test_unknown_command_suggests_the_close_one(core: CoreHarness) -> None:
    text = await core.say("intervew list")
    assert "I don't know the command `intervew`" in text
    assert "Did you mean `interview`?" in text


async def test_group_without_subcommand_lists_subcommands(core: CoreHarness) -> None:
    text = await core.say("interview")
    assert "needs a subcommand" in text
    assert "`interview log`" in text


async def test_a_misspelt_subcommand_is_offered_spelled_right(core: CoreHarness) -> None:
    text = await core.say("checkin snoze 7 1 day")
    assert "`checkin` has no subcommand `snoze`" in text
    assert "Did you mean `checkin snooze`?" in text
    assert "checkin snooze 7 1 day" in text  # the whole line, ready to run
    far = await core.say("checkin banana")
    assert "needs a subcommand, not `banana`" in far  # nothing close: the list


async def test_unknown_option_names_the_valid_ones(core: CoreHarness) -> None:
    text = await core.say("interview list colour:blue")
    assert "doesn't take the option `colour:`" in text
    assert "`status:`" in text


async def test_unexpected_errors_become_an_apology_and_are_logged(caplog) -> None:  # type: ignore[no-untyped-def]
    class Broken(FakeUnitOfWorkFactory):
        def __call__(self):  # type: ignore[no-untyped-def]
            raise RuntimeError("database exploded")

    dispatcher = Dispatcher(Services(uow=Broken()), all_specs())
    reply = await dispatcher.run_text(ALICE, "interview list")
    assert reply.is_error
    assert INTERNAL_ERROR_TEXT in reply.text
    assert "database exploded" not in reply.text
    assert any("interview list" in r.getMessage() for r in caplog.records)


async def test_observers_see_outcomes(core: CoreHarness) -> None:
    seen: list[tuple[str, str]] = []
    core.dispatcher.add_observer(lambda name, outcome, _s: seen.append((name, outcome)))
    await core.say("interview list")
    await core.say("interview list status:nope")
    assert seen == [("interview list", "ok"), ("interview list", "rejected")]
