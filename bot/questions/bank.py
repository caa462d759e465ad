"""The question bank: loaded once from ``bot/data/questions/`` and kept in memory.

Two file shapes, both validated the same way:

* ``general.yaml`` lists questions one by one with every tag spelled out;
* each ``field-*.yaml`` holds one field's questions grouped by category, because a field
  file is written as a set (a few questions per category) and reads better that way. Goals
  default per category (:data:`DEFAULT_GOALS`); an entry may be a mapping to override.

Every question's tags become frozensets at load time so ranking a request is only set
lookups over a few hundred rows (the benchmark keeps that honest). The loader rejects a
bank with unknown tags, unknown fields or duplicate ids, so a bad edit fails at start-up and
in tests, never halfway through someone's request.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from bot.questions.fields import load_fields
from bot.questions.vocab import ANY_LEVEL, CATEGORY_KEYS, GENERAL, GOAL_KEYS, SENIORITY_LEVELS

BANK_DIR = ("data", "questions")
GENERAL_FILE = "general.yaml"
JOB_SEEKING = ("exploring", "breaking-in", "changing-careers")
#: The goals a field question serves unless its entry says otherwise. Business owners get
#: only what is tagged for them, so job-seeker categories never reach them by default.
DEFAULT_GOALS: dict[str, tuple[str, ...]] = {
    "career-path": JOB_SEEKING,
    "typical-day": JOB_SEEKING,
    "skills": JOB_SEEKING,
    "challenges-rewards": (*JOB_SEEKING, "business-research"),
    "industry-trends": (*JOB_SEEKING, "business-research"),
    "company-culture": JOB_SEEKING,
    "business-research": ("business-research", "exploring"),
    "breaking-in": ("breaking-in",),
    "career-change": ("changing-careers",),
    "advice-for-students": ("breaking-in",),
    "follow-up": (*JOB_SEEKING, "business-research"),
    "referrals-next-steps": (*JOB_SEEKING, "business-research"),
}
_SHORT = {
    "career-path": "path",
    "typical-day": "day",
    "skills": "skill",
    "challenges-rewards": "chal",
    "industry-trends": "trend",
    "company-culture": "culture",
    "business-research": "biz",
    "breaking-in": "in",
    "career-change": "change",
    "advice-for-students": "student",
    "follow-up": "again",
    "referrals-next-steps": "next",
}


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: str
    category: str
    goals: frozenset[str]
    fields: frozenset[str]  # empty = general, fits anyone
    seniority: frozenset[str]  # empty = any level
    norm: str
    custom: bool = False


def normalise(text: str) -> str:
    """Text compared for "already asked": case, punctuation, quotes and spacing ignored."""
    folded = unicodedata.normalize("NFKC", text).lower().replace("’", "'")
    return " ".join(re.findall(r"[a-z0-9']+", folded)).replace("'", "")


def _tags(entry: dict[str, Any], key: str, known: frozenset[str], wildcard: str) -> frozenset[str]:
    values = entry.get(key)
    if not isinstance(values, list) or not values:
        raise ValueError(f"question {entry.get('id')!r}: `{key}` must be a non-empty list")
    tags = frozenset(str(v) for v in values)
    unknown = tags - known - {wildcard}
    if unknown:
        raise ValueError(f"question {entry.get('id')!r}: unknown {key} {sorted(unknown)}")
    if wildcard in tags and len(tags) > 1:
        raise ValueError(f"question {entry.get('id')!r}: `{wildcard}` mixed with other {key}")
    return tags - {wildcard}


def _question(entry: dict[str, Any], known_fields: frozenset[str]) -> Question:
    qid, text, category = (str(entry.get(k, "")).strip() for k in ("id", "text", "category"))
    if not qid or not text:
        raise ValueError(f"question entry needs an id and a text: {entry!r}")
    if category not in CATEGORY_KEYS:
        raise ValueError(f"question {qid!r}: unknown category {category!r}")
    return Question(
        id=qid,
        text=text,
        category=category,
        goals=_tags(entry, "goals", frozenset(GOAL_KEYS), ""),
        fields=_tags(entry, "fields", known_fields, GENERAL),
        seniority=_tags(entry, "seniority", frozenset(SENIORITY_LEVELS), ANY_LEVEL),
        norm=normalise(text),
    )


def _field_entries(raw: dict[str, Any]) -> list[dict[str, Any]]:
    """Expand a field file (questions grouped by category) into full entries."""
    field = str(raw.get("field", ""))
    groups = raw.get("questions")
    if not field or not isinstance(groups, dict):
        raise ValueError("a field file needs `field:` and `questions:` grouped by category")
    entries: list[dict[str, Any]] = []
    for category, items in groups.items():
        if category not in _SHORT:
            raise ValueError(f"field {field!r}: unknown category {category!r}")
        for number, item in enumerate(items or [], start=1):
            entry = dict(item) if isinstance(item, dict) else {"text": item}
            entry.setdefault("id", f"{field}-{_SHORT[category]}-{number:02d}")
            entry.setdefault("category", category)
            entry.setdefault("goals", list(DEFAULT_GOALS[category]))
            entry.setdefault("fields", [field, *raw.get("also", [])])
            entry.setdefault("seniority", [ANY_LEVEL])
            entries.append(entry)
    return entries


def parse_bank(raw: Any, known_fields: frozenset[str] | None = None) -> tuple[Question, ...]:
    """Validate one document (general or field shape); raises ValueError naming the entry."""
    known = frozenset(load_fields()) if known_fields is None else known_fields
    if isinstance(raw, dict) and "field" in raw:
        entries = _field_entries(raw)
    elif isinstance(raw, dict) and isinstance(raw.get("questions"), list):
        entries = raw["questions"]
    else:
        raise ValueError("question bank must be a mapping with a `questions` list")
    questions: list[Question] = []
    seen: set[str] = set()
    for entry in entries:
        if not isinstance(entry, dict):
            raise ValueError(f"question entry is not a mapping: {entry!r}")
        question = _question(entry, known)
        if question.id in seen:
            raise ValueError(f"duplicate question id {question.id!r}")
        seen.add(question.id)
        questions.append(question)
    return tuple(questions)


@cache
def load_bank() -> tuple[Question, ...]:
    """Every packaged question file, parsed once per process; ids unique across files."""
    folder = resources.files("bot").joinpath(*BANK_DIR)
    fields = sorted(p.name for p in folder.iterdir() if re.fullmatch(r"field-.+\.yaml", p.name))
    names = [GENERAL_FILE, *fields]
    questions: list[Question] = []
    for name in names:
        questions += parse_bank(yaml.safe_load(folder.joinpath(name).read_text(encoding="utf-8")))
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate question id across files")
    return tuple(questions)
