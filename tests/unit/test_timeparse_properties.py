"""Properties of the date reader: nothing it accepts has a word it ignored.

Phrases are built from the shapes people type; a phrase the reader accepts must be refused
again once an extra word or a stray number is slipped in anywhere, because a reader that
accepted it would have dropped that word on the floor ("tomorrow 25:00" became tomorrow).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.datewords import MONTH_NAMES, VOCABULARY, WEEKDAY_NAMES
from bot.errors import UsageError
from bot.timeparse import parse_when

NOW = datetime(2026, 11, 20, 15, 37, tzinfo=UTC)
ZONES = st.sampled_from(["Europe/London", "America/New_York", "Asia/Tokyo", "UTC"])
PREFER = st.sampled_from(["past", "future"])

weekday = st.sampled_from([*WEEKDAY_NAMES, "tue", "Fri", "thurs"])
month = st.sampled_from([*MONTH_NAMES, "feb", "Sept", "dec"])
day = st.integers(1, 28)
unit = st.sampled_from(["minutes", "hours", "days", "weeks", "months", "day", "week", "hour"])
amount = st.one_of(st.integers(1, 40).map(str), st.sampled_from(["a", "an", "one", "two"]))

day_part = st.one_of(
    st.sampled_from(["today", "tomorrow", "yesterday", "tonight", "next week", "last month"]),
    st.sampled_from(["the day after tomorrow", "this morning", "last night", "now"]),
    st.tuples(st.sampled_from(["next", "last", "this", "on", ""]), weekday).map(" ".join),
    st.tuples(day, month).map(lambda p: f"{p[0]} {p[1]}"),
    st.tuples(month, day, st.sampled_from(["", ", 2026", " 2027"])).map(
        lambda p: f"{p[0]} {p[1]}{p[2]}"
    ),
    st.tuples(day, st.integers(1, 12)).map(lambda p: f"{p[0]:02d}/{p[1]:02d}"),
    st.tuples(amount, unit).map(lambda p: f"in {p[0]} {p[1]}"),
    st.tuples(amount, unit).map(lambda p: f"{p[0]} {p[1]} ago"),
    st.tuples(day, st.sampled_from(["st", "th"])).map(lambda p: f"the {p[0]}{p[1]}"),
    st.just("2026-11-03"),
)
time_part = st.one_of(
    st.just(""),
    st.integers(1, 12).map(lambda h: f"{h}am"),
    st.integers(1, 12).map(lambda h: f"at {h}pm"),
    st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda p: f"{p[0]}:{p[1]:02d}"),
    st.sampled_from(["noon", "midnight", "in the morning", "at 9.30am"]),
)
phrase = st.tuples(day_part, time_part, st.booleans()).map(
    lambda p: " ".join(x for x in ((p[1], p[0]) if p[2] else (p[0], p[1])) if x)
)
junk = st.one_of(
    st.from_regex(r"[a-z]{1,9}", fullmatch=True).filter(lambda w: w not in VOCABULARY),
    st.integers(1, 24).map(str),
    st.sampled_from(["o'clock", "ish", "-", "+1", "soon", "maybe", "pm3"]),
)


def reads(text: str, zone: str, prefer: str) -> datetime | None:
    try:
        return parse_when(text, timezone=zone, now=NOW, prefer=prefer)  # type: ignore[arg-type]
    except UsageError:
        return None


@settings(max_examples=400, deadline=None)
@given(phrase, ZONES, PREFER, junk, st.integers(0, 10))
def test_a_word_slipped_into_an_accepted_phrase_is_never_ignored(
    text: str, zone: str, prefer: str, extra: str, where: int
) -> None:
    assume(reads(text, zone, prefer) is not None)
    words = text.split()
    for word in re.findall(r"(?<![\d.a-z])[a-z]+", text.lower()):  # not "1st", "9am"
        assert word in VOCABULARY
    words.insert(where % (len(words) + 1), extra)
    assert reads(" ".join(words), zone, prefer) is None, " ".join(words)


@settings(max_examples=200, deadline=None)
@given(phrase, ZONES, PREFER)
def test_case_and_spacing_do_not_change_the_moment(text: str, zone: str, prefer: str) -> None:
    moment = reads(text, zone, prefer)
    assume(moment is not None)
    assert reads(text.upper(), zone, prefer) == moment
    assert reads("  " + text.replace(" ", "   ") + " ", zone, prefer) == moment


@settings(max_examples=300, deadline=None)
@given(phrase, ZONES, PREFER)
def test_accepted_moments_stay_in_a_sane_range(text: str, zone: str, prefer: str) -> None:
    moment = reads(text, zone, prefer)
    assume(moment is not None)
    assert moment.tzinfo is not None
    assert datetime(1950, 1, 1, tzinfo=UTC) - timedelta(days=1) < moment
    assert moment <= NOW + timedelta(days=365 * 5)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60), ZONES, PREFER)
def test_any_text_is_read_or_refused_never_crashes(text: str, zone: str, prefer: str) -> None:
    reads(text, zone, prefer)
