"""Rank the bank for one request and cut it into balanced packs.

Scoring is additive and explainable: every point a question earns comes with the words of
its reason, so the one-line "why" shown to the user is the ranking itself, not a
decoration. Integer points and a stable hash tie-break make the order deterministic for the
same inputs, yet two contacts with the same tags do not get identical packs.

Balance is soft: a question's score drops by :data:`BALANCE_STEP` for each better question
of its category already ahead of it, so a pack spreads across categories while a very strong
category can still contribute two questions before a weak one contributes its first.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.questions.bank import Question
from bot.questions.vocab import (
    CATEGORY_ORDER,
    GOALS_BY_KEY,
    RELATED,
    industry_label,
    role_label,
)

BALANCE_STEP = 4
GOAL_SPECIFIC = frozenset(
    {"breaking-in", "career-change", "advice-for-students", "business-research"}
)


@dataclass(frozen=True, slots=True)
class Target:
    """What a pack is for: tags read from a contact or typed options, plus the user's goal."""

    industries: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    seniority: str | None = None
    goal: str | None = None
    has_history: bool = False
    seed: str = ""


@dataclass(frozen=True, slots=True)
class Suggestion:
    question: Question
    score: int
    target: Target

    @property
    def reason(self) -> str:
        """Why it was chosen, in words: computed only for the questions actually shown."""
        return explain(self.question, self.target)


def _fit(wanted: frozenset[str], offered: frozenset[str]) -> tuple[int, str] | None:
    """Points and the matched tag for one dimension; None when it is for someone else."""
    if not offered:
        return 0, ""
    common = wanted & offered
    if common:
        return 6, min(common)
    related = {r for tag in wanted for r in RELATED.get(tag, ())} & offered
    if related:
        return 3, min(related)
    if wanted:
        return None  # tagged for another industry/role than the one asked about
    return -5, ""


def points(question: Question, target: Target) -> int | None:
    """The question's fit for `target` (integer points), or None to never suggest it."""
    if question.category == "follow-up" and not target.has_history:
        return None
    industry = _fit(target.industries, question.industries)
    if industry is None:
        return None
    role = _fit(target.roles, question.roles)
    if role is None:
        return None
    total = industry[0] + role[0]
    if question.seniority:
        if target.seniority in question.seniority:
            total += 2
        else:
            total -= 1 if target.seniority is None else 6
    goal = GOALS_BY_KEY.get(target.goal or "")
    if goal is not None:
        total += 4 if goal.key in question.goals else -2
        if question.category in goal.favours:
            total += 2
        elif question.category in goal.avoids:
            total -= 3
    elif question.category in GOAL_SPECIFIC:
        total -= 2
    if question.category == "follow-up":
        total += 5
    if question.custom:
        total += 5
    return total


def explain(question: Question, target: Target) -> str:
    """The one-line reason, built from the same facts that earned the points."""
    reasons: list[str] = []
    if question.custom:
        reasons.append("your own question")
    if question.category == "follow-up":
        reasons.append("you have spoken before, so build on it")
    industry = _fit(target.industries, question.industries) or (0, "")
    role = _fit(target.roles, question.roles) or (0, "")
    if role[1] and industry[1]:
        reasons.append(f"written for {role_label(role[1])} in {industry_label(industry[1])}")
    elif role[1]:
        reasons.append(f"written for {role_label(role[1])}")
    elif industry[1]:
        reasons.append(f"specific to {industry_label(industry[1])}")
    if question.seniority and target.seniority in question.seniority:
        reasons.append(f"fits someone at {target.seniority} level")
    goal = GOALS_BY_KEY.get(target.goal or "")
    if goal is not None and goal.key in question.goals:
        reasons.append(f"serves your goal: {goal.label}")
    if not reasons:
        reasons.append(
            "a good way to close any conversation"
            if question.category == "referrals-next-steps"
            else "a strong open question for anyone"
        )
    text = "; ".join(reasons[:2])
    return text[0].upper() + text[1:]


def score(question: Question, target: Target) -> Suggestion | None:
    found = points(question, target)
    return None if found is None else Suggestion(question, found, target)


def _tiebreak(seed: str, question: Question) -> int:
    return zlib.crc32(f"{seed}\x00{question.id}".encode())


def arrange(
    questions: Iterable[Question], target: Target, asked: frozenset[str]
) -> list[Suggestion]:
    """Every suggestible question, best first, softly balanced across categories."""
    scored = [
        Suggestion(q, p, target)
        for q in questions
        if q.norm not in asked and (p := points(q, target)) is not None
    ]
    scored.sort(key=lambda s: (-s.score, _tiebreak(target.seed, s.question)))
    seen: dict[str, int] = {}
    effective: list[tuple[int, int, Suggestion]] = []
    for position, suggestion in enumerate(scored):
        rank = seen.get(suggestion.question.category, 0)
        seen[suggestion.question.category] = rank + 1
        effective.append((suggestion.score - BALANCE_STEP * rank, position, suggestion))
    effective.sort(key=lambda item: (-item[0], item[1]))
    return [item[2] for item in effective]


def page_of(ranked: Sequence[Suggestion], count: int, page: int) -> list[Suggestion]:
    """One pack, shown in conversation order (openers first, next steps last)."""
    chunk = list(ranked[(page - 1) * count : page * count])
    order = {id(s): i for i, s in enumerate(chunk)}
    chunk.sort(key=lambda s: (CATEGORY_ORDER.get(s.question.category, 99), order[id(s)]))
    return chunk
