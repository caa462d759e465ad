"""The one text grammar shared by Slack slash-command text, the console and buttons.

    interview log "Jane Doe" company:"Acme Corp" when:yesterday notes:'great chat'
    questions for:<@U123ABC>

* words are separated by whitespace;
* "double", 'single' and “curly” quotes group words (Slack clients often send curly ones);
* ``key:value`` is an option (the value may be quoted); keys are letters, digits, ``-``/``_``;
* ``<@U123>``, ``<@U123|jane>``, ``<@!123>`` (Slack/Discord) and ``@name`` are mentions.

Parsing is purely syntactic; each command's builder decides what the words mean.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.errors import UsageError

MAX_INPUT_CHARS = 20_000

_QUOTES = {'"': '"', "'": "'", "“": "”", "”": "”", "‘": "’", "’": "’", "«": "»"}
_OPTION_KEY = re.compile(r"([A-Za-z][A-Za-z0-9_-]{0,31}):(?=\S|$)")
_PLATFORM_MENTION = re.compile(r"<@!?([A-Za-z0-9]+)(?:\|([^>]*))?>")
_AT_MENTION = re.compile(r"@([A-Za-z0-9][\w.-]{0,79})")


@dataclass(frozen=True, slots=True)
class Mention:
    """A reference to a member of the workspace."""

    user_id: str
    label: str = ""

    def __str__(self) -> str:
        return self.label or self.user_id


Value = str | Mention


@dataclass(frozen=True)
class ParsedArgs:
    positionals: tuple[Value, ...] = ()
    options: Mapping[str, Value] = field(default_factory=dict)

    def words(self) -> list[str]:
        return [str(p) for p in self.positionals]

    def text(self) -> str:
        return " ".join(self.words())

    def option(self, *names: str) -> Value | None:
        for name in names:
            if name in self.options:
                return self.options[name]
        return None

    def option_text(self, *names: str, default: str = "") -> str:
        value = self.option(*names)
        return default if value is None else str(value).strip()

    def shifted(self, count: int) -> ParsedArgs:
        return ParsedArgs(self.positionals[count:], self.options)


def read_member(text: str) -> Mention | None:
    """The member `text` names when it is exactly a platform mention (`<@U42>`, as
    :func:`member_argument` writes one), read as :func:`parse` reads it; else None."""
    match = _PLATFORM_MENTION.fullmatch(text)
    return Mention(match.group(1), (match.group(2) or "").strip()) if match else None


def _as_mention(token: str) -> Mention | None:
    if (member := read_member(token)) is not None:
        return member
    match = _AT_MENTION.fullmatch(token)
    if match:
        return Mention(match.group(1), match.group(1))
    return None


def _read_quoted(text: str, start: int) -> tuple[str, int]:
    """Read a quoted run starting at `start` (a quote); return (content, index after)."""
    closing = _QUOTES[text[start]]
    parts: list[str] = []
    end = start + 1
    while True:
        stop = text.find(closing, end)
        if stop < 0:
            raise UsageError(
                "A quote was opened but never closed.",
                example='interview log "Jane Doe" company:"Acme Corp"',
            )
        parts.append(text[end:stop])
        # A doubled closing quote is that quote, kept (how :func:`quote` writes a value
        # that holds every kind of closing quote).
        if text.startswith(closing * 2, stop):
            parts.append(closing)
            end = stop + 2
            continue
        return "".join(parts), stop + 1


def _read_bare(text: str, start: int) -> tuple[str, int]:
    end = start
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end], end


def member_argument(user_id: str) -> str:
    """A member as a command line names them, for commands the core writes into buttons
    (`interview log <member>`) and lines rebuilt from typed values.

    The one place outside the parser that writes a platform-style mention: this text is
    input for :func:`parse`, never shown as a mention (replies mention people through
    `bot.mentions`, which each connector renders). tests/unit/test_core_mentions.py holds
    the rest of the core to that.
    """
    return f"<@{user_id}>"


def _read_value(text: str, start: int) -> tuple[Value, int, bool]:
    """Read one value; returns (value, next index, was_quoted)."""
    if start < len(text) and text[start] in _QUOTES:
        content, end = _read_quoted(text, start)
        return content, end, True
    # A platform mention may carry a label with spaces: <@U42|Ann Lee>.
    platform_mention = _PLATFORM_MENTION.match(text, start)
    if platform_mention:
        after = platform_mention.end()
        if after == len(text) or text[after].isspace():
            return _as_mention(platform_mention.group(0)) or "", after, False
    raw, end = _read_bare(text, start)
    mention = _as_mention(raw)
    return (mention if mention else raw), end, False


@dataclass(frozen=True, slots=True)
class Piece:
    """One option or positional as typed, with where its value sits in the text.

    Kept so messages can point at what was typed: a value typed without quotes that is
    followed by more plain words is usually one value meant with spaces (bot/hints.py).
    """

    key: str | None  # the option's key; None for a positional
    value: Value
    quoted: bool
    start: int  # index of the value (after `key:`) in the cleaned text
    end: int


def clean(text: str) -> str:
    """The text :func:`pieces` indexes into (NUL bytes dropped), after the length check."""
    if len(text) > MAX_INPUT_CHARS:
        raise UsageError(
            f"That message is too long ({len(text):,} characters); "
            f"keep a command under {MAX_INPUT_CHARS:,}.",
        )
    return text.replace("\x00", "")


def pieces(text: str) -> list[Piece]:
    """Split cleaned text into pieces in typed order; raises UsageError on bad syntax."""
    found: list[Piece] = []
    index = 0
    while index < len(text):
        if text[index].isspace():
            index += 1
            continue
        key_match = _OPTION_KEY.match(text, index)
        if key_match and not text.startswith(("http:", "https:"), index):
            start = key_match.end()
            value, index, quoted = _read_value(text, start)
            found.append(Piece(key_match.group(1).lower(), value, quoted, start, index))
            continue
        start = index
        value, index, quoted = _read_value(text, index)
        found.append(Piece(None, value, quoted, start, index))
    return found


def parse(text: str) -> ParsedArgs:
    """Split command text into positionals and options; raises UsageError on bad syntax."""
    positionals: list[Value] = []
    options: dict[str, Value] = {}
    for piece in pieces(clean(text)):
        if piece.key is None:
            positionals.append(piece.value)
            continue
        if piece.key in options:
            raise UsageError(
                f"The option `{piece.key}:` was given twice; give it once.",
                example=f'{piece.key}:"..."',
            )
        options[piece.key] = piece.value
    return ParsedArgs(tuple(positionals), options)


def quote(value: str) -> str:
    """Quote a value so :func:`parse` reads it back as one word (used to build commands)."""
    plain = not any(ch.isspace() or ch in _QUOTES or ch == ":" for ch in value)
    if value and plain and not value.startswith(("@", "<@")):
        return value
    for opening in ('"', "'", "“", "‘", "«"):
        if _QUOTES[opening] not in value:
            return f"{opening}{value}{_QUOTES[opening]}"
    # Every closing quote is in the value: double the one that closes (never alter text).
    return '"' + value.replace('"', '""') + '"'
