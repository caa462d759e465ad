"""Packs fit the person: the evaluation figures, audiences, reasons and unknown fields."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import yaml

from bot.domain import Contact
from bot.questions.bank import load_bank
from bot.questions.evaluation import evaluate, parse_eval
from bot.questions.reasons import GOAL_CLAUSES
from bot.questions.suggest import make_target, rank
from tests.conftest import ALICE, CoreHarness
from tests.questions.helpers import add_contact

EVAL_FILE = Path(__file__).with_name("eval_contacts.yaml")
BY_TEXT = {q.text: q for q in load_bank()}


def pack_for(role: str, industry: str = "", company: str = "", goal: str | None = None):  # type: ignore[no-untyped-def]
    contact = Contact("c", "w", "u", "X", id=7, role=role, industry=industry, company=company)
    return rank(make_target(contact, goal=goal), (), frozenset())[:12]


def test_evaluation_set_is_realistic_and_wide() -> None:
    contacts = parse_eval(yaml.safe_load(EVAL_FILE.read_text(encoding="utf-8")))
    assert len(contacts) >= 60
    assert set(Counter(c.audience for c in contacts)) == {
        "student",
        "graduate",
        "career changer",
        "business owner",
    }
    assert len({f for c in contacts for f in c.acceptable}) >= 35


def test_no_wrong_field_questions_and_own_field_coverage() -> None:
    """The two figures `make bench` prints (benchmarks/bench_question_fit.py)."""
    report = evaluate(parse_eval(yaml.safe_load(EVAL_FILE.read_text(encoding="utf-8"))))
    figures = report.figures()
    shown = {r.contact.role: r.wrong for r in report.results if r.wrong}
    assert figures["wrong_field_questions"] == 0, shown
    assert figures["wrong_goal_questions"] == 0
    assert figures["own_field_coverage_pct"] >= 90.0
    assert figures["contacts"] >= 60


def test_the_evaluation_counts_a_wrong_field_when_there_is_one() -> None:
    """The measure itself works: accepting only a neighbour field makes every own question wrong."""
    (contact,) = parse_eval(
        {"contacts": [{"role": "Data Analyst", "audience": "student", "acceptable": ["law"]}]}
    )
    (result,) = evaluate([contact]).results
    assert result.own == 0
    assert len(result.wrong) >= 3
    assert not result.covered


def test_roles_sharing_a_word_get_their_own_questions() -> None:
    for role, industry, field in [
        ("Senior UX Researcher", "Tech", "ux-research"),
        ("Threat Analyst", "Cybersecurity", "cybersecurity"),
        ("Data Analyst", "Tech", "data-analytics"),
        ("Investment Banking Analyst", "Finance", "investment-banking"),
        ("Audit Senior", "Accounting", "accounting-audit"),
        ("Mechanical Engineer", "", "mechanical-engineering"),
        ("Civil Engineer", "", "civil-engineering"),
        ("Gameplay Programmer", "", "games"),
    ]:
        pack = pack_for(role, industry, goal="exploring")
        own = [s for s in pack if field in s.question.fields]
        assert len(own) >= 5, role
        assert all(not s.question.fields or field in s.question.fields for s in pack), role


def test_bakery_owner_asking_a_grocery_category_manager() -> None:
    pack = pack_for("Category Manager, Bakery", "Grocery", "FreshMart", goal="business-research")
    texts = " ".join(s.question.text.lower() for s in pack)
    grocery = [s for s in pack if "grocery-retail" in s.question.fields]
    assert len(grocery) >= 5
    topics = ("supplier", "margin", "audit", "listing", "shelves", "range")
    assert sum(word in texts for word in topics) >= 4, texts
    assert "student" not in texts
    assert all(s.question.category not in ("breaking-in", "career-change") for s in pack)
    assert all("business-research" in s.question.goals for s in pack)


def test_goal_mismatches_never_appear() -> None:
    student = pack_for("Teacher", "Education", goal="breaking-in")
    changer = pack_for("Teacher", "Education", goal="changing-careers")
    assert not [s for s in student if s.question.category == "career-change"]
    assert not [s for s in student if "career change" in s.question.text.lower()]
    assert not [s for s in changer if s.question.category == "advice-for-students"]
    assert not [s for s in changer if "student" in s.question.text.lower()]


def test_reasons_are_varied_and_name_the_field() -> None:
    for role, industry, goal in [
        ("Category Manager", "Grocery", "business-research"),
        ("Security Analyst", "", "breaking-in"),
        ("Physiotherapist", "", "changing-careers"),
    ]:
        used: set[str] = set()
        reasons = [s.reason_in(used) for s in pack_for(role, industry, goal=goal)[:8]]
        assert len(set(reasons)) >= 6, reasons
        assert max(Counter(reasons).values()) <= 2, reasons
        clauses = Counter(r.split("; ")[-1] for r in reasons)
        assert max(clauses.values()) <= 2, reasons  # not the same goal line on every row
    security = [s.reason for s in pack_for("Security Analyst", goal="breaking-in")]
    assert sum("cybersecurity" in r for r in security) >= 5


def test_a_goal_line_is_said_only_of_the_questions_it_is_true_of() -> None:
    """A bakery owner's pack said "the other side's view of suppliers like you" beside
    "Is there anything I can help you with in return?": a goal line now belongs to
    the kinds of question it describes, and is never said twice in one pack."""
    for goal, by_category in GOAL_CLAUSES.items():
        lines = {line for options in by_category.values() for line in options}
        for role, industry in [("Category Manager", "Grocery"), ("Nurse", ""), ("", "")]:
            used: set[str] = set()
            said: list[str] = []
            for s in pack_for(role, industry, goal=goal):
                for clause in s.reason_in(used).lower().split("; "):
                    if clause in lines:
                        assert clause in by_category.get(s.question.category, ()), (goal, s)
                        said.append(clause)
            assert len(said) == len(set(said)), (goal, role, said)


def test_a_neighbour_question_says_why_it_transfers() -> None:
    ranked = rank(
        make_target(Contact("c", "w", "u", "X", id=1, role="Engineering Manager")),
        (),
        frozenset(),
    )
    borrowed = [
        s
        for s in ranked
        if "software-engineering" in s.question.fields
        and "engineering-management" not in s.question.fields
    ]
    assert borrowed
    assert all(s.question.category in ("industry-trends", "company-culture") for s in borrowed)
    assert all(
        "Written for software engineering; it transfers because" in s.reason for s in borrowed
    )


def test_industry_questions_transfer_only_about_the_industry() -> None:
    ranked = rank(
        make_target(Contact("c", "w", "u", "X", id=1, role="Data Analyst", industry="Grocery")),
        (),
        frozenset(),
    )
    grocery = [s for s in ranked if s.question.fields == {"grocery-retail"}]
    assert grocery
    assert {s.question.category for s in grocery} <= {"industry-trends", "business-research"}
    assert all("grocery and food retail" in s.reason for s in grocery)


async def test_unknown_field_is_said_in_the_pack(core: CoreHarness) -> None:
    bee = add_contact(core, "Ada Hive", role="Beekeeper")
    reply = await core.dispatcher.run_text(ALICE, f"questions for:#{bee.number}")
    assert "I don't know this field (Beekeeper) yet, so these are questions for anyone" in (
        reply.text
    )
    lines = [line.split(" — ")[0] for s in reply.sections for line in s.lines]
    assert lines
    assert all(not BY_TEXT[t].fields for t in lines)


def test_a_bakery_or_cafe_alone_is_a_known_field_accents_aside() -> None:
    """A bakery owner typing only "bakery" (or "Café") gets food-service questions, not
    "I don't know this field"."""
    from bot.questions.fields import classify

    for role, industry in (("", "bakery"), ("Head Baker", ""), ("", "Café Nero")):
        assert classify(role, industry).primary == {"hospitality"}, (role, industry)
    owner = classify("Owner", "bakery")
    assert owner.primary == {"entrepreneurship"}
    assert owner.sector == {"hospitality"}
