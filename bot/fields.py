"""Fields several commands share (a contact, an interview, notes, …), declared once.

Commands use them as they are or adjusted with :meth:`bot.schema.Field.but` (made
required, given another alias or form label). Choice lists are read from the core's own
vocabularies, so a platform's picker can never offer a value the core would refuse.
"""

from __future__ import annotations

from bot.domain import InterviewStatus, Medium, OutcomeKind, ProfileRole
from bot.outreach.formats import FORMATS
from bot.outreach.wording import STANDINGS
from bot.questions.vocab import CATEGORY_KEYS
from bot.questions.vocab import GOALS as GOAL_VOCAB
from bot.schema import Field, Kind, choice

GOAL_CHOICES = tuple((g.label, g.key) for g in GOAL_VOCAB)
YES = (("yes, I am sure", "yes"),)

CONTACT = Field(
    "contact",
    "The person's name, or #id for one of your contacts",
    Kind.CONTACT,
    positional=True,
    label="Who?",
    placeholder="Jane Doe",
)
REQUIRED_CONTACT = CONTACT.but(required=True)
CONTACT_FILTER = CONTACT.but(positional=False)
MEMBER = Field("with", "Or the person, if they are a member here", Kind.MEMBER)
INTERVIEW = Field(
    "interview",
    "Which interview: its number (interview list) or the person's name",
    Kind.INTERVIEW,
    required=True,
    positional=True,
    keyword=False,
)
COMPANY = Field(
    "company", "Their company or organisation", label="Their company", placeholder="Acme"
)
ROLE = Field("role", "Their role, e.g. Product Manager", label="Their role")
INDUSTRY = Field("industry", "Their industry, e.g. fintech", label="Industry")


def person(question: str) -> tuple[Field, ...]:
    """Whom a conversation is with: a contact by name (or a member), and who they are."""
    return (CONTACT.but(label=question), MEMBER, COMPANY, ROLE, INDUSTRY)


MEDIUM = choice("medium", "The way you talk", *(m.value for m in Medium), label="Medium")
STATUS = choice("status", "Only this status", *(s.value for s in InterviewStatus))
OUTCOME = choice("kind", "What came of it", *(k.value for k in OutcomeKind), required=True)
NOTES = Field("notes", "Your private notes", label="Notes", long=True)
TAKEAWAYS = Field("takeaways", "What you learned", label="Takeaways", long=True)
ACTIONS = Field(
    "actions",
    "What you will do next",
    aliases=("action_items",),
    label="Action items",
    long=True,
)
REFERRALS = Field(
    "referrals",
    "People they suggested, comma separated",
    label="Referrals (names, comma separated)",
)
ASKED = Field("asked", "Questions you asked, separated by ;")
DURATION = Field("duration", "How long, e.g. 30m", Kind.DURATION)
CONFIRM = Field("confirm", "Skip the confirmation step", Kind.CHOICE, choices=YES)
ON_OFF = ("on", "off")
GOAL = Field("goal", "What you want from it", Kind.CHOICE, choices=GOAL_CHOICES)
CATEGORY = choice("category", "Its category", *CATEGORY_KEYS)
OUTREACH_FORMAT = choice("format", "Kind of message", *FORMATS)
STANDING = choice("status", "Student, graduate or alum", *STANDINGS)
PROFILE_ROLE = choice(
    "role", "Mentor, seeker or both", *(r.value for r in ProfileRole), label="I want to…"
)


def moment(description: str, **more: object) -> Field:
    """`when:` (also `date:`): a time in the person's words."""
    return Field("when", description, Kind.MOMENT, aliases=("date",), label="When?").but(**more)


def number(name: str, description: str) -> Field:
    """A required item number typed first: `checkin done 12`."""
    return Field(name, description, Kind.NUMBER, required=True, positional=True)


CHECKIN_NUMBER = number("id", "Check-in number (see /checkin list)")
ACTION_NUMBER = number("id", "Item number (see /actions list)")

# Mentoring profiles (mentor join, mentor seek).
INDUSTRIES = Field(
    "industries",
    "Industries, comma separated, e.g. fintech, health",
    label="Industries",
    placeholder="fintech, health",
)
ROLES = Field(
    "roles",
    "Roles, comma separated, e.g. product manager",
    label="Roles",
    placeholder="product manager, data scientist",
)
TOPICS = Field(
    "topics",
    "Topics, comma separated, e.g. career change",
    label="Topics",
    placeholder="career change, interviews",
)
LEARNING = Field(
    "learning", "What you want to learn (seekers)", label="What do you want to learn?", long=True
)
MENTOR_GOAL = GOAL.but(description="Your goal (seekers)", label="Your goal")
TIMEZONE = Field(
    "timezone",
    "IANA time zone, e.g. Europe/Paris",
    aliases=("tz",),
    label="Time zone",
    placeholder="Europe/Paris",
)
LANGUAGES = Field(
    "languages",
    "Languages you speak, e.g. en, fr",
    label="Languages",
    placeholder="English, Spanish",
)


TEAM = Field(
    "team",
    "Your team at work: never paired with its members (none to clear)",
    label="Team (never paired with teammates)",
    placeholder="Payments platform",
)


MENTOR_PROFILE = (
    PROFILE_ROLE,
    INDUSTRIES,
    ROLES,
    TOPICS,
    TIMEZONE,
    LANGUAGES,
    Field("capacity", "Mentees per round, 1 to 10 (mentors)", Kind.NUMBER),
    LEARNING,
    MENTOR_GOAL,
    Field("bio", "A short introduction", label="About you", long=True),
    TEAM,
)
