"""Record numbers: one reader for every command; impossible ids are never a crash."""

from __future__ import annotations

import pytest

from bot.dispatcher import INTERNAL_ERROR_TEXT
from bot.ids import MAX_RECORD_ID, is_id_shaped, record_id, whole_number
from tests.conftest import CoreHarness

HUGE = "9" * 23


def test_record_ids() -> None:
    assert record_id("12") == 12
    assert record_id(" #12 ") == 12
    assert record_id(str(MAX_RECORD_ID)) == MAX_RECORD_ID
    for bad in ("0", "-3", "²", "١٢", "1e3", "", "#", HUGE, str(MAX_RECORD_ID + 1), "9" * 5000):
        assert record_id(bad) is None, bad
    assert is_id_shaped(f"#{HUGE}")
    assert not is_id_shaped("Ann")


def test_whole_numbers() -> None:
    assert whole_number("8", 1, 20) == 8
    assert whole_number("21", 1, 20) is None
    assert whole_number("²", 1, 20) is None


@pytest.mark.parametrize(
    "line",
    [
        f"checkin cancel {HUGE}",
        f"checkin snooze {HUGE} 1d",
        f"interview show {HUGE}",
        "interview show ²",
        f"interview delete #{HUGE}",
        f"questions remove {HUGE}",
        f"mentor met {HUGE} yes",
        f"mentor round drop {HUGE}",
        f"contact show #{HUGE}",
        f"contact chain #{HUGE}",
        f"outreach draft #{HUGE}",
        f"outreach sent #{HUGE}",
        "questions count:²",
    ],
)
async def test_impossible_ids_are_friendly_on_real_databases(
    sql_core: CoreHarness, line: str
) -> None:
    text = await sql_core.say(line)
    assert INTERNAL_ERROR_TEXT not in text
    assert "Try:" in text or "`" in text
