"""The `people` group's Discord options (the open-to-chat directory), merged into catalog.py.

Kept apart like the mentor group's, so catalog.py stays within the size rule.
"""

from __future__ import annotations

from collections.abc import Mapping

from adapters.discord.options import CommandDecl, Kind, Opt
from adapters.discord.options import choices as _choices
from bot.directory.options import MEDIA

PEOPLE_CATALOG: Mapping[tuple[str, ...], CommandDecl] = {
    ("people", "join"): CommandDecl(
        "List yourself in the open-to-chat directory (or update it).",
        (
            Opt("role", "Your job title, e.g. data analyst"),
            Opt("industry", "Industries, comma separated, e.g. grocery, logistics"),
            Opt("company", "Where you work"),
            Opt("path", "Your path, e.g. changed careers from teaching"),
            Opt("school", "Where you studied"),
            Opt("year", "Class year, e.g. 2015", Kind.INT),
            Opt("topics", "What you're happy to talk about, comma separated"),
            Opt("languages", "Languages you speak, e.g. en, fr"),
            Opt("timezone", "IANA time zone, e.g. Europe/London"),
            Opt("medium", "How you like to talk", choices=_choices(*MEDIA)),
            Opt("length", "How long, e.g. 20m"),
            Opt("budget", "Requests a month you accept, 0 to 10", Kind.INT),
        ),
    ),
    ("people", "find"): CommandDecl(
        "Find members open to a chat, and why each fits.",
        (
            Opt("words", "Anything else, e.g. changed careers", positional=True, raw=True),
            Opt("industry", "An industry, e.g. grocery"),
            Opt("role", "A job title, e.g. category manager"),
            Opt("company", "A company"),
            Opt("school", "A school"),
            Opt("topic", "A topic, e.g. pricing"),
            Opt("page", "Page number", Kind.INT),
        ),
    ),
    ("people", "show"): CommandDecl("Your listing, and who sees each field."),
    ("people", "pause"): CommandDecl(
        "Hide your listing for a while.",
        (Opt("for", "For how long, e.g. 2w"), Opt("until", "Until when, e.g. March 1")),
    ),
    ("people", "resume"): CommandDecl("Show your listing again."),
    ("people", "leave"): CommandDecl("Leave the directory and delete your listing."),
}
