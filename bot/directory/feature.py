"""Every `people` command (the open-to-chat directory), in help order."""

from __future__ import annotations

from bot.commands import CommandSpec
from bot.directory import find, listing
from bot.directory.options import JOIN_EXAMPLE, JOIN_OPTIONS

SPECS = (
    CommandSpec(
        path=("people", "join"),
        summary="List yourself in the open-to-chat directory (or update your listing).",
        usage="people join [role:] [industry:] [company:] [path:] [school:] [year:] "
        "[topics:] [languages:] [timezone:] [medium:] [length:] [budget:0-10]",
        example=JOIN_EXAMPLE,
        build=listing.build_join,
        handle=listing.handle_join,
        options=JOIN_OPTIONS,
    ),
    CommandSpec(
        path=("people", "find"),
        summary="Find members open to a chat, ranked by fit, with why each was suggested.",
        usage="people find [industry:] [role:] [company:] [school:] [topic:] [words] [page:]",
        example=find.FIND_EXAMPLE,
        build=find.build_find,
        handle=find.handle_find,
        options=find.FIND_OPTIONS,
    ),
    CommandSpec(
        path=("people", "show"),
        summary="Your directory listing: every field and who can see it.",
        usage="people show",
        example="people show",
        build=listing.build_plain,
        handle=listing.handle_show,
    ),
    CommandSpec(
        path=("people", "pause"),
        summary="Hide your listing for a while (or until you resume); it is kept.",
        usage="people pause [for:2w | until:<date>]",
        example="people pause for:2w",
        build=listing.build_pause,
        handle=listing.handle_pause,
        options=("for", "until"),
    ),
    CommandSpec(
        path=("people", "resume"),
        summary="Show your listing in searches again.",
        usage="people resume",
        example="people resume",
        build=listing.build_plain,
        handle=listing.handle_resume,
    ),
    CommandSpec(
        path=("people", "leave"),
        summary="Leave the directory and delete your listing.",
        usage="people leave",
        example="people leave",
        build=listing.build_plain,
        handle=listing.handle_leave,
    ),
)
