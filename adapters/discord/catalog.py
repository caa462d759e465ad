"""Which Discord options each command takes (the types and the line-building: options.py).

The core's specs know paths, summaries and which ``key:`` options a command accepts, but
not Discord's option types, descriptions, choices or autocomplete; this table adds them.
A test keeps it honest: every spec path has a Discord command and every declared option
that is not positional is one of the spec's ``options``. A spec with no entry here still
gets a command, with one free-text option (see :data:`FALLBACK`), so a new core command is
never unreachable on Discord.

Discord rejects a whole command sync when one description is over 100 characters, so the
descriptions here are short by construction (checked again at build time).
"""

from __future__ import annotations

from collections.abc import Mapping

from adapters.discord.options import CommandDecl, Kind, Opt
from adapters.discord.options import choices as _choices
from bot.domain import InterviewStatus, Medium, OutcomeKind, ProfileRole

MEDIUMS = _choices(*(m.value for m in Medium))
STATUSES = _choices(*(s.value for s in InterviewStatus))
ROLES = _choices(*(r.value for r in ProfileRole))
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
INDUSTRIES = Opt("industries", "Industries, comma separated, e.g. fintech, health")
ROLES_OPT = Opt("roles", "Roles, comma separated, e.g. product manager")
TOPICS = Opt("topics", "Topics, comma separated, e.g. career change")
LEARNING = Opt("learning", "What you want to learn (seekers)")
MENTOR_GOAL = Opt("goal", "Your goal (seekers)", choices=GOALS)

