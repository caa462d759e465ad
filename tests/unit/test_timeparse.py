"""The date reader on real phrasings: what people type, in London and in New York.

`NOW` is Friday 20 November 2026, 15:37 UTC: 15:37 in London, 10:37 in New York.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.errors import UsageError
from bot.timeparse import describe_order, format_local, numeric_order, parse_when

NOW = datetime(2026, 11, 20, 15, 37, tzinfo=UTC)
LONDON = "Europe/London"
NEW_YORK = "America/New_York"


def local(text: str, prefer: str = "future", tz: str = LONDON, order: str = "") -> str:
    moment = parse_when(text, timezone=tz, now=NOW, prefer=prefer, date_order=order)  # type: ignore[arg-type]
    return moment.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d %H:%M")


def refusal(text: str, prefer: str = "future", tz: str = LONDON) -> UsageError:
    with pytest.raises(UsageError) as caught:
        parse_when(text, timezone=tz, now=NOW, prefer=prefer)  # type: ignore[arg-type]
    return caught.value


@pytest.mark.parametrize(
    ("text", "prefer", "expected"),
    [
        ("tomorrow 9am", "future", "2026-11-21 09:00"),
        ("next Tuesday 10am", "future", "2026-11-24 10:00"),
        ("next tuesday", "future", "2026-11-24 09:00"),
        ("last Tuesday", "past", "2026-11-17 09:00"),
        ("Tuesday", "future", "2026-11-24 09:00"),
        ("tuesday", "past", "2026-11-17 09:00"),
        ("friday", "future", "2026-11-27 09:00"),  # it is Friday 15:37: today's 9am is gone
        ("friday", "past", "2026-11-20 09:00"),
        ("this friday 5pm", "future", "2026-11-20 17:00"),
        ("on Monday at 2:30pm", "future", "2026-11-23 14:30"),
        ("Tuesday next week", "future", "2026-11-24 09:00"),
        ("yesterday 3pm", "past", "2026-11-19 15:00"),
        ("yesterday", "past", "2026-11-19 15:37"),
        ("today 10am", "past", "2026-11-20 10:00"),
        ("tomorrow", "future", "2026-11-21 15:37"),
        ("tomorrow morning", "future", "2026-11-21 09:00"),
        ("tomorrow at noon", "future", "2026-11-21 12:00"),
        ("tonight", "future", "2026-11-20 20:00"),
        ("tonight 9.30pm", "future", "2026-11-20 21:30"),
        ("last night", "past", "2026-11-19 20:00"),
        ("this morning", "past", "2026-11-20 09:00"),
        ("the day after tomorrow", "future", "2026-11-22 15:37"),
        ("3pm", "future", "2026-11-21 15:00"),  # 3pm today has passed
        ("3pm", "past", "2026-11-20 15:00"),
        ("17:45", "future", "2026-11-20 17:45"),
        ("in 2 weeks", "future", "2026-12-04 15:37"),
        ("in 3 days", "future", "2026-11-23 15:37"),
        ("in an hour", "future", "2026-11-20 16:37"),
        ("in 1 hour and 30 minutes", "future", "2026-11-20 17:07"),
        ("in 2 days at 10am", "future", "2026-11-22 10:00"),
        ("in a month", "future", "2026-12-20 15:37"),
        ("1 hour ago", "past", "2026-11-20 14:37"),
        ("a week ago", "past", "2026-11-13 15:37"),
        ("2 days from now", "future", "2026-11-22 15:37"),
        ("next week", "future", "2026-11-27 15:37"),
        ("next month", "future", "2026-12-20 15:37"),
        ("3 February", "future", "2027-02-03 09:00"),
        ("3 February", "past", "2026-02-03 09:00"),
        ("February 3rd 2pm", "future", "2027-02-03 14:00"),
        ("3rd of February", "future", "2027-02-03 09:00"),
        ("Feb 3, 2027", "future", "2027-02-03 09:00"),
        ("Tuesday 3 February 2026", "past", "2026-02-03 09:00"),
        ("Wednesday, 3 February", "future", "2027-02-03 09:00"),
        ("March 1", "future", "2027-03-01 09:00"),
        ("on the 3rd", "future", "2026-12-03 09:00"),
        ("the 19th", "past", "2026-11-19 09:00"),
        ("2026-11-03 14:00", "past", "2026-11-03 14:00"),
        ("2026-11-03T14:00", "past", "2026-11-03 14:00"),
        ("2026-11-03", "past", "2026-11-03 09:00"),
        ("25/12", "future", "2026-12-25 09:00"),  # only one reading is a date
        ("now", "past", "2026-11-20 15:37"),
    ],
)
def test_phrasings_people_type(text: str, prefer: str, expected: str) -> None:
    assert local(text, prefer) == expected


@pytest.mark.parametrize(
    ("text", "tz", "expected"),
    [
        ("02/03", LONDON, "2027-03-02 09:00"),
        ("02/03", NEW_YORK, "2027-02-03 09:00"),
        ("02/03/2027 10:00", LONDON, "2027-03-02 10:00"),
        ("02/03/2027 10:00", NEW_YORK, "2027-02-03 10:00"),
        ("3.2.27", LONDON, "2027-02-03 09:00"),
        ("12-01-2027", "Asia/Tokyo", "2027-01-12 09:00"),
        ("12-01-2027", "America/Los_Angeles", "2027-12-01 09:00"),
    ],
)
def test_numeric_dates_follow_the_zone(text: str, tz: str, expected: str) -> None:
    assert local(text, "future", tz) == expected


def test_numeric_dates_follow_the_setting_over_the_zone() -> None:
    assert local("02/03", tz=LONDON, order="mdy") == "2027-02-03 09:00"
    assert local("02/03", tz=NEW_YORK, order="dmy") == "2027-03-02 09:00"


def test_date_order_defaults() -> None:
    assert numeric_order("", NEW_YORK) == "mdy"
    assert numeric_order("", "US/Pacific") == "mdy"
    assert numeric_order("", "Pacific/Honolulu") == "mdy"
    assert numeric_order("", LONDON) == "dmy"
    assert numeric_order("", "America/Toronto") == "dmy"
    assert numeric_order("", "UTC") == "dmy"
    assert numeric_order("mdy", LONDON) == "mdy"
    assert "2 March" in describe_order("dmy")
    assert "3 February" in describe_order("mdy")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("tomorrow 25:00", "“25:00” isn't a time of day"),
        ("tomorrow 10:75", "isn't a time of day"),
        ("13pm", "with am or pm the hour runs from 1 to 12"),
        ("tomorrow at 3", "could be 3am or 3pm"),
        ("31/02", "February has no day 31"),
        ("13/13", "no month 13"),
        ("February", "needs a day too"),
        ("next", "“next” needs a day after it"),
        ("in", "should be followed by an amount"),
        ("2 days", "“in 2 days” for ahead or “2 days ago”"),
        ("tomorrow next friday", "names two days"),
        ("3pm 4pm", "two times of day"),
        ("in 2 hours at 3pm", "can't also have a time of day"),
        ("Monday 3 February 2027", "3 February 2027 is a Wednesday, not a Monday"),
        ("tomorrow blorp", "“blorp” isn't a word I know"),
        ("tomorrow!", "I don't know what “!” means"),
        ("1900-01-01", "looks like a typo"),
        ("in 9000 years", "looks like a typo"),
        ("9999-12-31", "looks like a typo"),
        ("0001-01-01", "looks like a typo"),
    ],
)
def test_text_not_fully_understood_is_refused(text: str, says: str) -> None:
    error = refusal(text)
    assert says in error.problem + error.hint


def test_every_refusal_quotes_what_was_typed_and_shows_what_works() -> None:
    error = refusal("tomorrow 25:00")
    assert "`tomorrow 25:00`" in error.problem
    assert "next Tuesday 10am" in error.hint


@pytest.mark.parametrize(
    ("text", "typo", "meant", "corrected"),
    [
        ("next tuesdy", "tuesdy", "tuesday", "next tuesday"),
        ("3 febuary", "febuary", "february", "3 february"),
        ("Wensday 10am", "Wensday", "Wednesday", "Wednesday 10am"),
        ("tomorow 9am", "tomorow", "tomorrow", "tomorrow 9am"),
        ("in 2 weaks", "weaks", "weeks", "in 2 weeks"),
    ],
)
def test_misspelt_words_get_a_did_you_mean(
    text: str, typo: str, meant: str, corrected: str
) -> None:
    error = refusal(text)
    assert f"“{typo}”" in error.problem
    assert f"Did you mean “{corrected}”?" in error.hint
    assert error.fixes == ((typo, meant),)
    parse_when(corrected, timezone=LONDON, now=NOW, prefer="future")  # the fix reads


def test_a_word_with_no_likely_meaning_gets_no_guess() -> None:
    error = refusal("next blorp")
    assert error.fixes == ()
    assert "Did you mean" not in error.hint


def test_local_time_is_stored_as_utc() -> None:
    moment = parse_when("tomorrow 9am", timezone=NEW_YORK, now=NOW, prefer="future")
    assert moment == datetime(2026, 11, 21, 14, 0, tzinfo=UTC)


def test_replies_spell_the_date_out() -> None:
    moment = parse_when("02/03", timezone=LONDON, now=NOW, prefer="future")
    assert format_local(moment, LONDON) == "Tue 2 Mar 2027 09:00 (Europe/London)"
