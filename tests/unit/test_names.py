"""The name matching rules, directly: exact, accents and case, first words, near misses;
and the line rewriting that turns "which one?" into buttons."""

from __future__ import annotations

import pytest

from bot.choices import choice_reply, replace_value
from bot.errors import ChoiceError
from bot.journal.names import (
    NameMatch,
    Step,
    fold,
    given_name,
    greeting_name,
    match_name,
    named_in,
    reads_as_note,
    same_company,
    untitled,
)
from bot.ports.journal import ContactName

PEOPLE = (
    ContactName(1, "Dana Whitfield", "Globex"),
    ContactName(2, "Zoë Kowalski", "Initech"),
    ContactName(3, "Ann Lee", ""),
    ContactName(4, "Ann Leigh", "Acme"),
    ContactName(5, "Marco Rossi", "Spotify"),
    ContactName(6, "Person 1", ""),
    ContactName(7, "Raj Patel", ""),
    ContactName(8, "Anne-Marie O'Brien", ""),
)


def test_fold_sets_case_accents_and_punctuation_aside() -> None:
    assert fold("  Zoë   KOWALSKI ") == "zoe kowalski"
    assert fold("Anne-Marie O’Brien") == fold("anne marie obrien") == "anne marie obrien"
    assert fold("Søren Łukasz Straße") == "soren lukasz strasse"


@pytest.mark.parametrize(
    ("typed", "step", "ids"),
    [
        ("Dana Whitfield", Step.EXACT, (1,)),
        ("dana WHITFIELD", Step.EXACT, (1,)),  # any case is still the stored name
        ("Zoe Kowalski", Step.FOLDED, (2,)),  # accents aside
        ("ZOE kowalski", Step.FOLDED, (2,)),
        ("anne marie o'brien", Step.FOLDED, (8,)),
        ("Dana", Step.PREFIX, (1,)),  # a unique first name
        ("Dana W", Step.PREFIX, (1,)),  # first name and the start of the surname
        ("zoe kow", Step.PREFIX, (2,)),
    ],
)
def test_sure_matches(typed: str, step: Step, ids: tuple[int, ...]) -> None:
    found = match_name(typed, PEOPLE)
    assert (found.step, found.ids) == (step, ids)
    assert found.sure


def test_a_first_name_two_people_share_is_ambiguous() -> None:
    found = match_name("Ann", PEOPLE)
    assert (found.step, set(found.ids)) == (Step.PREFIX, {3, 4})
    assert not found.sure


def test_company_narrows_and_a_missing_company_fits_any() -> None:
    assert match_name("Ann", PEOPLE, company="acme").ids == (3, 4)  # Ann Lee has none
    assert match_name("Ann", PEOPLE, company="Initech").ids == (3,)
    assert match_name("Dana", PEOPLE, company="Initech").step is Step.NONE


@pytest.mark.parametrize(
    ("wanted", "company", "same"),
    [
        ("Harris Farm", "Harris Farm Markets", True),  # the name people shorten it to
        ("harris farm markets", "Harris Farm", True),
        ("Acme", "ACME Inc.", True),
        ("El Corte Ingles", "El Corte Inglés", True),
        ("", "Globex", True),
        ("Globex", "", True),
        ("Harris", "Farm Harris", False),  # words must start the name, in order
        ("Globex", "Initech", False),
        ("Acme Labs", "Acme Inc", False),
    ],
)
def test_a_company_may_be_written_short(wanted: str, company: str, same: bool) -> None:
    assert same_company(wanted, company) is same


@pytest.mark.parametrize(
    ("typed", "best"),
    [
        ("Zoey Kowalsky", 2),  # two typos
        ("Kowalski Zoe", 2),  # words swapped
        ("Whitfield", 1),  # the surname alone
        ("Dan", 1),  # one partial word is too weak to act on, but worth asking
        ("Marko Rosi", 5),
    ],
)
def test_near_misses_are_only_offered(typed: str, best: int) -> None:
    found = match_name(typed, PEOPLE)
    assert found.step is Step.CLOSE
    assert found.ids[0] == best
    assert not found.sure


@pytest.mark.parametrize("typed", ["Dana Lee", "Eve", "Person 10", "Bo", "Nobody Here", "   "])
def test_strangers_match_nobody(typed: str) -> None:
    assert match_name(typed, PEOPLE).step is Step.NONE


def test_an_option_that_ran_into_the_name_is_flagged() -> None:
    found = match_name("Raj Patel loved your panel at the food fair", PEOPLE)
    assert (found.step, found.ids, found.spilled) == (Step.CLOSE, (7,), True)


