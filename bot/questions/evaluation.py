"""How well packs fit real people: the figures the evaluation test asserts and `make bench`
prints, computed by one function so the two can never disagree.

The evaluation set (tests/questions/eval_contacts.yaml) lists contacts as people type them,
who is asking, and the fields whose questions fit each contact. For every contact a pack of
:data:`PACK` is ranked exactly as `questions` would rank it, then counted:

* wrong-field questions: a shown question written for a field not acceptable for that
  contact (the goal is none, ever);
* own-field coverage: the share of contacts with a known field whose pack holds at least
  :data:`MIN_OWN` questions written for their field;
* wrong-goal questions: a shown question for another audience (a student asked how to
  explain a career change, a business owner given job-seeker questions).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.domain import Contact
from bot.questions.suggest import make_target, rank

PACK = 12
MIN_OWN = 3
#: Who is asking -> the goal a person like that sets.
AUDIENCE_GOALS = {
    "student": "breaking-in",
    "graduate": "breaking-in",
    "career changer": "changing-careers",
    "business owner": "business-research",
}
#: Categories that serve another audience, kept apart from the ranking's own rule so the
#: check is independent of the code it checks.
NOT_FOR: dict[str, frozenset[str]] = {
    "student": frozenset({"career-change"}),
    "graduate": frozenset({"career-change"}),
    "career changer": frozenset({"advice-for-students"}),
    "business owner": frozenset({"breaking-in", "career-change", "advice-for-students"}),
}


@dataclass(frozen=True, slots=True)
class EvalContact:
    role: str
    industry: str
    company: str
    audience: str
    acceptable: frozenset[str]


@dataclass(frozen=True, slots=True)
class ContactResult:
    contact: EvalContact
    own: int
    wrong: tuple[str, ...]  # ids of wrong-field questions shown
    wrong_goal: tuple[str, ...]

    @property
    def covered(self) -> bool:
        return self.own >= MIN_OWN


@dataclass(frozen=True, slots=True)
class FitReport:
    results: tuple[ContactResult, ...]

    @property
    def wrong_field_questions(self) -> int:
        return sum(len(r.wrong) for r in self.results)

    @property
    def wrong_goal_questions(self) -> int:
        return sum(len(r.wrong_goal) for r in self.results)

    @property
    def own_field_coverage_pct(self) -> float:
        known = [r for r in self.results if r.contact.acceptable]
        if not known:
            return 0.0
        return round(100 * sum(r.covered for r in known) / len(known), 1)

    def figures(self) -> dict[str, float | int]:
        return {
            "wrong_field_questions": self.wrong_field_questions,
            "wrong_goal_questions": self.wrong_goal_questions,
            "own_field_coverage_pct": self.own_field_coverage_pct,
            "contacts": len(self.results),
        }


def parse_eval(raw: Any) -> tuple[EvalContact, ...]:
    """The evaluation YAML document, validated (an unknown audience is an error)."""
    contacts = []
    for entry in raw["contacts"]:
        if entry["audience"] not in AUDIENCE_GOALS:
            raise ValueError(f"unknown audience {entry['audience']!r}")
        contacts.append(
            EvalContact(
                role=str(entry.get("role", "")),
                industry=str(entry.get("industry", "")),
                company=str(entry.get("company", "")),
                audience=entry["audience"],
                acceptable=frozenset(entry.get("acceptable") or ()),
            )
        )
    return tuple(contacts)


def evaluate(contacts: Sequence[EvalContact], pack: int = PACK) -> FitReport:
    """Rank one pack per contact and count what fits; pure, so test and benchmark share it."""
    results = []
    for number, person in enumerate(contacts, start=1):
        contact = Contact(
            "eval", "eval", "eval", f"Contact {number}", id=number,
            role=person.role, industry=person.industry, company=person.company,
        )  # fmt: skip
        goal = AUDIENCE_GOALS[person.audience]
        shown = [s.question for s in rank(make_target(contact, goal=goal), (), frozenset())][:pack]
        results.append(
            ContactResult(
                person,
                own=sum(bool(q.fields & person.acceptable) for q in shown),
                wrong=tuple(q.id for q in shown if q.fields and not q.fields & person.acceptable),
                wrong_goal=tuple(q.id for q in shown if q.category in NOT_FOR[person.audience]),
            )
        )
    return FitReport(tuple(results))