CATALOG: Mapping[tuple[str, ...], CommandDecl] = {
    ("interview", "log"): CommandDecl(
        "Record a conversation you have had.",
        (
            POS_CONTACT,
            MEMBER,
            COMPANY,
            ROLE,
            INDUSTRY,
            Opt("when", "When it happened, e.g. yesterday 3pm"),
            MEDIUM,
            NOTES,
            TAKEAWAYS,
            ACTIONS,
            REFERRALS,
            ASKED,
        ),
        modal="interview_log",
        modal_unless=("contact", "with"),
    ),
    ("interview", "plan"): CommandDecl(
        "Plan a future conversation (with a calendar file).",
        (
            POS_CONTACT,
            MEMBER,
            COMPANY,
            ROLE,
            INDUSTRY,
            Opt("when", "When it will happen, e.g. next Tuesday 10am"),
            DURATION,
            MEDIUM,
            NOTES,
            Opt("another", "A second talk though one is open", choices=_choices("yes")),
        ),
        modal="interview_plan",
        modal_unless=("contact", "with"),
    ),
    ("interview", "list"): CommandDecl(
        "List your interviews, optionally filtered.",
        (Opt("status", "Only this status", choices=STATUSES), CONTACT, COMPANY),
    ),
    ("interview", "show"): CommandDecl("Show one interview.", (INTERVIEW,)),
    ("interview", "edit"): CommandDecl(
        "Change an interview.",
        (
            INTERVIEW,
            Opt("when", "New date and time"),
            DURATION,
            MEDIUM,
            NOTES,
            TAKEAWAYS,
            ACTIONS,
            ASKED,
        ),
    ),
    ("interview", "done"): CommandDecl(
        "Mark a planned interview as held.",
        (
            INTERVIEW,
            Opt("when", "When it happened (default: as planned)"),
            NOTES,
            TAKEAWAYS,
            ACTIONS,
            REFERRALS,
            ASKED,
        ),
    ),
    ("interview", "thanked"): CommandDecl(
        "Record that you sent your thank-you.",
        (INTERVIEW, Opt("when", "When you sent it (default: now)")),
    ),
    ("interview", "delete"): CommandDecl(
        "Delete an interview (asks to confirm).",
        (INTERVIEW, Opt("confirm", "Skip the confirmation step", choices=YES)),
    ),
    ("interview", "outcome"): CommandDecl(
        "Record what came of a conversation.",
        (
            INTERVIEW,
            Opt("kind", "What came of it", choices=OUTCOMES, required=True),
            Opt("note", "A detail to remember"),
        ),
    ),
    ("interview", "prep"): CommandDecl(
        "A prep pack for a conversation.",
        (REQUIRED_CONTACT, Opt("done", "Checklist items you have done, e.g. role,company")),
    ),
    ("contact", "add"): CommandDecl(
        "Add a person to your contacts.",
        (
            Opt("name", "Their name", required=True, positional=True),
            COMPANY,
            ROLE,
            INDUSTRY,
            Opt("how", "How you know them"),
            Opt("referred_by", "Who referred you (one of your contacts)", Kind.CONTACT),
            NOTES,
        ),
    ),
    ("contact", "list"): CommandDecl("List your contacts.", (COMPANY,)),
    ("contact", "show"): CommandDecl(
        "Show one contact and your history with them.", (REQUIRED_CONTACT,)
    ),
    ("contact", "chain"): CommandDecl("Who referred whom.", (POS_CONTACT,)),
    ("contact", "research"): CommandDecl(
        "Note what you found out about someone before talking.",
        (
            REQUIRED_CONTACT,
            Opt("found", "What you found, e.g. a talk they gave or news about their company"),
            Opt("clear", "Empty the research notes", choices=YES),
        ),
    ),
    ("contact", "edit"): CommandDecl(
        "Change a contact's details.",
        (
            REQUIRED_CONTACT,
            Opt("name", "Their name, spelt right"),
            COMPANY,
            ROLE,
            INDUSTRY,
            Opt("seniority", "How senior, e.g. junior, senior, director"),
            Opt("how", "How you know them"),
            NOTES,
            Opt("links", "Web addresses (profile, portfolio), separated by spaces"),
        ),
    ),
    ("contact", "merge"): CommandDecl(
        "Make two records of one person into one.",
        (
            Opt("keep", "The contact to keep", Kind.CONTACT, required=True, positional=True),
            Opt(
                "other",
                "The duplicate to fold into it",
                Kind.CONTACT,
                required=True,
                positional=True,
            ),
            Opt("confirm", "Skip the confirmation step", choices=YES),
        ),
    ),
    ("contact", "delete"): CommandDecl(
        "Delete a contact (asks to confirm).",
        (REQUIRED_CONTACT, Opt("confirm", "Skip the confirmation step", choices=YES)),
    ),
    ("questions",): CommandDecl(
        "Suggest questions for a conversation.",
        (
            Opt("for", "A contact of yours", Kind.CONTACT),
            INDUSTRY,
            ROLE,
            Opt("goal", "What you want from it", choices=GOALS),
            Opt("count", "How many questions (up to 20)", Kind.INT),
        ),
        bare_name="suggest",
    ),
    ("questions", "add"): CommandDecl(
        "Add a question of your own.",
        (
            Opt("text", "The question", required=True, positional=True),
            Opt("category", "Its category", choices=CATEGORIES),
            Opt("anyway", "Save a job ask or pitch as written", choices=_choices("yes")),
        ),
    ),
    ("questions", "mine"): CommandDecl("List your own questions."),
    ("questions", "remove"): CommandDecl(
        "Remove one of your questions.",
        (
            Opt(
                "id",
                "Question number (see /questions mine)",
                Kind.INT,
                required=True,
                positional=True,
            ),
        ),
    ),
    ("outreach", "draft"): CommandDecl(
        "Draft a message asking for a conversation.",
        (
            REQUIRED_CONTACT,
            Opt("format", "Kind of message", choices=OUTREACH_FORMATS),
            Opt("reason", "Why you chose them, specifically"),
            Opt("found", "How you found them, e.g. the alumni directory"),
            Opt("news", "For keep-in-touch notes: your news, or theirs to congratulate"),
            Opt("link", "For format:article, the link to share"),
            COMPANY,
            ROLE,
        ),
    ),
    ("outreach", "who"): CommandDecl(
        "Who to approach in a field, and where to find them.",
        (
            Opt(
                "field", "A job title or industry, e.g. UX research", required=True, positional=True
            ),
            Opt("goal", "What you're after", choices=GOALS),
        ),
    ),
    ("outreach", "sent"): CommandDecl(
        "Mark a draft as sent (tracks the reply).", (REQUIRED_CONTACT, COMPANY, ROLE)
    ),
    ("outreach", "profile"): CommandDecl(
        "What drafts say about you.",
        (
            Opt("about", "Who you are, e.g. a final-year economics student"),
            Opt("school", "Your school, for alumni drafts"),
            Opt("name", "Your name as it should appear"),
            Opt("status", "Student, graduate or alum", choices=STANDING_CHOICES),
            Opt("year", "The year you graduated, or will"),
        ),
    ),
    ("actions",): CommandDecl("Your action items from every conversation.", bare_name="list"),
    ("actions", "add"): CommandDecl(
        "Add an action item.",
        (
            Opt("text", "What to do", required=True, positional=True),
            Opt("for", "A contact's name, or #12 for interview 12"),
            Opt("due", "When it is due, e.g. next Friday"),
        ),
    ),
    ("actions", "done"): CommandDecl(
        "Tick an action item off.",
        (Opt("id", "Item number (see /actions list)", Kind.INT, required=True, positional=True),),
    ),
    ("actions", "undo"): CommandDecl(
        "Reopen an action item.",
        (Opt("id", "Item number (see /actions list)", Kind.INT, required=True, positional=True),),
    ),
    ("actions", "remove"): CommandDecl(
        "Delete an action item.",
        (Opt("id", "Item number (see /actions list)", Kind.INT, required=True, positional=True),),
    ),
    ("checkin", "add"): CommandDecl(
        "Add a check-in for yourself.",
        (
            REQUIRED_CONTACT,
            Opt("when", "When to nudge you, e.g. in 2 weeks", required=True),
            Opt("what", "What to do then"),
        ),
    ),
    ("checkin", "list"): CommandDecl("List your check-ins."),
    ("checkin", "snooze"): CommandDecl(
        "Push a check-in later.",
        (NUMBER, Opt("for", "How long, e.g. 2 days", required=True)),
    ),
    ("checkin", "done"): CommandDecl("Mark a check-in done.", (NUMBER,)),
    ("checkin", "skip"): CommandDecl("Skip a check-in.", (NUMBER,)),
    ("checkin", "cancel"): CommandDecl("Cancel a check-in.", (NUMBER,)),
    ("checkin", "stop"): CommandDecl(
        "Stop keep-in-touch nudges for a contact.", (REQUIRED_CONTACT,)
    ),
    ("checkin", "start"): CommandDecl(
        "Start keep-in-touch nudges for a contact again.", (REQUIRED_CONTACT,)
    ),
    ("checkin", "settings"): CommandDecl(
        "Your time zone, quiet hours and cadence.",
        (
            Opt("timezone", "IANA time zone, e.g. Europe/Paris"),
            Opt("quiet", "Quiet hours, e.g. 21:00-08:00"),
            Opt("cadence", "Keep-in-touch days, e.g. 30,90"),
            Opt("pause", "Pause every check-in", choices=ON_OFF),
        ),
    ),
    ("mentor", "join"): CommandDecl(
        "Join mentoring as a mentor, seeker or both.",
        (
            Opt("role", "Mentor, seeker or both", choices=ROLES),
            INDUSTRIES,
            ROLES_OPT,
            TOPICS,
            Opt("timezone", "IANA time zone, e.g. Europe/Paris"),
            Opt("languages", "Languages you speak, e.g. en, fr"),
            Opt("capacity", "Mentees per round, 1 to 10 (mentors)", Kind.INT),
            Opt("bio", "A short introduction"),
            LEARNING,
            MENTOR_GOAL,
        ),
        modal="mentor_profile",
        modal_unless=(
            "role",
            "industries",
            "roles",
            "topics",
            "timezone",
            "languages",
            "capacity",
            "bio",
            "learning",
            "goal",
        ),
    ),
    ("mentor", "seek"): CommandDecl(
        "Ask to be matched with a mentor.",
        (
            INDUSTRIES,
            ROLES_OPT,
            TOPICS,
            LEARNING,
            MENTOR_GOAL,
            Opt("timezone", "IANA time zone, e.g. Europe/Paris"),
        ),
    ),
    ("mentor", "profile"): CommandDecl(
        "Show your mentoring profile (or a member's).",
        (Opt("member", "A member whose profile to see", Kind.MEMBER, positional=True),),
    ),
    ("mentor", "pause"): CommandDecl(
        "Pause matching until a date.",
        (Opt("until", "Until when, e.g. in 4 weeks", required=True),),
    ),
    ("mentor", "leave"): CommandDecl("Leave mentoring."),
    ("mentor", "met"): CommandDecl(
        "Say whether you met your match.",
        (
            Opt(
                "match",
                "Match number (from the introduction)",
                Kind.INT,
                required=True,
                positional=True,
            ),
            Opt(
                "answer",
                "Did you meet?",
                required=True,
                positional=True,
                choices=_choices("yes", "no"),
            ),
        ),
    ),
    ("mentor", "round", "preview"): CommandDecl("Admins: preview the next round's pairs."),
    ("mentor", "round", "drop"): CommandDecl(
        "Admins: drop a proposed pair.",
        (Opt("pair", "Pair number (from the preview)", Kind.INT, required=True, positional=True),),
    ),
    ("mentor", "round", "run"): CommandDecl("Admins: send the round's introductions."),
    ("mentor", "config"): CommandDecl(
        "Admins: matching settings for this server.",
        (
            Opt("cadence", "Days between rounds, e.g. 14d"),
            Opt("channel", "Where rounds are announced (counts only), e.g. #mentoring, or off"),
            Opt("cooldown", "Before a pair may repeat, e.g. 90d"),
            Opt("max-tz", "Largest time-zone gap in hours, e.g. 6"),
            Opt("follow-up", "Ask 'did you meet?' after, e.g. 7d"),
            Opt("admins", "Admins, as mentions"),
            Opt("exclude", "Two members who must never be matched"),
            Opt("unexclude", "Two members to allow again"),
            Opt("auto", "Run rounds automatically", choices=ON_OFF),
        ),
    ),
    ("mentor", "stats"): CommandDecl("Admins: mentoring figures."),
    ("inroads", "help"): CommandDecl(
        "List every command with an example.",
        (Opt("topic", "A command to explain, e.g. interview", positional=True),),
    ),
    ("inroads", "stats"): CommandDecl(
        "Your personal funnel, with a picture.",
        (Opt("chart", "Turn the picture off for just the numbers", choices=ON_OFF),),
    ),
    ("inroads", "export"): CommandDecl("All of your data as JSON and CSV files."),
    ("inroads", "forget-me"): CommandDecl(
        "Erase everything Inroads keeps about you.",
        (Opt("confirm", "Skip the confirmation step", choices=YES),),
    ),
}

GROUP_DESCRIPTIONS = {
    "interview": "Plan, log and review informational interviews.",
    "contact": "The people you talk to.",
    "questions": "Questions to ask.",
    "outreach": "Messages asking for a conversation.",
    "checkin": "Reminders to prepare, thank and keep in touch.",
    "actions": "The things you said you would do.",
    "mentor": "Mentor matching for this community.",
    "round": "Admins: mentor matching rounds.",
    "inroads": "Help, your figures, your data.",
}