@pytest.mark.parametrize(
    ("line", "typed", "replacement", "expected"),
    [
        ("checkin add Dana in 2 weeks", "Dana", "#1", "checkin add #1 in 2 weeks"),
        ('checkin add "Dana" "in 2 weeks"', "Dana", "#1", 'checkin add #1 "in 2 weeks"'),
        ("interview list contact:“Dana”", "Dana", "#1", "interview list contact:#1"),
        (
            'checkin add "call Dana today" with:Dana',  # not the word inside the note
            "Dana",
            "#1",
            'checkin add "call Dana today" with:#1',
        ),
        (
            "interview log Zoey   Kowalsky notes:x",
            "Zoey Kowalsky",
            '"+Zoey Kowalsky"',
            'interview log "+Zoey Kowalsky" notes:x',
        ),
        ("contact show Danaa", "Dana", "#1", None),  # only whole values
        ('checkin add "Dana', "Dana", "#1", None),  # a line that doesn't parse
    ],
)
def test_replace_value(line: str, typed: str, replacement: str, expected: str | None) -> None:
    assert replace_value(line, typed, replacement) == expected


def test_choice_reply_makes_one_button_per_reading_it_can_apply() -> None:
    error = ChoiceError(
        "Dana could be Dana Whitfield or Dana Scott: which one did you mean?",
        typed="Dana",
        choices=(("#1 Dana Whitfield", "#1"), ("#9 Dana Scott", "#9")),
        hint="Pick below.",
    )
    reply = choice_reply(error, "/checkin add Dana in 2 weeks")
    assert [(a.label, a.command) for a in reply.actions] == [
        ("#1 Dana Whitfield", "checkin add #1 in 2 weeks"),
        ("#9 Dana Scott", "checkin add #9 in 2 weeks"),
    ]
    assert reply.text.startswith("Dana could be Dana Whitfield or Dana Scott")
    assert not reply.is_error  # a question, not a failure
    assert choice_reply(error, "").actions == ()  # no line (a typed command): no buttons


def test_a_line_too_long_for_a_button_keeps_only_the_hint() -> None:
    error = ChoiceError(
        "Dana could be Dana Whitfield or Dana Scott: which one did you mean?",
        typed="Dana",
        choices=(("#1 Dana Whitfield", "#1"),),
        hint="Pick below, or use the number instead of the name (#1 Dana Whitfield).",
    )
    line = 'checkin add Dana "in 2 weeks" "' + "Send her the long article on data teams" * 2 + '"'
    reply = choice_reply(error, line)
    assert reply.actions == ()  # Discord could not carry it; the hint says what to type
    assert "(#1 Dana Whitfield)" in reply.text


def test_a_title_is_set_aside_to_find_the_person() -> None:
    """A student saved "Dr Amara Obi" and then typed "amara": that was not found."""
    titled = (ContactName(11, "Dr Amara Obi", ""), ContactName(12, "Prof. Lee", ""), *PEOPLE)
    assert match_name("amara", titled) == NameMatch(Step.PREFIX, (11,))
    assert match_name("Amara Obi", titled) == NameMatch(Step.FOLDED, (11,))
    assert match_name("dr. amara obi", titled) == NameMatch(Step.FOLDED, (11,))
    assert match_name("lee", titled) == NameMatch(Step.FOLDED, (12,))  # not Ann Lee


def test_what_to_call_someone_and_how_to_greet_them() -> None:
    assert (given_name("Dr Amara Obi"), greeting_name("Dr Amara Obi")) == ("Amara", "Dr Obi")
    assert (given_name("Prof. Lee"), greeting_name("Prof. Lee")) == ("Prof Lee", "Prof Lee")
    assert (given_name("Dana Whitfield"), greeting_name("Dana Whitfield")) == ("Dana", "Dana")
    assert (given_name("Dr"), greeting_name("Dr")) == ("Dr", "Dr")  # a name, not a title
    assert untitled("Ms. Ann Lee") == "Ann Lee"
    assert untitled("Mr") == "Mr"


def test_a_thing_to_do_is_not_a_name_and_may_name_someone() -> None:
    assert reads_as_note("ask Tom Okafor for a coffee")
    assert reads_as_note("call Jane")
    assert not reads_as_note("Maria de la Cruz")
    assert not reads_as_note("Jane Doe")
    people = (ContactName(1, "Tom Okafor", ""), ContactName(2, "Tom Reyes", ""), *PEOPLE)
    assert named_in("ask Tom Okafor for a coffee", people) == 1
    assert named_in("ask Tom for a coffee", people) is None  # two Toms
    assert named_in("send Raj the deck", people) == 7
    assert named_in("mark the date and send the deck", people) is None
