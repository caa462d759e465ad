"""The reason classifier and the sentences it leads to (bot.outreach.reasons, wording)."""

from __future__ import annotations

import pytest

from bot.outreach.reasons import ReasonKind, classify, found_sentence, names, sentence
from bot.outreach.wording import (
    Audience,
    audience,
    next_step_sentence,
    role_phrase,
    standing_of,
    takeaway_sentence,
    tidy_first_person,
)


@pytest.mark.parametrize(
    ("text", "kind", "clause"),
    [
        ("I'm moving from teaching into UX research", ReasonKind.SELF, True),
        ("moving from teaching into UX research", ReasonKind.SELF, True),
        ("curious how buyers pick suppliers", ReasonKind.SELF, True),
        ("you spoke on the Data Humans podcast", ReasonKind.THEM, True),
        ("I read your post on pricing", ReasonKind.THEM, True),
        ("read your post on pricing", ReasonKind.THEM, True),
        ("your talk at PyCon", ReasonKind.THEM, False),
        ("your talk on what is next for data teams", ReasonKind.THEM, False),
        ("your bakery has run in Valencia for 60 years", ReasonKind.THEM, True),
        ("the FreshMart relaunch you led", ReasonKind.THEM, False),
        ("Marco Rossi said you'd be the best person to ask", ReasonKind.REFERRAL, False),
        ("a friend from my economics class recommended you", ReasonKind.REFERRAL, False),
        ("Dana's colleague Priya suggested I talk to you", ReasonKind.REFERRAL, False),
        ("referred by Jamal Reed", ReasonKind.REFERRAL, False),
        ("as a fellow economics graduate, how did you start?", ReasonKind.SHARED, False),
        ("we both studied economics at State", ReasonKind.SHARED, False),
        ("like you, I started out in a shop", ReasonKind.SHARED, False),
        ("congratulations on your promotion", ReasonKind.CONGRATS, False),
        ("Congrats on the launch!", ReasonKind.CONGRATS, False),
        ("   ", ReasonKind.NONE, False),
    ],
)
def test_classify(text: str, kind: ReasonKind, clause: bool) -> None:
    reason = classify(text)
    assert reason.kind is kind
    if kind is ReasonKind.THEM:
        assert reason.clause is clause


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("you spoke on the Data Humans podcast", "I'm writing because you spoke on the Data Humans podcast."),
        ("your talk at PyCon", "I'm writing because of your talk at PyCon."),
        # A clause about them is not "because of": Rosa's bakery reason read
        # "I'm writing because of your bakery has run in Valencia …".
        (
            "your bakery has run in Valencia for 60 years and I am opening my second shop",
            "I'm writing because your bakery has run in Valencia for 60 years and I am "
            "opening my second shop.",
        ),
        ("read your post", "I read your post."),
        ("moving from teaching into UX research", "I'm moving from teaching into UX research."),
        ("congratulations on your promotion to head of buying", "Congratulations on your promotion to head of buying!"),
        ("a friend from my economics class recommended you", "A friend from my economics class recommended you."),
        ("as a fellow economics graduate", "As a fellow economics graduate, I'd especially value your view."),
        ("referred by Jamal Reed", "I was referred by Jamal Reed, who suggested I get in touch."),
    ],
)  # fmt: skip
def test_sentence_is_grammatical(text: str, expected: str) -> None:
    assert sentence(classify(text)) == expected


def test_names_and_found() -> None:
    assert names(classify("Marco said to ask you"), "Marco Rossi")
    assert not names(classify("your talk at PyCon"), "Marco Rossi")
    assert found_sentence("the alumni directory") == "I found you through the alumni directory."
    assert found_sentence("on LinkedIn") == "I found you on LinkedIn."
    assert (
        found_sentence("the Leeds careers fair") == "I came across you at the Leeds careers fair."
    )
    assert found_sentence("") == ""


