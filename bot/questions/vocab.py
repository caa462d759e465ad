"""The tags the question bank uses besides fields: categories, goals and seniority, and how
free text (a typed goal, a contact's title) maps onto them.

Fields (which line of work) live in :mod:`bot.questions.fields`, read from the data folder.
The bank's test checks every question uses only the tags defined here and there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bot.errors import UsageError
from bot.typos import not_a_choice

GENERAL = "general"
ANY_LEVEL = "any"


@dataclass(frozen=True, slots=True)
class Category:
    key: str
    label: str


#: Conversation order: a pack is shown in the order you would naturally ask it.
CATEGORIES: tuple[Category, ...] = (
    Category("career-path", "Career path"),
    Category("typical-day", "A typical day"),
    Category("skills", "Skills"),
    Category("challenges-rewards", "Challenges and rewards"),
    Category("industry-trends", "Industry trends"),
    Category("company-culture", "Company culture"),
    Category("business-research", "Business research"),
    Category("breaking-in", "Breaking in"),
    Category("career-change", "Career change"),
    Category("advice-for-students", "Advice for students"),
    Category("follow-up", "Follow-up"),
    Category("referrals-next-steps", "Referrals and next steps"),
)
CATEGORY_KEYS = tuple(c.key for c in CATEGORIES)
CATEGORY_LABELS = {c.key: c.label for c in CATEGORIES}
CUSTOM_CATEGORY = "custom"
CATEGORY_ORDER = {key: index for index, key in enumerate((*CATEGORY_KEYS, CUSTOM_CATEGORY))}
CATEGORY_LABELS[CUSTOM_CATEGORY] = "Your own questions"


@dataclass(frozen=True, slots=True)
class Goal:
    key: str
    label: str
    aliases: tuple[str, ...]
    #: Categories this goal leans on (bonus) and ones that rarely serve it (penalty).
    favours: tuple[str, ...]
    avoids: tuple[str, ...]


GOALS: tuple[Goal, ...] = (
    Goal(
        "exploring",
        "exploring a field",
        ("explore", "exploring-a-field", "exploration", "curious", "learn"),
        ("career-path", "typical-day", "challenges-rewards"),
        ("business-research",),
    ),
    Goal(
        "breaking-in",
        "breaking in",
        ("break-in", "breakin", "first-job", "job-search", "getting-in"),
        ("breaking-in", "skills", "advice-for-students"),
        ("business-research",),
    ),
    Goal(
        "changing-careers",
        "changing careers",
        ("change", "career-change", "changing-career", "switch", "switching", "pivot"),
        ("career-change", "skills", "career-path"),
        ("advice-for-students", "business-research"),
    ),
    Goal(
        "business-research",
        "researching a business",
        ("research", "researching", "business", "researching-a-business", "market-research"),
        ("business-research", "industry-trends", "company-culture"),
        ("advice-for-students", "career-change", "breaking-in"),
    ),
)
GOAL_KEYS = tuple(g.key for g in GOALS)
GOALS_BY_KEY = {g.key: g for g in GOALS}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.strip().lower()).strip("-")


def parse_goal(text: str) -> Goal | None:
    """A goal by key, alias or label ("breaking in", "break-in", "Changing careers")."""
    slug = _slug(text)
    for goal in GOALS:
        if slug in (goal.key, _slug(goal.label), *goal.aliases):
            return goal
    return None


def goal_words() -> list[str]:
    """Every word `parse_goal` reads as a goal: the keys and their aliases."""
    return [word for goal in GOALS for word in (goal.key, *goal.aliases)]


def goal_choices() -> str:
    return ", ".join(f"`{g.key}` ({g.label})" for g in GOALS)


def unknown_goal(text: str, *, example: str, more: str = "") -> UsageError:
    """The refusal of a goal `text` that is none of ours: "did you mean" and the mended
    line when it nearly spells one. `more` ends the hint (what else the command takes)."""
    return not_a_choice(
        f"`{text[:40]}` isn't a goal I know.",
        text,
        goal_words(),
        hint="Valid goals: " + goal_choices() + (f"; {more}" if more else "") + ".",
        example=example,
    )


SENIORITY_LEVELS = ("early", "mid", "senior", "executive")
_SENIORITY_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "executive",
        (
            "executive",
            "vp",
            "vice president",
            "chief",
            "ceo",
            "cto",
            "cfo",
            "coo",
            "founder",
            "co-founder",
            "partner",
            "director",
            "head of",
            "c-level",
        ),
    ),
    (
        "senior",
        ("senior", "sr", "lead", "staff", "principal", "manager", "attending"),
    ),
    ("early", ("junior", "jr", "intern", "graduate", "entry", "trainee", "apprentice", "early")),
    ("mid", ("mid", "mid-level", "intermediate", "associate")),
)


#: Titles where "manager" names the craft, not a rung: a product manager is usually a few
#: years in, not senior, unless the title says so ("senior product manager").
CRAFT_MANAGERS = (
    "product manager",
    "project manager",
    "program manager",
    "programme manager",
    "account manager",
    "community manager",
    "case manager",
    "social media manager",
    "office manager",
)


def _words(text: str) -> str:
    """Lower-case words padded with spaces; hyphens split ("engineering-manager")."""
    return " " + " ".join(re.findall(r"[a-z0-9+]+", text.lower())) + " "


def _has_phrase(words: str, phrase: str) -> bool:
    return _words(phrase) in words


@lru_cache(maxsize=16_384)  # typed titles are unbounded over a server's life
def seniority_of(seniority: str, role: str) -> str | None:
    """The contact's level from the seniority field, else from words in the role title."""
    for text in (seniority, role):
        words = _words(text)
        if any(_has_phrase(words, craft) for craft in CRAFT_MANAGERS):
            words = words.replace(" manager ", " ")  # the craft's name, not a rung
            if not any(_has_phrase(words, p) for _, ps in _SENIORITY_WORDS for p in ps):
                return "mid"
        for level, phrases in _SENIORITY_WORDS:
            if _has_phrase(words, level) or any(_has_phrase(words, p) for p in phrases):
                return level
    return None
