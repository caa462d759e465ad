"""The tags the question bank uses, and how free text (a contact's role, a typed goal) maps
onto them.

Contacts are typed by people, so their industry and role are free text ("Sr. Eng Manager",
"payments startup"). Ranking needs tags, so this module reads free text into tags once,
with word-level synonyms first (precise, explainable) and a fuzzy match as a fallback for
typos. The bank's test checks every question uses only the tags defined here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rapidfuzz import fuzz, process

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


def goal_choices() -> str:
    return ", ".join(f"`{g.key}` ({g.label})" for g in GOALS)


#: industry tag -> (label, words or phrases that mean it)
INDUSTRIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "tech": ("tech", ("tech", "technology", "software", "saas", "internet", "cloud", "ai")),
    "fintech": (
        "fintech",
        ("fintech", "payments", "neobank", "financial technology", "insurtech", "crypto"),
    ),
    "finance": (
        "finance",
        (
            "finance",
            "bank",
            "banking",
            "investment",
            "investing",
            "asset management",
            "private equity",
            "hedge fund",
            "accounting",
            "insurance",
            "venture capital",
        ),
    ),
    "healthcare": (
        "healthcare",
        ("health", "healthcare", "hospital", "medical", "medicine", "biotech", "pharma", "clinic"),
    ),
    "consulting": ("consulting", ("consulting", "consultancy", "advisory", "strategy firm")),
    "education": ("education", ("education", "school", "university", "edtech", "teaching")),
    "public-sector": (
        "the public sector",
        ("government", "public sector", "civil service", "public service", "municipal"),
    ),
    "nonprofit": ("nonprofits", ("nonprofit", "non-profit", "charity", "ngo", "foundation")),
    "media": ("media", ("media", "journalism", "news", "publishing", "newsroom", "broadcast")),
    "design": ("design", ("design", "ux", "creative agency", "studio")),
    "law": ("law", ("law", "legal", "law firm")),
    "energy": ("energy and climate", ("energy", "climate", "renewables", "solar", "utilities")),
    "retail": ("retail", ("retail", "e-commerce", "ecommerce", "consumer goods", "fashion")),
    "manufacturing": ("manufacturing", ("manufacturing", "factory", "industrial", "automotive")),
    "marketing": ("marketing", ("marketing", "advertising", "ad agency", "brand")),
}

#: role tag -> (label, words or phrases that mean it); earlier entries win ties.
ROLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "engineering-manager": (
        "engineering managers",
        (
            "engineering manager",
            "eng manager",
            "engineering lead",
            "head of engineering",
            "director of engineering",
            "vp engineering",
            "vp of engineering",
            "cto",
        ),
    ),
    "product-manager": (
        "product managers",
        ("product manager", "product owner", "head of product", "product lead", "pm"),
    ),
    "data-scientist": (
        "data scientists",
        ("data scientist", "data science", "machine learning engineer", "ml engineer"),
    ),
    "software-engineer": (
        "software engineers",
        ("software engineer", "developer", "programmer", "swe", "engineer", "sre", "devops"),
    ),
    "designer": ("designers", ("designer", "ux", "ui", "design lead")),
    "analyst": ("analysts", ("analyst", "analytics")),
    "marketer": ("marketers", ("marketing", "marketer", "growth", "brand manager")),
    "sales": ("people in sales", ("sales", "account executive", "business development")),
    "consultant": ("consultants", ("consultant", "advisor")),
    "researcher": ("researchers", ("researcher", "scientist", "professor", "phd")),
    "founder": ("founders", ("founder", "co-founder", "cofounder", "owner")),
    "executive": ("executives", ("ceo", "coo", "cfo", "chief", "vp", "vice president")),
    "clinician": ("clinicians", ("doctor", "nurse", "physician", "clinician", "surgeon")),
    "lawyer": ("lawyers", ("lawyer", "attorney", "counsel", "solicitor", "paralegal")),
    "teacher": ("teachers", ("teacher", "educator", "lecturer", "tutor")),
    "writer": ("writers", ("writer", "journalist", "editor", "reporter", "author")),
    "policy": ("policy people", ("policy", "policy advisor", "civil servant")),
    "recruiter": ("recruiters", ("recruiter", "talent acquisition", "hiring manager")),
}

#: Tags close enough that a question for one is a fair (weaker) fit for the other.
RELATED: dict[str, frozenset[str]] = {
    "fintech": frozenset({"finance", "tech"}),
    "finance": frozenset({"fintech"}),
    "tech": frozenset({"fintech"}),
    "design": frozenset({"tech", "marketing"}),
    "marketing": frozenset({"media"}),
    "media": frozenset({"marketing"}),
    "public-sector": frozenset({"nonprofit"}),
    "nonprofit": frozenset({"public-sector"}),
    "engineering-manager": frozenset({"software-engineer", "executive"}),
    "software-engineer": frozenset({"engineering-manager", "data-scientist"}),
    "data-scientist": frozenset({"analyst", "researcher", "software-engineer"}),
    "analyst": frozenset({"data-scientist", "consultant"}),
    "founder": frozenset({"executive"}),
    "executive": frozenset({"founder"}),
    "product-manager": frozenset({"designer"}),
    "designer": frozenset({"product-manager"}),
    "consultant": frozenset({"analyst"}),
    "researcher": frozenset({"data-scientist"}),
}

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


def _words(text: str) -> str:
    """Lower-case words padded with spaces; hyphens split ("engineering-manager")."""
    return " " + " ".join(re.findall(r"[a-z0-9+]+", text.lower())) + " "


def _has_phrase(words: str, phrase: str) -> bool:
    return _words(phrase) in words


@cache
def industry_tags(text: str) -> frozenset[str]:
    """Industry tags named in free text; a fuzzy match catches typos ("fintec")."""
    return _tags(text, INDUSTRIES)


@cache
def role_tags(text: str) -> frozenset[str]:
    """Role tags named in free text ("Senior Engineering Manager" -> engineering-manager)."""
    return _tags(text, ROLES, first_only=True)


def _tags(
    text: str, table: dict[str, tuple[str, tuple[str, ...]]], *, first_only: bool = False
) -> frozenset[str]:
    if not text.strip():
        return frozenset()
    words = _words(text)
    found: list[str] = []
    for tag, (_, phrases) in table.items():
        if _has_phrase(words, tag) or any(_has_phrase(words, p) for p in phrases):
            found.append(tag)
            if first_only:
                break
    if found:
        return frozenset(found)
    choices = {p: tag for tag, (_, phrases) in table.items() for p in (tag, *phrases) if len(p) > 3}
    best = process.extractOne(text.lower().strip(), list(choices), scorer=fuzz.WRatio)
    if best is not None and best[1] >= 88:
        return frozenset({choices[best[0]]})
    return frozenset()


@cache
def seniority_of(seniority: str, role: str) -> str | None:
    """The contact's level from the seniority field, else from words in the role title."""
    for text in (seniority, role):
        words = _words(text)
        for level, phrases in _SENIORITY_WORDS:
            if _has_phrase(words, level) or any(_has_phrase(words, p) for p in phrases):
                return level
    return None


def industry_label(tag: str) -> str:
    return INDUSTRIES[tag][0] if tag in INDUSTRIES else tag


def role_label(tag: str) -> str:
    return ROLES[tag][0] if tag in ROLES else tag
