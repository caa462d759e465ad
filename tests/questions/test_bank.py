"""The question bank: big enough, correctly tagged, no duplicates or near-duplicates, and
every field it lists served by questions of its own."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
import yaml
from rapidfuzz import fuzz

from bot.questions.bank import load_bank, normalise, parse_bank
from bot.questions.fields import classify, load_fields, parse_fields
from bot.questions.vocab import (
    CATEGORY_KEYS,
    GOAL_KEYS,
    SENIORITY_LEVELS,
    parse_goal,
    seniority_of,
)

NEAR_DUPLICATE = 85  # rapidfuzz similarity (0-100) at or above which two questions clash


def test_bank_is_large_and_every_tag_is_known() -> None:
    bank = load_bank()
    assert len(bank) >= 600
    for q in bank:
        assert q.category in CATEGORY_KEYS, q.id
        assert q.goals, q.id
        assert q.goals <= set(GOAL_KEYS), q.id
        assert q.fields <= set(load_fields()), q.id
        assert q.seniority <= set(SENIORITY_LEVELS), q.id
        assert q.text.endswith("?"), q.id
        assert 20 <= len(q.text) <= 200, q.id


def test_every_category_and_goal_is_well_served() -> None:
    bank = load_bank()
    per_category = Counter(q.category for q in bank)
    assert set(per_category) == set(CATEGORY_KEYS)
    assert min(per_category.values()) >= 15
    for goal in GOAL_KEYS:
        assert sum(goal in q.goals for q in bank) >= 40, goal
    tagged = [q for q in bank if q.fields]
    assert len(tagged) >= 400  # most of the bank is written for a field


def test_at_least_forty_fields_each_with_its_own_spread_of_questions() -> None:
    bank = load_bank()
    fields = load_fields()
    assert len(fields) >= 40
    for key in fields:
        own = [q for q in bank if key in q.fields]
        assert len(own) >= 8, key
        assert len({q.category for q in own}) >= 5, key
        # a business owner researching the field has questions of their own to ask
        assert sum("business-research" in q.goals for q in own) >= 2, key


def test_business_owner_questions_are_never_student_questions() -> None:
    for q in load_bank():
        if q.category == "business-research":
            assert "breaking-in" not in q.goals, q.id
            assert "student" not in q.text.lower(), q.id


def test_no_duplicates_or_near_duplicates() -> None:
    bank = load_bank()
    assert len({q.id for q in bank}) == len(bank)
    assert len({q.norm for q in bank}) == len(bank)
    clashes = [
        (a.id, b.id)
        for a, b in itertools.combinations(bank, 2)
        if fuzz.ratio(a.norm, b.norm) >= NEAR_DUPLICATE
        or fuzz.token_sort_ratio(a.norm, b.norm) >= NEAR_DUPLICATE
    ]
    assert clashes == []


def test_bank_is_loaded_once() -> None:
    assert load_bank() is load_bank()


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"category": "gossip"}, "unknown category"),
        ({"goals": ["fame"]}, "unknown goals"),
        ({"fields": ["underwater-basket-weaving"]}, "unknown fields"),
        ({"fields": ["general", "law"]}, "mixed"),
        ({"seniority": []}, "non-empty list"),
    ],
)
def test_bad_entries_are_rejected_with_the_question_named(
    entry: dict[str, object], message: str
) -> None:
    good = {
        "id": "x-01",
        "text": "What do you do?",
        "category": "skills",
        "goals": ["exploring"],
        "fields": ["general"],
        "seniority": ["any"],
    }
    with pytest.raises(ValueError, match=message):
        parse_bank({"questions": [{**good, **entry}]})
    with pytest.raises(ValueError, match="duplicate question id"):
        parse_bank({"questions": [good, good]})
    with pytest.raises(ValueError, match="questions"):
        parse_bank(yaml.safe_load("just: text"))


def test_normalise_ignores_case_punctuation_and_quotes() -> None:
    assert normalise("What’s  YOUR typical day?") == normalise("whats your typical day")


def test_field_file_shape_expands_with_defaults_and_is_validated() -> None:
    raw = {"field": "law", "questions": {"skills": ["How do you read a contract quickly?"]}}
    (q,) = parse_bank(raw)
    assert (q.id, q.category, q.fields) == ("law-skill-01", "skills", {"law"})
    assert "business-research" not in q.goals  # job-seeker categories by default
    with pytest.raises(ValueError, match="unknown category"):
        parse_bank({"field": "law", "questions": {"gossip": ["Who is dating whom here?"]}})
    with pytest.raises(ValueError, match="unknown fields"):
        parse_bank({"field": "astrology", "questions": {"skills": ["How do you read stars?"]}})
    with pytest.raises(ValueError, match="unknown neighbour"):
        parse_fields({"fields": [{"key": "a", "label": "A", "neighbours": [
            {"from": "zz", "categories": ["skills"], "because": "x"}]}]})  # fmt: skip


@pytest.mark.parametrize(
    ("role", "industry", "company", "primary", "sector"),
    [
        ("Senior UX Researcher", "Tech", "", {"ux-research"}, set()),
        ("Product Manager", "Tech", "", {"product-management"}, set()),
        ("Threat Intelligence Analyst", "", "", {"cybersecurity"}, set()),
        ("Analyst", "Cybersecurity", "", {"cybersecurity"}, set()),
        ("Data Analyst", "Grocery", "FreshMart", {"data-analytics"}, {"grocery-retail"}),
        ("Financial Analyst", "", "", {"corporate-finance"}, set()),
        ("Policy Analyst", "Government", "", {"public-policy"}, set()),
        ("Investment Banking Analyst", "Finance", "", {"investment-banking"}, set()),
        ("Audit Senior", "", "Big Four firm", {"accounting-audit"}, set()),
        ("Software Engineer", "Fintech", "", {"software-engineering"}, {"fintech"}),
        ("Mechanical Engineer", "", "", {"mechanical-engineering"}, set()),
        ("Civil Engineer", "", "", {"civil-engineering"}, set()),
        ("Gameplay Programmer", "", "", {"games"}, set()),
        ("Category Manager", "Grocery", "", {"grocery-retail"}, set()),
        ("Category Manager", "Fashion", "", {"retail"}, set()),
        ("Security Architect", "", "", {"cybersecurity"}, set()),
        ("Engineer", "", "", set(), set()),
        ("Underwater basket weaver", "", "", set(), set()),
    ],
)
def test_roles_sharing_a_word_land_in_different_fields(
    role: str, industry: str, company: str, primary: set[str], sector: set[str]
) -> None:
    match = classify(role, industry, company)
    assert (match.primary, match.sector) == (primary, sector)
    assert match.known is bool(primary)


def test_seniority_is_read_from_the_title() -> None:
    assert seniority_of("", "Senior Engineering Manager") == "senior"
    assert seniority_of("junior", "Engineer") == "early"
    assert seniority_of("", "VP of Engineering") == "executive"
    assert seniority_of("", "Engineer") is None
    # "Manager" in a craft's name is not a rung: a product manager is not senior.
    assert seniority_of("", "Product Manager") == "mid"
    assert seniority_of("", "Account Manager") == "mid"
    assert seniority_of("", "Senior Product Manager") == "senior"
    assert seniority_of("", "Engineering Manager") == "senior"


def test_goals_accept_keys_aliases_and_labels() -> None:
    for text, key in {
        "breaking-in": "breaking-in",
        "Breaking in": "breaking-in",
        "career change": "changing-careers",
        "research": "business-research",
        "exploring a field": "exploring",
    }.items():
        goal = parse_goal(text)
        assert goal is not None, text
        assert goal.key == key, text
    assert parse_goal("fame") is None
