"""The one-line "why" beside each suggested question.

A reason has to say why the question fits *this* person: their field, their goal, the
contact's level. Eight lines reading "Serves your goal: breaking in" say nothing, so each
clause has a few phrasings per category. A question starts from the phrasing its id hashes
to, and :func:`pack_reasons` moves on to the next unused one when a line higher in the same
pack already said it, so a pack reads varied and the same request stays stable.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.questions.bank import Question
from bot.questions.fields import field_label

if TYPE_CHECKING:
    from bot.questions.ranking import Target


@dataclass(frozen=True, slots=True)
class Fit:
    """How a question's field relates to the target: own, sector, neighbour or general."""

    kind: str  # "own" | "sector" | "neighbour" | "general"
    field: str = ""
    because: str = ""


#: {f} is the field's label. Two or three phrasings per category, all about the field.
OWN_FIELD: dict[str, tuple[str, ...]] = {
    "career-path": ("how people actually end up in {f}", "a path question written for {f}"),
    "typical-day": (
        "what the work in {f} looks like up close",
        "the day-to-day of {f}, which job ads leave out",
    ),
    "skills": ("what {f} rewards in practice", "the skills people in {f} lean on"),
    "challenges-rewards": (
        "the hard parts of {f}, from someone inside it",
        "a tension people in {f} live with",
        "what {f} asks of the people in it",
    ),
    "industry-trends": (
        "where {f} is heading, heard first-hand",
        "a shift in {f} worth an insider's view",
        "a change in {f} that news coverage simplifies",
    ),
    "company-culture": (
        "how teams in {f} really work",
        "the culture of {f}, hard to see from outside",
    ),
    "business-research": (
        "how the {f} business works from the inside",
        "the buyers, costs and gaps of {f}",
        "what someone selling into {f} rarely gets told",
        "how decisions are really made in {f}",
        "the practical side of doing business in {f}",
    ),
    "breaking-in": ("how newcomers get a start in {f}", "what {f} looks for in a first hire"),
    "career-change": ("how people switch into {f}", "what carries over into {f} from other work"),
    "advice-for-students": ("what a student aiming at {f} can do now",),
    "referrals-next-steps": ("who else in {f} is worth meeting",),
    "follow-up": ("picks up where your {f} conversation left off",),
}
SECTOR: tuple[str, ...] = (
    "about {f} as an industry, which they work in",
    "they work in {f}, so they see this from close up",
)
GENERAL: dict[str, tuple[str, ...]] = {
    "referrals-next-steps": ("a good way to close any conversation", "ends on who to meet next"),
    "follow-up": ("you have spoken before, so build on it",),
}
GENERAL_DEFAULT = ("a strong open question for anyone", "works whatever their field")
#: What a question does for the goal, by goal and then by the question's category: a
#: clause is only said where it is true of that kind of question (a business owner is
#: not told that "anything I can help you with?" shows the other side's view of
#: suppliers). A category with no line here gets no goal clause.
GOAL_CLAUSES: dict[str, dict[str, tuple[str, ...]]] = {
    "exploring": {
        "career-path": ("a window onto the work before you commit",),
        "typical-day": (
            "the kind of detail that tells fields apart",
            "helps you judge whether this work suits you",
        ),
        "skills": ("helps you judge whether this work suits you",),
        "challenges-rewards": ("worth knowing while you are still choosing",),
        "company-culture": ("the kind of detail that tells fields apart",),
    },
    "breaking-in": {
        "breaking-in": (
            "useful before your first applications",
            "what a newcomer rarely hears from a job ad",
        ),
        "skills": ("tells you what to practise before you apply",),
        "typical-day": ("shows what a first role will ask of you",),
        "career-path": ("the answer shapes how you pitch yourself",),
        "advice-for-students": ("useful before your first applications",),
    },
    "changing-careers": {
        "career-change": (
            "tests how a switch would really go",
            "a reality check before you make the move",
        ),
        "skills": (
            "shows which of your experience carries over",
            "tells you what you would have to learn from scratch",
        ),
        "career-path": ("helps you tell your story to this field",),
        "breaking-in": ("a reality check before you make the move",),
        "typical-day": ("tests how a switch would really go",),
    },
    "business-research": {
        "business-research": (
            "the costs and habits behind their decisions",
            "the other side's view of suppliers like you",
            "helps you see where a small business fits in",
        ),
        "industry-trends": (
            "tells you what this industry is short of",
            "what a business owner in this market needs to know",
        ),
    },
}
LEVEL_CLAUSES = {
    "early": "someone early in their career remembers this well",
    "mid": "someone a few years in has seen this both ways",
    "senior": "someone senior can answer it from experience",
    "executive": "someone at the top sees this across the whole organisation",
}


def _pick(
    options: tuple[str, ...], question: Question, salt: str = "", used: set[str] | None = None
) -> str:
    start = zlib.crc32(f"{salt}{question.id}".encode()) % len(options)
    rotated = options[start:] + options[:start]
    fresh = next((o for o in rotated if used is None or o not in used), rotated[0])
    if used is not None:
        used.add(fresh)
    return fresh


def field_clause(question: Question, fit: Fit, used: set[str] | None = None) -> str:
    if fit.kind == "own":
        options = OWN_FIELD.get(question.category, ("written for {f}",))
        label = field_label(fit.field)
        return _pick(tuple(o.format(f=label) for o in options), question, used=used)
    if fit.kind == "sector":
        label = field_label(fit.field)
        return _pick(tuple(o.format(f=label) for o in SECTOR), question, used=used)
    if fit.kind == "neighbour":
        return f"written for {field_label(fit.field)}; it transfers because {fit.because}"
    return _pick(GENERAL.get(question.category, GENERAL_DEFAULT), question, used=used)


def explain(
    question: Question, target: Target, fit: Fit | None, used: set[str] | None = None
) -> str:
    """The one-line reason, built from the same facts that earned the points.

    `used` collects the phrasings already shown higher in the same pack, so the next line
    picks another where one is left.
    """
    clauses: list[str] = []
    if question.custom:
        clauses.append("your own question")
    elif fit is not None:
        clauses.append(field_clause(question, fit, used))
    if question.category == "follow-up" and fit is not None and fit.kind != "general":
        clauses.append("you have spoken before, so build on it")
    if question.seniority and target.seniority in question.seniority:
        clauses.append(LEVEL_CLAUSES.get(target.seniority or "", ""))
    elif target.goal is not None and target.goal in question.goals:
        options = GOAL_CLAUSES.get(target.goal, {}).get(question.category, ())
        fresh = tuple(o for o in options if used is None or o not in used)
        if fresh:  # a goal line already said higher in the pack is not said again
            clauses.append(_pick(fresh, question, "goal", used))
    text = "; ".join(c for c in clauses[:2] if c)
    return text[0].upper() + text[1:]
