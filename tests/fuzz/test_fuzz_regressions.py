"""Inputs the fuzzer found that once crashed a handler, kept as plain regression tests."""

from __future__ import annotations

import pytest

from bot.dispatcher import INTERNAL_ERROR_TEXT
from tests.conftest import ALICE, CoreHarness


@pytest.mark.parametrize("zone", ["Asia/Tokyo", "Europe/Paris", "UTC", "America/New_York"])
@pytest.mark.parametrize(
    "line",
    [
        "checkin add <!channel> 0001-01-01",  # year 1 east of UTC overflowed in dateparser
        'interview log "Jane Doe" when:0001-01-01',
        "checkin add Jane 9999-12-31",
    ],
)
async def test_extreme_dates_are_rejected_kindly(core: CoreHarness, zone: str, line: str) -> None:
    await core.say(f"checkin settings timezone:{zone}")
    reply = await core.dispatcher.run_text(ALICE, line)
    assert reply.is_error
    assert INTERNAL_ERROR_TEXT not in reply.text


@pytest.mark.parametrize("option", ['duration:""', "duration:''", 'when:""'])
async def test_an_empty_edit_value_is_refused_and_changes_nothing(
    core: CoreHarness, option: str
) -> None:
    """`interview edit 3 duration:""` crashed on int("") (found by the long fuzz)."""
    await core.say('interview plan "Jane Doe" when:"tomorrow 9am" duration:45m')
    (interview,) = core.uow.store.table("interviews")
    reply = await core.dispatcher.run_text(ALICE, f"interview edit {interview.number} {option}")
    assert reply.is_error
    assert "is empty" in reply.text
    assert core.uow.store.table("interviews")[0].duration_minutes == 45
