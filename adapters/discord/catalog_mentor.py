"""The `mentor` group's Discord options, merged into the command table in catalog.py.

The mentoring commands are the largest group and share nothing with the others but a
few choice lists, so their declarations live here to keep catalog.py under the house
size limit; catalog.py places them in the table where they always stood.
"""

from __future__ import annotations

from collections.abc import Mapping

from adapters.discord.catalog_options import GOALS, ON_OFF
from adapters.discord.options import CommandDecl, Kind, Opt
from adapters.discord.options import choices as _choices
from bot.domain import ProfileRole

ROLES = _choices(*(r.value for r in ProfileRole))
INDUSTRIES = Opt("industries", "Industries, comma separated, e.g. fintech, health")
ROLES_OPT = Opt("roles", "Roles, comma separated, e.g. product manager")
TOPICS = Opt("topics", "Topics, comma separated, e.g. career change")
LEARNING = Opt("learning", "What you want to learn (seekers)")
MENTOR_GOAL = Opt("goal", "Your goal (seekers)", choices=GOALS)

MENTOR_CATALOG: Mapping[tuple[str, ...], CommandDecl] = {
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
}
