"""Every `people` command (the open-to-chat directory), in help order."""

from __future__ import annotations

from bot.commands import CommandSpec
from bot.directory import find, listing
from bot.directory.options import JOIN_EXAMPLE, MEDIA
from bot.schema import Field, Kind, choice, text

JOIN_FIELDS = (
    text("role", "Your job title, e.g. data analyst", aliases=("roles",)),
    text("industry", "Industries, comma separated, e.g. grocery", aliases=("industries",)),
    text("company", "Where you work"),
    text("path", "Your path, e.g. changed careers from teaching"),
    text("school", "Where you studied"),
    Field("year", "Class year, e.g. 2015", Kind.NUMBER),
    text("topics", "What you're happy to talk about, comma separated"),
    text("languages", "Languages you speak, e.g. en, fr"),
    text("timezone", "IANA time zone, e.g. Europe/London", aliases=("tz",)),
    choice("medium", "How you like to talk", *MEDIA),
    Field("length", "How long, e.g. 20m", Kind.DURATION),
    Field("budget", "Requests a month you accept, 0 to 10", Kind.NUMBER),
)
FIND_FIELDS = (
    Field("words", "Anything else, e.g. changed careers", positional=True, keyword=False),
    text("industry", "An industry, e.g. grocery"),
    text("role", "A job title, e.g. category manager"),
    text("company", "A company"),
    text("school", "A school"),
    text("topic", "A topic, e.g. pricing"),
    Field("page", "Page number", Kind.NUMBER),
)
PAUSE_FIELDS = (
    Field("for", "For how long, e.g. 2w", Kind.DURATION),
    Field("until", "Until when, e.g. March 1", Kind.MOMENT),
)

SPECS = (
    CommandSpec(
        path=("people", "join"),
        summary="List yourself in the open-to-chat directory (or update your listing).",
        example=JOIN_EXAMPLE,
        build=listing.build_join,
        handle=listing.handle_join,
        fields=JOIN_FIELDS,
    ),
    CommandSpec(
        path=("people", "find"),
        summary="Find members open to a chat, ranked by fit, with why each was suggested.",
        example=find.FIND_EXAMPLE,
        build=find.build_find,
        handle=find.handle_find,
        fields=FIND_FIELDS,
    ),
    CommandSpec(
        path=("people", "show"),
        summary="Your directory listing: every field and who can see it.",
        example="people show",
        build=listing.build_plain,
        handle=listing.handle_show,
    ),
    CommandSpec(
        path=("people", "pause"),
        summary="Hide your listing for a while (or until you resume); it is kept.",
        example="people pause for:2w",
        build=listing.build_pause,
        handle=listing.handle_pause,
        fields=PAUSE_FIELDS,
    ),
    CommandSpec(
        path=("people", "resume"),
        summary="Show your listing in searches again.",
        example="people resume",
        build=listing.build_plain,
        handle=listing.handle_resume,
    ),
    CommandSpec(
        path=("people", "leave"),
        summary="Leave the directory and delete your listing.",
        example="people leave",
        build=listing.build_plain,
        handle=listing.handle_leave,
    ),
)
