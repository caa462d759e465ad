"""Draft templates: structure, variety, and the 300-character connection note."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.outreach.templates import (
    ABOUT_PLACEHOLDER,
    LINKEDIN_LIMIT,
    DraftInput,
    alumni,
    as_sentence,
    email,
    follow_up,
    linkedin,
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
    return DraftInput(**{**BASE.__dict__, **changes})  # type: ignore[arg-type]


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
    assert "Sam Lee" in text
    assert "your work as Engineering Manager at Ledgerly" in text
    bare = email(with_(reason="", about="")).text()
    assert ABOUT_PLACEHOLDER in bare


def test_alumni_mentions_the_shared_school() -> None:
    draft = alumni(BASE)
    assert "State University" in draft.subject
    assert "alumni network" in draft.body
    assert "[your school]" in alumni(with_(school="")).body


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


def test_reason_becomes_a_natural_sentence() -> None:
    assert as_sentence("I loved your talk") == "I loved your talk."
    assert as_sentence("read your post on on-call") == "I read your post on on-call."
    assert as_sentence("your talk at PyCon!") == "I'm writing because of your talk at PyCon!"
    assert as_sentence("met at PyCon", subject="We") == "We met at PyCon."
    assert as_sentence("   ") == ""


def test_a_job_title_reads_as_their_role_not_as_a_field() -> None:
    # Found by the bakery-owner journey: "I'd love to hear how you got into Bakery Buyer".
    d = DraftInput(**{**BASE.__dict__, "industry": "", "role": "Bakery Buyer"})
    assert "how you got into your role as Bakery Buyer" in email(d).body
    assert follow_up(d).subject.endswith("chat about your role as Bakery Buyer")
    assert "how you got into fintech" in email(BASE).body
    plain = DraftInput(**{**d.__dict__, "role": ""})
    assert "how you got into your field" in email(plain).body
