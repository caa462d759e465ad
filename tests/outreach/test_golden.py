"""Golden drafts: every reason phrasing, in every format, for each of the four audiences.

Each output was read once by a person before it was pinned in golden/drafts.txt; a
change in wording shows here as a diff to read again. Regenerate after a deliberate
change with INROADS_UPDATE_GOLDEN=1 (and read the diff before committing it).

Besides the pinned text, every output is held to the rules the pinning is meant to
protect, so a regeneration cannot quietly accept a broken sentence.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from bot.outreach.formats import LINKEDIN_LIMIT
from bot.outreach.templates import Draft, render
from tests.outreach.golden_cases import PEOPLE, REASONS, TAKEAWAYS, person

GOLDEN = Path(__file__).parent / "golden" / "drafts.txt"
REQUEST_FORMATS = ("email", "linkedin", "alumni")


def _cases() -> list[tuple[str, Draft]]:
    cases: list[tuple[str, Draft]] = []
    for kind in PEOPLE:
        for index, reason in enumerate(REASONS):
            found = "the FreshMart supplier day" if index % 7 == 3 else ""
            for fmt in REQUEST_FORMATS:
                d = person(kind, reason=reason, variant=index % 3, found=found)
                cases.append((f"{kind} | {fmt} | {reason}", render(fmt, d)))
        for days in (None, 3, 8, 22):
            d = person(kind, days_since_request=days, variant=(days or 0) % 2)
            cases.append((f"{kind} | follow-up | {days} days", render("follow-up", d)))
        for index, (takeaway, step) in enumerate(TAKEAWAYS):
            d = person(kind, takeaway=takeaway, next_step=step, variant=index % 2)
            cases.append((f"{kind} | thank-you | {takeaway}", render("thank-you", d)))
    return cases


CASES = _cases()


def _pinned(cases: list[tuple[str, Draft]]) -> str:
    return "".join(f"### {label}\n{draft.text()}\n\n" for label, draft in cases)


def test_golden_drafts_are_unchanged() -> None:
    text = _pinned(CASES)
    if os.environ.get("INROADS_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(text, encoding="utf-8")
    pinned = GOLDEN.read_text(encoding="utf-8")
    if text != pinned:
        old = dict(re.findall(r"### (.*)\n((?:(?!### ).*\n)*)", pinned))
        new = dict(re.findall(r"### (.*)\n((?:(?!### ).*\n)*)", text))
        changed = [k for k in new if old.get(k) != new[k]]
        pytest.fail(
            f"{len(changed)} draft(s) changed, first: {changed[:1]}\n"
            f"now:\n{new[changed[0]] if changed else ''}\n"
            "Read them, then regenerate with INROADS_UPDATE_GOLDEN=1."
        )


def test_the_golden_set_is_as_wide_as_promised() -> None:
    assert len(REASONS) >= 40
    assert len(PEOPLE) == 4
    formats = {label.split(" | ")[1] for label, _ in CASES}
    assert formats == {"email", "linkedin", "alumni", "follow-up", "thank-you"}


#: Broken grammar the old string pasting produced.
BROKEN = re.compile(
    r"because of (?:you|I|my|a friend|as|we|congrat)\b|because of [A-Z][a-z]+ [A-Z][a-z]+ "
    r"(?:said|suggested)|I'm writing because (?:I|my|your)\b|, I run\b|\.\.|  |"
    r"how you (?:became|got into) [A-Z]|,\.|\bI I\b",
)


@pytest.mark.parametrize(("label", "draft"), CASES, ids=[c[0][:60] for c in CASES])
def test_every_draft_keeps_the_rules(label: str, draft: Draft) -> None:
    kind, fmt, _ = label.split(" | ", 2)
    text = draft.text()
    assert not BROKEN.search(text), BROKEN.search(text)
    assert "ready to send" not in text
    assert "[" not in text or (kind == "business owner" and fmt == "alumni") or "thank" in fmt
    if fmt == "linkedin":
        assert len(draft.body) <= LINKEDIN_LIMIT
    if kind == "business owner":
        assert "not a job" not in text
        assert "not for a job" not in text
        assert "openings" not in text
    elif fmt in REQUEST_FORMATS:
        assert "job" in text or "openings" in text  # says plainly it is advice it wants
    if fmt == "alumni":
        school = str(PEOPLE[kind]["school"]) or "[your school]"
        assert draft.body.count(school) == 1, "the school is named once"
        assert "alumni network" not in text  # never an invented way of finding them
        if kind == "student":
            assert " alum" not in draft.body
            assert "graduate" not in draft.subject
    if fmt in REQUEST_FORMATS:
        assert ("found you" not in text and "came across you" not in text) or "supplier day" in text
        assert text.count("Marco Rossi") <= 1
        assert "Category Manager" not in text  # roles read as prose, not fields
    if fmt == "thank-you":
        assert draft.subject.startswith("Thank you for")
        assert "start with the category reviews." not in text  # not pasted verbatim
