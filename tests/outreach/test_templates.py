"""Draft templates: structure, variety, and the 300-character connection note."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.outreach.after import follow_up
from bot.outreach.formats import LINKEDIN_LIMIT
from bot.outreach.linkedin import linkedin
from bot.outreach.templates import (
    ABOUT_PLACEHOLDER,
    DraftInput,
    alumni,
    email,
)

BASE = DraftInput(
    sender="Alice Park",
    about="a final-year economics student curious about how payment systems are built",
    school="State University",
    name="Jane Doe",
    role="Engineering Manager",
    company="Ledgerly",
    industry="fintech",
    reason="I read your post on splitting Ledgerly's payments monolith",
)


def with_(**changes: object) -> DraftInput:
    return DraftInput(**{**BASE.__dict__, **changes})


@pytest.mark.parametrize("variant", [0, 1, 2])
def test_email_has_every_part_in_order(variant: int) -> None:
    draft = email(with_(variant=variant))
    assert draft.subject
    assert draft.text().startswith(f"Subject: {draft.subject}\n\n")
    text = draft.body
    hi = text.index("Hi Jane,")
    who = text.index("Alice Park")
    why = text.index("I read your post")
    ask = text.replace("20-minute", "20 minute").index("20 minute")
    thanks = text.lower().index("thank")
    assert hi < who < why < ask < thanks
    assert "job" in text or "openings" in text  # says plainly it is not a job request
    assert text.rstrip().endswith("Alice Park")


def test_variants_differ_and_are_stable() -> None:
    texts = {email(with_(variant=v)).text() for v in range(3)}
    assert len(texts) == 3
    assert email(with_(variant=6)).text() == email(with_(variant=0)).text()


def test_referrer_and_missing_reason() -> None:
    text = email(with_(reason="", referrer="Sam Lee")).text()
    assert "Sam Lee suggested I get in touch." in text
    assert "your work as an engineering manager at Ledgerly" in text
    bare = email(with_(reason="", about="")).text()
    assert ABOUT_PLACEHOLDER in bare


def test_alumni_names_the_school_once_and_never_calls_a_student_an_alum() -> None:
    draft = alumni(with_(standing="student", year=2027))
    assert draft.body.count("State University") == 1
    assert "I'm studying at State University, where you studied too" in draft.body
    assert "I graduate in 2027" in draft.body
    assert not re.search(r"\balum\b|Like you, I'm a|graduate of", draft.text())
    assert "alumni network" not in draft.body  # how you found them is never invented
    grad = alumni(with_(about="a data analyst", standing="graduate", year=2019))
    assert "Like you, I'm a State University graduate (class of 2019)." in grad.body
    assert "[your school]" in alumni(with_(school="")).body
    found = alumni(with_(found="the alumni directory")).body
    assert "I found you through the alumni directory." in found


def test_follow_up_is_short_and_polite() -> None:
    draft = follow_up(with_(days_since_request=8))
    assert "last week" in draft.body
    assert "thank you either way" in draft.body
    assert len(draft.body) < 600
    assert "3 weeks ago" in follow_up(with_(days_since_request=22)).body


def test_short_note_is_left_whole() -> None:
    note = linkedin(with_(about="a student", reason="I loved your talk at PyCon"))
    assert not note.shortened
    assert len(note.body) <= LINKEDIN_LIMIT
    assert "a student" in note.body
    assert "PyCon" in note.body


def test_long_note_is_shortened_intelligently() -> None:
    long_reason = (
        "I read your post on how Ledgerly split its payments monolith into services and "
        "how your team handled on-call during the migration, which is exactly the kind of "
        "engineering work I hope to do after I graduate next summer from State University"
    )
    note = linkedin(with_(reason=long_reason, about=BASE.about + ", and I run the fintech club"))
    assert note.shortened
    assert len(note.body) <= LINKEDIN_LIMIT
    body = note.body
    assert body.startswith("Hi Jane, I'm Alice Park")
    assert "20-min" in body
    assert "not a job" in body
    assert body.endswith("Thanks!")
    assert "I read your post on how Ledgerly" in body  # the reason is trimmed, not dropped
    assert body.count("…") == 1
    assert "  " not in body


@settings(max_examples=200, deadline=None)
@given(
    sender=st.text(min_size=1, max_size=120),
    about=st.text(max_size=300),
    name=st.text(min_size=1, max_size=200),
    reason=st.text(max_size=500),
    company=st.text(max_size=200),
)
def test_connection_note_never_exceeds_300(
    sender: str, about: str, name: str, reason: str, company: str
) -> None:
    note = linkedin(with_(sender=sender, about=about, name=name, reason=reason, company=company))
    assert len(note.body) <= LINKEDIN_LIMIT


def test_a_referral_is_said_once() -> None:
    # Found by a journey: "Dana Whitfield suggested I get in touch with you. I'm writing
    # because of Dana Whitfield suggested I talk to you."
    text = email(
        with_(referrer="Dana Whitfield", reason="Dana Whitfield suggested I talk to you")
    ).body
    assert text.count("Dana Whitfield") == 1
    assert "Dana Whitfield suggested I talk to you." in text
    assert "because of" not in text


def test_a_job_title_reads_as_their_role_not_as_a_field() -> None:
    # Found by the bakery-owner journey: "how you got into Category Manager, Bakery".
    d = with_(industry="", role="Category Manager, Bakery", variant=0)
    assert "how you became a category manager for bakery" in email(d).body
    assert follow_up(d).subject.endswith("chat about working as a category manager for bakery")
    assert "how you became an engineering manager" in email(BASE).body
    plain = with_(industry="", role="", company="")
    assert "how you got to where you are" in email(plain).body


def test_a_business_owner_asks_to_learn_not_to_sell_nor_for_a_job() -> None:
    owner = with_(about="I run a small bakery", goal="business-research")
    for variant in range(3):
        text = email(with_(**{**owner.__dict__, "variant": variant})).text()
        assert "job" not in text
        assert "openings" not in text
    assert "not to sell you anything" in email(owner).body
    assert "I'm Alice Park. I run a small bakery." in email(owner).body
    assert "not to sell" in linkedin(owner).body
