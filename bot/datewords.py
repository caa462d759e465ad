"""The words and shapes the date reader knows, and how a line of text becomes tokens.

Kept apart from the grammar (bot/datereader.py) because two things need the vocabulary
on its own: the tokenizer, which must tell a known word from an unknown one so nothing is
silently skipped, and the "did you mean" suggester, which corrects a misspelt day or month
against exactly the words the reader would then accept.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "weds": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

MONTH_NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTHS = {name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
MONTHS |= {name.lower()[:3]: number for number, name in enumerate(MONTH_NAMES, start=1)}
MONTHS["sept"] = 9

#: Unit words and their size; months and years are calendar steps, not fixed seconds.
UNITS: dict[str, tuple[str, int]] = {}
for _unit, _size, _names in (
    ("seconds", 1, "second seconds sec secs"),
    ("seconds", 60, "minute minutes min mins"),
    ("seconds", 3600, "hour hours hr hrs"),
    ("days", 1, "day days"),
    ("days", 7, "week weeks wk wks"),
    ("days", 14, "fortnight fortnights"),
    ("months", 1, "month months"),
    ("months", 12, "year years yr yrs"),
):
    for _name in _names.split():
        UNITS[_name] = (_unit, _size)

COUNT_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
#: Days named relative to today.
DAY_WORDS = {"today": 0, "tomorrow": 1, "tmrw": 1, "yesterday": -1}
#: Clock words, and parts of the day read as the time people usually mean by them.
CLOCK_WORDS = {"noon": (12, 0), "midday": (12, 0), "midnight": (0, 0)}
PARTS_OF_DAY = {"morning": (9, 0), "afternoon": (14, 0), "evening": (18, 0), "night": (20, 0)}
TONIGHT = (20, 0)
MODIFIERS = {"next": 1, "coming": 1, "last": -1, "past": -1, "this": 0}
#: Words that only join the others ("at 3pm", "on Tuesday", "the 3rd of May", "2 days from now").
JOINERS = frozenset({"in", "ago", "from", "now", "at", "on", "the", "of", "and", "after", "before"})

VOCABULARY = frozenset(
    {*WEEKDAYS, *MONTHS, *UNITS, *COUNT_WORDS, *DAY_WORDS, *CLOCK_WORDS, *PARTS_OF_DAY}
    | {*MODIFIERS, *JOINERS, "tonight", "am", "pm"}
)
#: Words worth suggesting: whole words of three letters or more (never an abbreviation,
#: so "did you mean" always shows the word spelt out).
_SUGGESTABLE = sorted(
    {w.lower() for w in (*WEEKDAY_NAMES, *MONTH_NAMES)}
    | {w for w in VOCABULARY if len(w) >= 3 and w not in {"tmrw", "tues", "weds", "thur"}}
    - {w.lower()[:3] for w in (*WEEKDAY_NAMES, *MONTH_NAMES)}
)

Kind = Literal["iso", "clock", "numdate", "ordinal", "number", "word", "other"]

_TOKEN = re.compile(
    r"""
    (?P<iso>(?P<iy>\d{4})-(?P<im>\d{1,2})-(?P<id>\d{1,2}))
        (?:t(?P<ih>\d{1,2}):(?P<imin>\d{2}))?(?![\w/-])
    |(?P<ampm>(?P<ah>\d{1,2})(?:[:.](?P<amin>\d{2}))?\s*(?P<half>a\.?m\.?|p\.?m\.?))(?![a-z\d])
    |(?P<hhmm>(?P<hh>\d{1,2}):(?P<mm>\d{1,2})(?::(?P<ss>\d{2}))?)(?![\w:])
    |(?P<numdate>\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?|\d{1,2}\.\d{1,2}\.\d{2,4})(?![\w/.-])
    |(?P<ordinal>\d{1,2})(?:st|nd|rd|th)(?![a-z\d])
    |(?P<number>\d+)
    |(?P<word>[a-z]+)
    |(?P<punct>[,.])
    |(?P<other>\S+?(?=\s|$|,))
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class Token:
    """One piece of a date phrase; `raw` is what the person typed, for messages."""

    kind: Kind
    raw: str
    word: str = ""
    numbers: tuple[int, ...] = ()
    pm: bool | None = None


def tokenize(text: str) -> list[Token]:
    """Split `text` into tokens; anything unrecognised becomes an "other" token."""
    tokens: list[Token] = []
    lowered = text.lower()
    index = 0
    while index < len(lowered):
        if lowered[index].isspace():
            index += 1
            continue
        match = _TOKEN.match(lowered, index)
        if match is None:  # pragma: no cover - the last alternative matches any non-space
            break
        raw = text[match.start() : match.end()]
        index = match.end()
        if not match.group("punct"):  # commas and full stops join, they carry no meaning
            tokens.append(_token(match, raw))
    return tokens


def _token(match: re.Match[str], raw: str) -> Token:
    group = match.group
    if group("iso"):
        iso = [int(group(k)) for k in ("iy", "im", "id")]
        if group("ih"):
            iso += [int(group("ih")), int(group("imin"))]
        return Token("iso", raw, numbers=tuple(iso))
    if group("ampm"):
        minute = int(group("amin")) if group("amin") else 0
        return Token(
            "clock", raw, numbers=(int(group("ah")), minute), pm=group("half").startswith("p")
        )
    if group("hhmm"):
        return Token(
            "clock", raw, numbers=(int(group("hh")), int(group("mm")), int(group("ss") or 0))
        )
    if group("numdate"):
        parts = tuple(int(p) for p in re.split(r"[/.-]", group("numdate")))
        return Token("numdate", raw, numbers=parts)
    if group("ordinal"):
        return Token("ordinal", raw, numbers=(int(group("ordinal")),))
    if group("number"):
        return Token("number", raw, numbers=(int(group("number")[:6]),))
    if group("word"):
        return Token("word", raw, word=group("word"))
    return Token("other", raw)


def unknown_words(tokens: list[Token]) -> list[Token]:
    """Tokens the reader has no meaning for: alphabetic words outside the vocabulary."""
    return [t for t in tokens if t.kind == "word" and t.word not in VOCABULARY]


def suggest(word: str) -> str | None:
    """The known word `word` was probably meant to be ("tuesdy" → "tuesday"), if any."""
    if len(word) < 3:
        return None
    close = difflib.get_close_matches(word.lower(), _SUGGESTABLE, n=1, cutoff=0.75)
    return close[0] if close else None


def match_case(original: str, replacement: str) -> str:
    """`replacement` written the way `original` was: "Febuary" → "February"."""
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement
