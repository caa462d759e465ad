"""Rank the bank for one request and cut it into balanced packs.

Scoring is additive and explainable: every point a question earns comes with the words of
its reason, so the one-line "why" shown to the user is the ranking itself, not a
decoration. Integer points and a stable hash tie-break make the order deterministic for the
same inputs, yet two contacts with the same tags do not get identical packs.

Which questions may be shown at all is decided first, by field (:func:`field_fit`: the
contact's own field, the industry's trend and business questions, an explicit neighbour,
or a general question, never another field's) and by goal (:func:`goal_allows`).

Balance is soft: a question's score drops by :data:`BALANCE_STEP` for each better question
of its category already ahead of it, so a pack spreads across categories while a very strong
category can still contribute two questions before a weak one contributes its first.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.questions.bank import Question
from bot.questions.fields import SECTOR_CATEGORIES, load_fields
from bot.questions.reasons import Fit, explain
from bot.questions.vocab import CATEGORY_ORDER, GOALS_BY_KEY

BALANCE_STEP = 4
GOAL_SPECIFIC = frozenset(
    {"breaking-in", "career-change", "advice-for-students", "business-research"}
)
#: A goal-specific category is shown only to the goals listed: a student is never asked to
#: explain a career change, a career changer never gets summer-internship advice, and a
#: business owner never gets job-seeker questions at all (see :func:`points`).
CATEGORY_GOALS: dict[str, frozenset[str]] = {
    "breaking-in": frozenset({"breaking-in", "changing-careers", "exploring"}),
    "career-change": frozenset({"changing-careers"}),
    "advice-for-students": frozenset({"breaking-in"}),
    "business-research": frozenset({"business-research", "exploring"}),
}
#: Categories whose questions say who is asking ("someone changing careers", "an
#: engineering student", "a first hire", "a supplier like me"): never guessed for
#: someone whose goal is unknown.
PRESUMING = frozenset({"breaking-in", "career-change", "advice-for-students", "business-research"})
OWN_FIELD, SECTOR_FIELD, NEIGHBOUR_FIELD = 8, 5, 3
#: Standings for whom questions worded for students no longer fit.
GRADUATED = frozenset({"graduate", "alum"})


@dataclass(frozen=True, slots=True)
class Target:
    """What a pack is for: the contact's fields, level and the user's goal.

    `fields` are the contact's own line of work; `sector` the industry around them when it
    is a different field (its trend and business questions transfer, see
    :mod:`bot.questions.fields`); `described` says whether any role or industry text was
    given at all, so an unknown field can be told apart from a plain request.
    """

    fields: frozenset[str] = frozenset()
    sector: frozenset[str] = frozenset()
    seniority: str | None = None
    goal: str | None = None
    has_history: bool = False
    described: bool = False
    seed: str = ""
    #: "student", "graduate", "alum" or "" (unknown): someone who has graduated is past
    #: the advice-for-students questions ("how should I use my summers?").
    standing: str = ""
    #: The goal was read from the person's profile, not chosen (the pack says so).
    goal_from_profile: bool = False

    @property
    def field_unknown(self) -> bool:
        return self.described and not self.fields


@dataclass(frozen=True, slots=True)
class Suggestion:
    question: Question
    score: int
    target: Target

    @property
    def reason(self) -> str:
        """Why it was chosen, in words: computed only for the questions actually shown."""
        return explain(self.question, self.target, field_fit(self.question, self.target))

    def reason_in(self, used: set[str]) -> str:
        """The reason as shown in a pack: phrasings already used above it are skipped."""
        return explain(self.question, self.target, field_fit(self.question, self.target), used)


def field_fit(question: Question, target: Target) -> Fit | None:
    """The relation of a question's fields to the target, or None: another field's question."""
    if not question.fields:
        return Fit("general")
    own = question.fields & target.fields
    if own:
        return Fit("own", min(own))
    sector = question.fields & target.sector
    if sector and question.category in SECTOR_CATEGORIES:
        return Fit("sector", min(sector))
    fields = load_fields()
    for key in sorted(target.fields):
        for n in fields[key].neighbours if key in fields else ():
            if n.source in question.fields and question.category in n.categories:
                return Fit("neighbour", n.source, n.because)
    return None


def goal_allows(question: Question, goal: str | None) -> bool:
    """False when the question serves another audience than the user's goal, or says
    who is asking when nobody knows."""
    if goal is None:
        return question.category not in PRESUMING
    if goal == "business-research" and goal not in question.goals:
        return False
    allowed = CATEGORY_GOALS.get(question.category)
    return allowed is None or (goal in allowed and goal in question.goals)


def points(question: Question, target: Target) -> int | None:
    """The question's fit for `target` (integer points), or None to never suggest it."""
    if question.category == "follow-up" and not target.has_history:
        return None
    if not goal_allows(question, target.goal):
        return None
    if question.category == "advice-for-students" and target.standing in GRADUATED:
        return None
    fit = field_fit(question, target)
    if fit is None:
        return None
    total = {"own": OWN_FIELD, "sector": SECTOR_FIELD, "neighbour": NEIGHBOUR_FIELD}.get(
        fit.kind, 0
    )
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
        total += 10  # building on a past conversation beats any first-time question
    if question.custom:
        total += 5
    return total


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
        category = suggestion.question.category
        rank = seen.get(category, 0)
        seen[category] = rank + 1
        # Researching a business is the one goal whose questions all sit in one category,
        # so that category repeats at half the usual cost.
        step = BALANCE_STEP // 2 if category == target.goal == "business-research" else BALANCE_STEP
        effective.append((suggestion.score - step * rank, position, suggestion))
    effective.sort(key=lambda item: (-item[0], item[1]))
    return [item[2] for item in effective]


def page_of(ranked: Sequence[Suggestion], count: int, page: int) -> list[Suggestion]:
    """One pack, shown in conversation order (openers first, next steps last)."""
    chunk = list(ranked[(page - 1) * count : page * count])
    order = {id(s): i for i, s in enumerate(chunk)}
    chunk.sort(key=lambda s: (CATEGORY_ORDER.get(s.question.category, 99), order[id(s)]))
    return chunk
