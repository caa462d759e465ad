"""The choices and shared options the Discord command table (catalog.py) is built from.

Kept apart from the table itself so the table stays readable: these are the option
declarations more than one command reuses, and the choice lists a test checks against
the core's vocabularies (bot/questions/vocab.py, bot/outreach/templates.py).
"""

from __future__ import annotations

from adapters.discord.options import Kind, Opt
from adapters.discord.options import choices as _choices
from bot.domain import InterviewStatus, Medium, OutcomeKind

MEDIUMS = _choices(*(m.value for m in Medium))
STATUSES = _choices(*(s.value for s in InterviewStatus))
# Mirrors bot/questions/vocab.py and bot/outreach/templates.py (a test checks they agree).
GOALS = (
    ("exploring a field", "exploring"),
    ("breaking in", "breaking-in"),
    ("changing careers", "changing-careers"),
    ("researching a business", "business-research"),
)
CATEGORIES = _choices(
    "career-path", "typical-day", "skills", "challenges-rewards", "industry-trends",
    "company-culture", "business-research", "breaking-in", "career-change",
    "advice-for-students", "follow-up", "referrals-next-steps",
)  # fmt: skip
OUTREACH_FORMATS = _choices(
    "email",
    "linkedin",
    "alumni",
    "follow-up",
    "thank-you",
    "update",
    "congrats",
    "article",
    "reconnect",
)
OUTCOMES = _choices(*(k.value for k in OutcomeKind))
ON_OFF = _choices("on", "off")
STANDING_CHOICES = _choices("student", "graduate", "alum")  # bot/outreach/wording.STANDINGS
YES = (("yes, I am sure", "yes"),)

CONTACT = Opt("contact", "Name of the person (start typing to pick one of yours)", Kind.CONTACT)
POS_CONTACT = Opt(
    "contact",
    "Name of the person (start typing to pick one of yours)",
    Kind.CONTACT,
    positional=True,
)
MEMBER = Opt("with", "Or pick the person if they are a member of this server", Kind.MEMBER)
INTERVIEW = Opt(
    "interview",
    "Which interview (start typing to pick one of yours)",
    Kind.INTERVIEW,
    required=True,
    positional=True,
)
COMPANY = Opt("company", "Their company or organisation")
ROLE = Opt("role", "Their role, e.g. Product Manager")
INDUSTRY = Opt("industry", "Their industry, e.g. fintech")
MEDIUM = Opt("medium", "How you met", choices=MEDIUMS)
NOTES = Opt("notes", "Your private notes")
TAKEAWAYS = Opt("takeaways", "What you learned")
ACTIONS = Opt("actions", "What you will do next")

NUMBER = Opt("id", "Check-in number (see /checkin list)", Kind.INT, required=True, positional=True)
REQUIRED_CONTACT = Opt(
    "contact", POS_CONTACT.description, Kind.CONTACT, required=True, positional=True
)
REFERRALS = Opt("referrals", "People they suggested, comma separated")
ASKED = Opt("asked", "Questions you asked, separated by ;")
DURATION = Opt("duration", "How long, e.g. 30m")
