"""The question bank file: big enough, correctly tagged, no duplicates or near-duplicates."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest
import yaml
from rapidfuzz import fuzz

from bot.questions.bank import load_bank, normalise, parse_bank
from bot.questions.vocab import (
    CATEGORY_KEYS,
    GOAL_KEYS,
    INDUSTRIES,
    ROLES,
    SENIORITY_LEVELS,
    industry_tags,
    parse_goal,
    role_tags,
    seniority_of,
)

NEAR_DUPLICATE = 85  # rapidfuzz similarity (0-100) at or above which two questions clash


def test_bank_is_large_and_every_tag_is_known() -> None:
    bank = load_bank()
    assert len(bank) >= 250
    for q in bank:
        assert q.category in CATEGORY_KEYS, q.id
        assert q.goals, q.id
        assert q.goals <= set(GOAL_KEYS), q.id
        assert q.industries <= set(INDUSTRIES), q.id
        assert q.roles <= set(ROLES), q.id
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
    tagged = [q for q in bank if q.industries or q.roles]
    assert len(tagged) >= 80  # enough specific questions for ranking to matter


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
        ({"industries": ["underwater-basket-weaving"]}, "unknown industries"),
        ({"roles": ["general", "founder"]}, "mixed"),
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
        "industries": ["general"],
        "roles": ["general"],
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


def test_free_text_maps_onto_tags() -> None:
    assert industry_tags("Fintech") == {"fintech"}
    assert industry_tags("payments startup") == {"fintech"}
    assert industry_tags("fintec") == {"fintech"}  # typo, fuzzy fallback
    assert industry_tags("Underwater basket weaving") == frozenset()
    assert role_tags("Senior Engineering Manager") == {"engineering-manager"}
    assert role_tags("Staff Software Engineer") == {"software-engineer"}
    assert seniority_of("", "Senior Engineering Manager") == "senior"
    assert seniority_of("junior", "Engineer") == "early"
    assert seniority_of("", "VP of Engineering") == "executive"
    assert seniority_of("", "Engineer") is None


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
