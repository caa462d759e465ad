"""The prep pack is a port (bot.ports.prep) the composition root fills in: a core
without one, or with one that fails, still sends the prep reminder, just shorter."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest

from bot.bootstrap import build_services
from bot.questions.prep import prep_pack
from bot.reminders.dispatch import DispatchConfig, ReminderDispatcher
from bot.reply import Section
from tests.conftest import CoreHarness
from tests.reminders.test_cadence import pending


async def _broken_pack(*_args: Any, now: datetime, **_kwargs: Any) -> tuple[Section, ...]:
    raise RuntimeError("the questions bank is unreadable")


def test_the_core_as_production_runs_it_has_the_questions_pack() -> None:
    assert build_services(uow=None).prep_pack is prep_pack  # type: ignore[arg-type]


@pytest.mark.parametrize("pack", [None, _broken_pack])
async def test_without_a_working_pack_the_prep_reminder_still_goes(
    core: CoreHarness, pack: Any
) -> None:
    await core.say("checkin settings quiet:off")
    await core.say('interview plan "Jane Doe" when:"in 3 days" company:Acme')
    first_prep = pending(core)[0]
    core.clock.current = first_prep.due_at
    services = replace(core.dispatcher.services, prep_pack=pack)
    stats = await ReminderDispatcher(services, DispatchConfig(rate_per_workspace=None)).run_once()
    assert stats.sent == 1
    [message] = core.notifier.sent
    assert message.reply.title == "Get ready: Jane Doe"
    assert message.reply.sections == ()
