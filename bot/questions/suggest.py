"""Build one question pack for a person: gather what the request needs, then rank.

Shared by `questions` and the prep pack, so a prep reminder suggests exactly what the user
would get by asking. Reads only; saving the user's goal is the command's business.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain import Actor, Contact, CustomQuestion, InterviewStatus
from bot.ports import UnitOfWork
from bot.questions.bank import Question, load_bank, normalise
from bot.questions.ranking import Suggestion, Target, arrange, page_of
from bot.questions.vocab import (
    CATEGORY_KEYS,
    CUSTOM_CATEGORY,
    GOAL_KEYS,
    GOALS_BY_KEY,
    industry_label,
    industry_tags,
    role_label,
    role_tags,
    seniority_of,
)

DEFAULT_COUNT = 8
MAX_COUNT = 20
HELD = frozenset({InterviewStatus.HELD.value, InterviewStatus.THANKED.value})


@dataclass(frozen=True)
class Pack:
    suggestions: tuple[Suggestion, ...]
    page: int
    count: int
    total: int
    target: Target

    @property
    def has_more(self) -> bool:
        return self.page * self.count < self.total

    def describe(self) -> str:
        """What the pack was ranked for, in words ("engineering managers · fintech · …")."""
        parts = [role_label(t) for t in sorted(self.target.roles)]
        parts += [industry_label(t) for t in sorted(self.target.industries)]
        if self.target.seniority:
            parts.append(f"{self.target.seniority} level")
        goal = GOALS_BY_KEY.get(self.target.goal or "")
        if goal is not None:
            parts.append(f"your goal: {goal.label}")
        return " · ".join(parts)


def custom_as_question(custom: CustomQuestion) -> Question:
    category = custom.category if custom.category in CATEGORY_KEYS else CUSTOM_CATEGORY
    return Question(
        id=f"mine-{custom.id}",
        text=custom.text,
        category=category,
        goals=frozenset(GOAL_KEYS),
        industries=frozenset(),
        roles=frozenset(),
        seniority=frozenset(),
        norm=normalise(custom.text),
        custom=True,
    )


async def contact_history(
    uow: UnitOfWork, actor: Actor, contact: Contact | None
) -> tuple[frozenset[str], bool]:
    """(normalised questions already asked of this contact, whether you have spoken)."""
    if contact is None or contact.id is None:
        return frozenset(), False
    interviews = await uow.interviews.list(actor, contact_ids=[contact.id])
    asked = frozenset(normalise(q) for i in interviews for q in i.questions_asked)
    return asked, any(i.status in HELD for i in interviews)


def make_target(
    contact: Contact | None,
    *,
    industry: str = "",
    role: str = "",
    goal: str | None = None,
    has_history: bool = False,
) -> Target:
    """Typed options override the contact's own industry and role."""
    industry_text = industry or (contact.industry if contact else "")
    role_text = role or (contact.role if contact else "")
    seniority_text = contact.seniority if contact else ""
    industries, roles = industry_tags(industry_text), role_tags(role_text)
    # Seeded by tags, not raw text, so a `more` button carrying the tags continues the
    # same order as the typed request it came from.
    seed = f"contact:{contact.id}" if contact else f"{sorted(industries)}|{sorted(roles)}"
    return Target(
        industries=industries,
        roles=roles,
        seniority=seniority_of(seniority_text, role_text),
        goal=goal if goal in GOALS_BY_KEY else None,
        has_history=has_history,
        seed=seed,
    )


def rank(
    target: Target, customs: Sequence[CustomQuestion], asked: frozenset[str]
) -> list[Suggestion]:
    questions = (*load_bank(), *(custom_as_question(c) for c in customs))
    return arrange(questions, target, asked)


async def build_pack(
    uow: UnitOfWork,
    actor: Actor,
    contact: Contact | None,
    *,
    industry: str = "",
    role: str = "",
    goal: str | None = None,
    count: int = DEFAULT_COUNT,
    page: int = 1,
) -> Pack:
    asked, has_history = await contact_history(uow, actor, contact)
    target = make_target(contact, industry=industry, role=role, goal=goal, has_history=has_history)
    customs = await uow.custom_questions.list(actor)
    ranked = rank(target, customs, asked)
    return Pack(tuple(page_of(ranked, count, page)), page, count, len(ranked), target)
