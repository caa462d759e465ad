"""Mentions the bot means, kept apart from text people typed.

Why this exists: Slack and Discord turn `<@U123>`, `<!here>`, `<#C1>` and `@everyone` into
live mentions. If the core wrote those codes itself, a renderer could not tell the bot's
own mention of a match partner from the same characters typed into a mentor bio, and a
member could broadcast to a whole workspace through an introduction. So the core never
writes platform codes. It writes a neutral token (:func:`member`, :func:`channel`) made of
two Unicode noncharacters (U+FDD0, U+FDD1: reserved by Unicode for a program's internal
use, never meaningful in typed text) around the id, and each connector turns exactly those
tokens into its own mention syntax while escaping everything else (:func:`render`).

Typed text can never carry a token: :func:`scrub` removes the two characters from every
line before the core sees it (the dispatcher does this for every command), so a token in a
reply is always one the core made.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from bot.channels import parse_channel

OPEN = "\ufdd0"
CLOSE = "\ufdd1"

#: Ids are platform ids (Slack `U0ABC`, Discord snowflakes, console names): nothing that
#: could close the token or smuggle markup.
_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_TOKEN = re.compile(
    f"{OPEN}(?P<kind>[@#])(?P<id>[A-Za-z0-9._-]{{1,64}})(?:\\|(?P<name>[^{OPEN}{CLOSE}|]{{0,80}}))?{CLOSE}"
)
#: Invisible characters a renderer may add to break a mention in typed text (zero-width
#: space, word joiner). Removed from input too, so text copied out of a reply and pasted
#: back into a command reads as what it shows.
_INVISIBLE = "\u200b\u2060"
_SCRUB = str.maketrans("", "", OPEN + CLOSE + _INVISIBLE)


@dataclass(frozen=True, slots=True)
class MemberRef:
    """A member the bot mentions on purpose."""

    user_id: str


@dataclass(frozen=True, slots=True)
class ChannelRef:
    """A channel the bot links to on purpose (`name` shown where ids mean nothing)."""

    channel_id: str
    name: str = ""


Piece = str | MemberRef | ChannelRef


def member(user_id: str) -> str:
    """The token for mentioning `user_id`; an id that is not id-shaped is shown as text."""
    if not _ID.fullmatch(user_id):
        return scrub(user_id)
    return f"{OPEN}@{user_id}{CLOSE}"


def channel(setting: str) -> str:
    """A configured channel as the bot shows it: a link when the setting has an id, else
    `#name`, else the setting itself (as text)."""
    ref = parse_channel(setting)
    if ref is None:
        return scrub(setting)
    if not ref.id:
        return f"#{ref.name}"
    name = re.sub(r"[^\w.-]", "", ref.name)[:80]
    return f"{OPEN}#{ref.id}{'|' + name if name else ''}{CLOSE}"


def scrub(text: str) -> str:
    """Typed text made safe to place in a reply: no token characters, no invisible breaks."""
    return text.translate(_SCRUB)


def pieces(text: str) -> list[Piece]:
    """`text` split into typed or written text (str) and the bot's own references."""
    out: list[Piece] = []
    position = 0
    for found in _TOKEN.finditer(text):
        if found.start() > position:
            out.append(text[position : found.start()])
        if found["kind"] == "@":
            out.append(MemberRef(found["id"]))
        else:
            out.append(ChannelRef(found["id"], found["name"] or ""))
        position = found.end()
    if position < len(text):
        out.append(text[position:])
    return out


def render(
    text: str,
    *,
    text_part: Callable[[str], str],
    member_part: Callable[[str], str],
    channel_part: Callable[[ChannelRef], str],
) -> str:
    """Each piece through its connector's function. Text pieces are scrubbed first, so a
    stray half token never reaches a platform."""
    out: list[str] = []
    for piece in pieces(text):
        if isinstance(piece, MemberRef):
            out.append(member_part(piece.user_id))
        elif isinstance(piece, ChannelRef):
            out.append(channel_part(piece))
        else:
            out.append(text_part(scrub(piece)))
    return "".join(out)


def members_in(*texts: str) -> set[str]:
    """Every member id the bot mentions in `texts` (Discord allows pings to these only)."""
    return {p.user_id for t in texts for p in pieces(t) if isinstance(p, MemberRef)}


def plain(text: str, name: Callable[[str], str] = lambda _id: "a member") -> str:
    """For surfaces that show no mentions (headers, button labels, form errors)."""
    return render(
        text,
        text_part=lambda s: s,
        member_part=name,
        channel_part=lambda ref: f"#{ref.name or ref.channel_id}",
    )
