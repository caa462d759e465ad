"""The times a helper offered, as choices the seeker can press.

The helper writes times in their own words (`people answer 3 suggest times:"Tue 3pm or
Thu 10am, London time"`). The seeker's message turns each into a button that runs
`people agree 3 when:"Tue 3pm"`, so picking one is a click, not a retyped phrase.

Splitting is deliberately modest: "or", semicolons and new lines always separate;
commas separate too, except after a bare weekday ("Tuesday, March 3 at 3pm" stays one).
A time zone said once for all ("…, London time", "(GMT)") is not a time: it is dropped
from the buttons, where the date reader would stumble on it, and stays in the helper's
words shown above them. Anything else is offered as written, even what the date reader
can't read ("any afternoon"): pressing it then gets that reader's friendly refusal,
with how to type a time instead.
"""

from __future__ import annotations

import re

from bot import mentions
from bot.datewords import WEEKDAYS
from bot.grammar import quote
from bot.reply import Action

MAX_CHOICES = 5
#: Longer pieces are not buttons (a label has room for about this much, and a Discord
#: button carries its whole command in 100 characters); the typed path still takes them.
MAX_CHOICE_CHARS = 40

_STRONG = re.compile(r"\s*(?:\n|;|\bor\b)\s*", re.IGNORECASE)
_ZONE = (
    r"(?:[A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+)?\s+[Tt]ime(?:\s*[Zz]one)?|(?i:your\s+time\s*zone)|"
    r"UTC|GMT|BST|CET|CEST|EET|EEST|WET|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|CT|MT|PT|"
    r"IST|JST|AEST|AEDT|NZST|NZDT|[A-Z][a-z]+/[A-Z][A-Za-z_]+)(?:\s*[+-]\s*\d{1,2})?"
)
#: A zone at the end of a piece, bare or in brackets: "10am London time", "3pm (GMT)".
#: Case matters: "London time" is a zone, "lunch time" is a time.
_TRAILING_ZONE = re.compile(rf"\s*(?:\(\s*{_ZONE}\s*\)|\b{_ZONE})\s*$")
_LEADING = re.compile(r"^(?:either|and|or|maybe|perhaps|how about|say)\s+", re.IGNORECASE)


def _pieces(segment: str) -> list[str]:
    """A segment split on commas, a bare weekday kept with what follows it."""
    parts = [p.strip() for p in segment.split(",")]
    merged: list[str] = []
    for part in parts:
        if merged and merged[-1].lower().rstrip(".") in WEEKDAYS:
            merged[-1] = f"{merged[-1]}, {part}"
        else:
            merged.append(part)
    return merged


def _clean(piece: str) -> str:
    piece = piece.strip(" \t.!?-–—")
    piece = _LEADING.sub("", piece)
    previous = None
    while previous != piece:  # "3pm London time (GMT)": every trailing zone goes
        previous = piece
        piece = _TRAILING_ZONE.sub("", piece).strip(" \t.!?-–—,")
    return " ".join(piece.split())


def offered_times(times: str) -> list[str]:
    """The distinct times in the helper's words, in order, at most five."""
    found: list[str] = []
    seen: set[str] = set()
    for segment in _STRONG.split(mentions.scrub(times)):
        for piece in _pieces(segment):
            choice = _clean(piece)
            key = choice.lower()
            if not choice or key in seen or len(choice) > MAX_CHOICE_CHARS:
                continue
            seen.add(key)
            found.append(choice)
    return found[:MAX_CHOICES]


def time_actions(request_id: int | None, times: str) -> tuple[Action, ...]:
    """A button per offered time, each agreeing to that one."""
    return tuple(
        Action(choice, f"people agree {request_id} when:{quote(choice)}")
        for choice in offered_times(times)
    )