@pytest.mark.parametrize(
    ("role", "phrase"),
    [
        ("Category Manager, Bakery", "a category manager for bakery"),
        ("Data Analyst", "a data analyst"),
        ("UX Researcher", "a UX researcher"),
        ("HR Business Partner", "an HR business partner"),
        ("Head of Buying", "head of buying"),
        ("Engineering Manager", "an engineering manager"),
        ("iOS Developer", "an iOS developer"),
        # Typed in lower case, an acronym is still said as one: not "an ux researcher".
        ("ux researcher", "a UX researcher"),
        ("hr manager", "an HR manager"),
        ("", ""),
    ],
)
def test_role_phrase(role: str, phrase: str) -> None:
    assert role_phrase(role) == phrase


def test_audience_follows_goal_then_about_then_status() -> None:
    assert audience("business-research", "a student", "student") is Audience.OWNER
    assert audience("", "I run a bakery in Leeds", "") is Audience.OWNER
    assert audience("", "a teacher moving into UX research", "") is Audience.CHANGER
    assert audience("", "a final-year economics student", "") is Audience.STUDENT
    assert audience("", "a data analyst", "graduate") is Audience.GRADUATE
    assert standing_of("", "a second-year student") == "student"
    assert standing_of("", "a recent graduate") == "graduate"
    assert standing_of("", "a designer") == ""


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        (
            "I'm a teacher moving into UX research and curious about your first year",
            Audience.CHANGER,
        ),
        ("I am changing careers from law", Audience.CHANGER),
        ("I'm a geography student thinking of opening a cafe", Audience.STUDENT),
        ("I'm studying design", Audience.STUDENT),
        ("I run a small cafe and want to know how FreshMart picks suppliers", Audience.OWNER),
        # About them, not the writer: no guess, a graduate's framing.
        ("I'd love to hear how you became an owner", Audience.GRADUATE),
        ("how you moved from teaching into UX", Audience.GRADUATE),
    ],
)
def test_with_nothing_saved_the_reason_says_who_is_writing(reason: str, expected: Audience) -> None:
    assert audience("", "", "", reason) is expected
    # Anything saved about the writer still comes first.
    assert audience("", "a recent graduate in data", "graduate", reason) is Audience.GRADUATE


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("Im a teacher moving into UX", "I'm a teacher moving into UX"),
        ("im curious how you started", "I'm curious how you started"),
        ("I’m a student", "I'm a student"),
        ("ive been teaching for ten years", "I've been teaching for ten years"),
        ("Id love to hear how", "I'd love to hear how"),
        ("the id on my card", "the id on my card"),
        ("I was ill last week", "I was ill last week"),
        ("Imagine a bakery", "Imagine a bakery"),
    ],
)
def test_first_person_typed_in_a_hurry_reads_as_meant(typed: str, read: str) -> None:
    assert tidy_first_person(typed) == read


def test_a_hurried_reason_still_says_who_is_writing() -> None:
    from bot.outreach.templates import DraftInput, render

    d = DraftInput(
        sender="Sam",
        about="",
        school="",
        name="Ana",
        role="UX researcher",
        reason="Im a teacher moving into UX research",
    )
    assert d.audience is Audience.CHANGER
    body = render("email", d).body
    assert "[one line about who you are]" not in body
    assert "because of im" not in body.lower()


def test_takeaways_become_sentences_of_your_own() -> None:
    assert (
        takeaway_sentence("Start with the data team; bring numbers")
        == "Your advice to start with the data team really stayed with me."
    )
    assert (
        takeaway_sentence("Buyers care about delivery more than price")
        == "I hadn't realised that buyers care about delivery more than price."
    )
    assert takeaway_sentence("SQL first").startswith("What you said about SQL first")
    assert next_step_sentence("learn SQL") == "Next, I'm going to learn SQL."
    assert next_step_sentence("I'll call two stores") == "I'll call two stores."
    assert takeaway_sentence("") == ""


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        (
            "can you tell me how you started the bakery?",
            "I'd love to hear how you started the bakery.",
        ),
        ("Could you walk me through your first year", "I'd love to hear about your first year."),
        (
            "how do you price wholesale bread",
            "One thing I'd love to ask you: how do you price wholesale bread?",
        ),
        (
            "What does a buyer look for?",
            "One thing I'd love to ask you: what does a buyer look for?",
        ),
    ],
)
def test_a_reason_typed_as_a_question_reads_as_one(typed: str, written: str) -> None:
    """Pasted after "I'm writing because of …" a question broke the sentence."""
    assert sentence(classify(typed)) == written
