"""The quality check: generic drafts and job asks are flagged, with a fix each time."""

from __future__ import annotations

import pytest

from bot.asks import job_ask
from bot.outreach.quality import check
from bot.outreach.templates import DraftInput, render

GOOD = DraftInput(
    sender="Alice Park",
    about="a final-year economics student",
    school="State University",
    name="Jane Doe",
    role="Engineering Manager",
    company="Ledgerly",
    reason="I read your post on splitting the payments monolith at Ledgerly",
)


def warnings_for(fmt: str = "email", **changes: object) -> list[str]:
    d = DraftInput(**{**GOOD.__dict__, **changes})
    return [w.line() for w in check(fmt, d, render(fmt, d).text())]


def test_a_specific_advice_request_passes() -> None:
    assert warnings_for() == []
    assert warnings_for("linkedin") == []
    assert warnings_for("alumni") == []


def test_no_reason_is_generic() -> None:
    (warning,) = warnings_for(reason="")
    assert "why you chose Jane" in warning
    assert 'reason:"' in warning
    assert warnings_for(reason="", referrer="Sam Lee") == []


@pytest.mark.parametrize(
    "reason", ["You have an impressive background", "I'd love to pick your brain", "great career"]
)
def test_vague_reason_is_flagged(reason: str) -> None:
    assert any("vague" in w for w in warnings_for(reason=reason))


def test_no_mention_of_their_work() -> None:
    found = warnings_for(reason="we both grew up in Leeds and love sailing", role="", company="")
    assert any("Nothing mentions Jane's work" in w and "company:" in w for w in found)
    assert warnings_for(reason="we both grew up in Leeds and love sailing") == []


def test_a_reason_about_their_study_is_their_work() -> None:
    # Found by the career-changer journey: a connection note (no room for company and
    # role) whose reason is the person's own case study was called generic, and the fix
    # asked for the company and role she had just given.
    assert (
        warnings_for(
            "linkedin", reason="your case study on testing a homework app in real classrooms"
        )
        == []
    )


def test_a_note_that_leaves_out_known_details_does_not_ask_for_them() -> None:
    (warning,) = warnings_for("linkedin", reason="we both grew up in Leeds and love sailing")
    assert "Nothing mentions Jane's work" in warning
    assert "contact add" not in warning
    assert "reason:" in warning


@pytest.mark.parametrize(
    "text",
    [
        "I'm looking for a job in fintech",
        "Are you hiring engineers?",
        "Could you refer me to your team?",
        "I've attached my resume",
        "I am applying for the analyst position",
        "any openings on your team",
        "I want to land an internship",
    ],
)
def test_job_asks_are_caught_in_reason_and_about(text: str) -> None:
    assert job_ask(text)
    in_reason = warnings_for(reason=text + " at Ledgerly")
    assert any("asks for a job" in w and "advice" in w for w in in_reason)
    in_about = warnings_for(about=text)
    assert any("about-me line asks for a job" in w and "outreach profile" in w for w in in_about)


@pytest.mark.parametrize(
    "text",
    ["I read about your job as a nurse", "your team's work on hiring tools", "role models"],
)
def test_innocent_mentions_are_not_job_asks(text: str) -> None:
    assert job_ask(text) is None or "hiring" in text


def test_missing_profile_and_school_and_early_follow_up() -> None:
    assert any("who you are" in w for w in warnings_for(about=""))
    assert any("needs your school" in w for w in warnings_for("alumni", school=""))
    assert any(
        "people often need a week" in w for w in warnings_for("follow-up", days_since_request=2)
    )
    assert warnings_for("follow-up", days_since_request=8) == []


def test_a_pitch_is_the_business_owners_job_ask() -> None:
    owner = {"about": "I run a small bakery in Leeds", "goal": "business-research"}
    (line,) = warnings_for(
        **owner, reason="I want to pitch my bread to FreshMart and get a supplier contract"
    )
    assert "Your reason sells (“pitch my bread”)" in line
    assert "Fix:" in line
    assert warnings_for(**owner, reason="I read your post on how FreshMart picks suppliers") == []
    assert "sells" in " ".join(warnings_for(reason="I'd love you to try our product at Ledgerly"))


def test_a_referral_or_congratulation_is_not_vague() -> None:
    assert warnings_for(reason="Marco Rossi said you'd be the best person to ask") == []
    assert warnings_for(reason="congratulations on your promotion") == []


def test_the_who_you_are_example_points_at_the_drafts_own_field() -> None:
    """A would-be nurse was shown "a teacher moving into UX research" as her example."""
    from bot.outreach.quality import about_example
    from bot.outreach.templates import DraftInput

    nurse = DraftInput(
        sender="Tomas",
        about="",
        school="",
        name="Hannah",
        role="Staff Nurse",
        goal="changing-careers",
    )
    assert about_example(nurse) == "secondary-school teacher moving into work as a staff nurse"
    analyst = DraftInput(
        sender="Maya", about="", school="", name="Lee", role="analyst", standing="student"
    )
    assert about_example(analyst) == "final-year economics student curious about work as an analyst"
    grocer = DraftInput(
        sender="Rosa",
        about="",
        school="",
        name="Grace",
        industry="grocery",
        goal="business-research",
    )
    assert about_example(grocer).startswith("owner of a small bakery")
    nothing = DraftInput(sender="Sam", about="", school="", name="Jo", goal="changing-careers")
    assert about_example(nothing) == "secondary-school teacher moving into UX research"
