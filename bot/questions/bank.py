"""The question bank: loaded once from ``bot/data/questions.yaml`` and kept in memory.

Every question's tags become frozensets at load time so ranking a request is only set
lookups over a few hundred rows (the benchmark keeps that honest). The loader rejects a
bank with unknown tags or duplicate ids, so a bad edit fails at start-up and in tests,
never halfway through someone's request.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from bot.questions.vocab import (
    ANY_LEVEL,
    CATEGORY_KEYS,
    GENERAL,
    GOAL_KEYS,
    INDUSTRIES,
    ROLES,
    SENIORITY_LEVELS,
)

BANK_RESOURCE = "questions.yaml"


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    text: str
    category: str
    goals: frozenset[str]
    industries: frozenset[str]  # empty = general
    roles: frozenset[str]  # empty = general
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


def parse_bank(raw: Any) -> tuple[Question, ...]:
    """Validate and convert the YAML document; raises ValueError naming the bad entry."""
    if not isinstance(raw, dict) or not isinstance(raw.get("questions"), list):
        raise ValueError("question bank must be a mapping with a `questions` list")
    questions: list[Question] = []
    seen_ids: set[str] = set()
    for entry in raw["questions"]:
        if not isinstance(entry, dict):
            raise ValueError(f"question entry is not a mapping: {entry!r}")
        qid, text, category = (str(entry.get(k, "")).strip() for k in ("id", "text", "category"))
        if not qid or not text:
            raise ValueError(f"question entry needs an id and a text: {entry!r}")
        if qid in seen_ids:
            raise ValueError(f"duplicate question id {qid!r}")
        seen_ids.add(qid)
        if category not in CATEGORY_KEYS:
            raise ValueError(f"question {qid!r}: unknown category {category!r}")
        goals = _tags(entry, "goals", frozenset(GOAL_KEYS), "")
        questions.append(
            Question(
                id=qid,
                text=text,
                category=category,
                goals=goals,
                industries=_tags(entry, "industries", frozenset(INDUSTRIES), GENERAL),
                roles=_tags(entry, "roles", frozenset(ROLES), GENERAL),
                seniority=_tags(entry, "seniority", frozenset(SENIORITY_LEVELS), ANY_LEVEL),
                norm=normalise(text),
            )
        )
    return tuple(questions)


@cache
def load_bank() -> tuple[Question, ...]:
    """The packaged bank, parsed once per process."""
    text = resources.files("bot").joinpath("data", BANK_RESOURCE).read_text(encoding="utf-8")
    return parse_bank(yaml.safe_load(text))
