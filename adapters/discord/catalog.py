"""Which Discord options each command takes (the types and the line-building: options.py).

The core's specs know paths, summaries and which ``key:`` options a command accepts, but
not Discord's option types, descriptions, choices or autocomplete; this table adds them.
A test keeps it honest: every spec path has a Discord command and every declared option
that is not positional is one of the spec's ``options``. A spec with no entry here still
gets a command, with one free-text option (see :data:`FALLBACK`), so a new core command is
never unreachable on Discord.

Discord rejects a whole command sync when one description is over 100 characters, so the
descriptions here are short by construction (checked again at build time).

The options several commands share live in catalog_options.py and the `mentor` group's
entries in catalog_mentor.py (both split out to keep this module within the size rule).
"""

from __future__ import annotations

from collections.abc import Mapping

from adapters.discord.catalog_mentor import MENTOR_CATALOG
from adapters.discord.catalog_options import (
    ACTIONS,
    ASKED,
    CATEGORIES,
    COMPANY,
    CONTACT,
    DURATION,
    GOALS,
    INDUSTRY,
    INTERVIEW,
    MEDIUM,
    MEMBER,
    NOTES,
    NUMBER,
    ON_OFF,
    OUTCOMES,
    OUTREACH_FORMATS,
    POS_CONTACT,
    REFERRALS,
    REQUIRED_CONTACT,
    ROLE,
    STANDING_CHOICES,
    STATUSES,
    TAKEAWAYS,
    YES,
)
from adapters.discord.catalog_people import PEOPLE_CATALOG
from adapters.discord.options import CommandDecl, Kind, Opt
from adapters.discord.options import choices as _choices

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
    **MENTOR_CATALOG,
    **PEOPLE_CATALOG,
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
    "people": "The open-to-chat directory.",
    "round": "Admins: mentor matching rounds.",
    "inroads": "Help, your figures, your data.",
}
