from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import UsageError
from bot.grammar import Mention, parse, quote


def test_words_quotes_options_and_mentions() -> None:
    args = parse('log "Jane Doe" company:"Acme Corp" role:PM <@U123|jane> <@!42> @sam')
    assert args.positionals == (
        "log",
        "Jane Doe",
        Mention("U123", "jane"),
        Mention("42"),
        Mention("sam", "sam"),
    )
    assert args.options == {"company": "Acme Corp", "role": "PM"}


def test_curly_and_single_quotes() -> None:
    args = parse("log “Jane O'Neil” notes:‘it went well’ x:'a b'")
    assert args.positionals == ("log", "Jane O'Neil")
    assert args.options == {"notes": "it went well", "x": "a b"}


def test_mention_labels_may_contain_spaces() -> None:
    args = parse("log <@U42|Ann Lee> with:<@U7|Bo Chen> tail")
    assert args.positionals == ("log", Mention("U42", "Ann Lee"), "tail")
    assert args.options == {"with": Mention("U7", "Bo Chen")}


def test_option_values_can_be_mentions() -> None:
    assert parse("questions for:<@U9>").options == {"for": Mention("U9")}


def test_urls_are_words_not_options() -> None:
    assert parse("see https://example.org/x").positionals == ("see", "https://example.org/x")


def test_unclosed_quote_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="never closed"):
        parse('log "Jane')


def test_duplicate_option_is_rejected() -> None:
    with pytest.raises(UsageError, match="twice"):
        parse("log a:1 a:2")


def test_huge_input_is_rejected() -> None:
    with pytest.raises(UsageError, match="too long"):
        parse("x" * 30_000)


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), min_size=1, max_size=60))
def test_quote_round_trips(value: str) -> None:
    value = value.replace("\x00", "")
    if not value.strip() or value != value.strip():
        return
    assert parse(f"cmd {quote(value)}").positionals == ("cmd", value)


@given(st.text(max_size=300))
def test_parse_never_crashes_unexpectedly(text: str) -> None:
    try:
        parse(text)
    except UsageError as exc:
        problem = exc.problem
        assert problem


def test_overlong_dates_are_refused_before_parsing() -> None:
    from datetime import UTC, datetime

    from bot.timeparse import parse_when

    with pytest.raises(UsageError, match="a date fits in 80"):
        parse_when("tomorrow " * 20, timezone="UTC", now=datetime.now(UTC), prefer="future")


@pytest.mark.parametrize(
    "value",
    [
        'He said "go", it\'s “fine”',
        "\"'”’»",
        'ends with a quote"',
        "«all» ‘of’ “them” \"here\" 'too'",
    ],
)
def test_quote_keeps_every_kind_of_quote(value: str) -> None:
    """A form field with ", ' and ” used to come back with every ” turned into '."""
    assert parse(f"cmd key:{quote(value)}").options == {"key": value}


def test_a_doubled_closing_quote_inside_quotes_is_kept() -> None:
    assert parse('note "say ""hi"" twice"').positionals == ("note", 'say "hi" twice')
    assert parse('note "" next').positionals == ("note", "", "next")
