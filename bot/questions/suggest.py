"""Build one question pack for a person: gather what the request needs, then rank.

Shared by `questions` and the prep pack, so a prep reminder suggests exactly what the user
would get by asking. Reads only; saving the user's goal is the command's business.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.domain import Actor, Contact, CustomQuestion, InterviewStatus
from bot.outreach.wording import goal_of, standing_of
from bot.ports import UnitOfWork
from bot.questions.bank import Question, load_bank, normalise
from bot.questions.fields import classify, field_label, known_field
from bot.questions.ranking import Suggestion, Target, arrange, page_of
from bot.questions.vocab import (
    CATEGORY_KEYS,
    CUSTOM_CATEGORY,
    GOAL_KEYS,
    GOALS_BY_KEY,
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
        """What the pack was ranked for, in words ("cybersecurity · senior level · …")."""
        parts = [field_label(t) for t in sorted(self.target.fields)]
        parts += [f"{field_label(t)} as the industry" for t in sorted(self.target.sector)]
        if self.target.seniority:
            parts.append(f"{self.target.seniority} level")
        goal = GOALS_BY_KEY.get(self.target.goal or "")
        if goal is not None:
            parts.append(
                f"your goal: {goal.label}"
                + (
                    " (from your profile; `goal:` picks another)"
                    if self.target.goal_from_profile
                    else ""
                )
            )
        return " · ".join(parts)


def custom_as_question(custom: CustomQuestion) -> Question:
    category = custom.category if custom.category in CATEGORY_KEYS else CUSTOM_CATEGORY
    return Question(
        id=f"mine-{custom.id}",
        text=custom.text,
        category=category,
        goals=frozenset(GOAL_KEYS),
        fields=frozenset(),
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
    standing: str = "",
) -> Target:
    """Typed options override the contact's own industry and role.

    A typed option may also name a field outright ("industry:grocery-retail", which the
    `more` button uses), so a later page reads exactly the fields the first one did.
    """
    industry_text = industry or (contact.industry if contact else "")
    role_text = role or (contact.role if contact else "")
    company = contact.company if contact else ""
    seniority_text = contact.seniority if contact else ""
    named = {t: known_field(t) for t in (role, industry) if t}
    match = classify(
        "" if named.get(role) else role_text, "" if named.get(industry) else industry_text, company
    )
    typed_fields = frozenset(f for f in named.values() if f)
    fields, sector = match.primary | typed_fields, match.sector - typed_fields
    # Seeded by fields, not raw text, so a `more` button carrying the fields continues the
    # same order as the typed request it came from.
    seed = f"contact:{contact.id}" if contact else f"{sorted(fields)}|{sorted(sector)}"
    return Target(
        fields=fields,
        sector=sector,
        seniority=seniority_of(seniority_text, role_text),
        goal=goal if goal in GOALS_BY_KEY else None,
        has_history=has_history,
        described=bool((industry_text + role_text + company).strip()),
        seed=seed,
        standing=standing,
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
    """The page of suggestions for this contact (or typed role/industry), fitted to the
    person asking: their goal (chosen, or what their profile plainly says) and whether
    they have graduated."""
    asked, has_history = await contact_history(uow, actor, contact)
    prefs = await uow.settings.get_or_default(actor)
    read = None if goal else goal_of(prefs.about_me, prefs.standing)
    target = make_target(
        contact,
        industry=industry,
        role=role,
        goal=goal or read,
        has_history=has_history,
        standing=standing_of(prefs.standing, prefs.about_me),
    )
    if read is not None:
        target = replace(target, goal_from_profile=True)
    customs = await uow.custom_questions.list(actor)
    ranked = rank(target, customs, asked)
    return Pack(tuple(page_of(ranked, count, page)), page, count, len(ranked), target)
