"""Channel references as people type them, read the same way on every platform.

An admin names the announcement channel in whatever form their client produces: a plain
`#mentoring`, Slack's escaped mention `<#C0123ABCD|mentoring>` (what a slash command
receives when someone picks a channel), Discord's `<#1234567890>`, or a raw id copied
from the channel's details. The core only needs to tell a channel from anything else at
config time; each adapter then uses the id when there is one (ids survive renames) and
resolves the name otherwise. One parser serves both, so what config accepts is exactly
what the adapters can post to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Words that turn announcements off.
CLEAR_WORDS = frozenset({"off", "none"})
#: The column holding the channel is 64 characters wide.
CHANNEL_MAX = 64

# <#C0123|name> (Slack, the name may be empty) or <#123456> (Discord).
_MENTION = re.compile(r"<#(?P<id>[A-Z0-9]+)(?:\|(?P<name>[^<>|]*))?>")
# A channel name: no spaces, and none of the characters that mark mentions or options.
_NAME = re.compile(r"#(?P<name>[^\s#<>@|:,\"'`]+)")
# Slack ids start with C (public) or G (private); Discord ids are snowflakes (digits).
_RAW_ID = re.compile(r"(?P<id>[CG][A-Z0-9]{2,}|[0-9]{1,25})")


@dataclass(frozen=True)
class ChannelRef:
    """A channel id (platform-specific, preferred) and/or a name without its `#`."""

    id: str = ""
    name: str = ""


def parse_channel(text: str) -> ChannelRef | None:
    """The channel `text` refers to, or None when it is not a channel reference."""
    cleaned = text.strip()
    if not cleaned or len(cleaned) > CHANNEL_MAX:
        return None
    if found := _MENTION.fullmatch(cleaned):
        return ChannelRef(id=found["id"], name=found["name"] or "")
    if found := _NAME.fullmatch(cleaned):
        return ChannelRef(name=found["name"])
    if found := _RAW_ID.fullmatch(cleaned):
        return ChannelRef(id=found["id"])
    return None
