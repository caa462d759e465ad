"""Turning a refusal into a next step: the corrected line, or the command that was meant.

The code that finds a problem rarely holds the whole line the person typed (a date reader
sees only `next tuesdy`; a contact lookup sees only the name), while the dispatcher does.
So the dispatcher asks this module to rewrite the person's own line into one that works,
and shows it as the thing to try.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.commands import AnySpec
from bot.errors import UsageError
from bot.grammar import Mention, Piece, clean, pieces, quote
from bot.reply import Reply
from bot.schema import Field, Kind


def corrected_line(text: str, fixes: Sequence[tuple[str, str]]) -> str:
    """`text` with each mistyped word replaced by the word meant (whole words, first time)."""
    line = text.strip()
    for wrong, right in fixes:
        pattern = re.compile(rf"(?<!\w){re.escape(wrong)}(?!\w)")
        line = pattern.sub(lambda _m, r=right: r, line, count=1)  # type: ignore[misc]
    return line


def apply_fixes(exc: UsageError, text: str) -> None:
    """Show the person's whole line, corrected, as what to try (typos in dates, for now)."""
    if not exc.fixes:
        return
    line = corrected_line(text, exc.fixes)
    if line != text.strip():
        exc.example = line.removeprefix("/")


@dataclass(frozen=True)
class LooseValue:
    """An unquoted option value followed by plain words that were probably part of it."""

    key: str
    value: str
    spill: str  # the words after it, as typed
    #: Words before and after (a name cut in two), or a command that takes no words at
    #: all: never what was meant, so the command is refused before it runs.
    splits_positionals: bool
    corrected: str

    def explanation(self) -> str:
        return (
            f"Only “{self.value}” went into `{self.key}:`; the words after it "
            f"(“{_shorten(self.spill)}”) were read as something else. "
            "A value with spaces needs quotes around it."
        )

    def refusal(self) -> UsageError:
        return UsageError(
            f"Only “{self.value}” would go into `{self.key}:`, and “{_shorten(self.spill)}” "
            "would be read as something else.",
            hint="A value with spaces needs quotes around it, like this:",
            example=self.corrected,
        )


def loose_value(text: str, spec: AnySpec, path_words: int) -> LooseValue | None:
    """The first option whose value spilled into following words, with the mended line."""
    try:
        line = clean(text.strip())
        found = pieces(line)
    except UsageError:
        return None
    for index, piece in enumerate(found):
        if piece.key is None or piece.quoted or isinstance(piece.value, Mention):
            continue
        spill = _plain_run(found[index + 1 :])
        if not spill:
            continue
        before = [p for p in found[path_words:index] if p.key is None]
        takes_positionals = bool(_word_fields(spec))
        mended = (
            line[: piece.start] + quote(line[piece.start : spill[-1].end]) + line[spill[-1].end :]
        )
        mended = _quote_lone_name(mended, spec, path_words)
        return LooseValue(
            key=piece.key,
            value=str(piece.value),
            spill=line[spill[0].start : spill[-1].end],
            splits_positionals=bool(before) or not takes_positionals,
            corrected=mended.removeprefix("/"),
        )
    return None


def _word_fields(spec: AnySpec) -> list[Field]:
    """The fields text may give as bare words (positional ones, then `bare` ones)."""
    return [f for f in spec.fields if f.positional] + [
        f for f in spec.fields if f.bare and not f.positional
    ]


def _plain_run(rest: Sequence[Piece]) -> list[Piece]:
    run: list[Piece] = []
    for piece in rest:
        if piece.key is not None or piece.quoted or isinstance(piece.value, Mention):
            break
        run.append(piece)
    return run


def _quote_lone_name(line: str, spec: AnySpec, path_words: int) -> str:
    """Quote a several-word name too, when the command takes one name and nothing else
    typed bare but free text (which is quoted anyway)."""
    named = [f for f in _word_fields(spec) if f.kind is not Kind.TEXT or f.name == "name"]
    if len(named) != 1 or not (named[0].kind is Kind.CONTACT or named[0].name == "name"):
        return line
    found = pieces(line)
    names = [p for p in found[path_words:] if p.key is None]
    if len(names) < 2 or any(p.quoted or isinstance(p.value, Mention) for p in names):
        return line
    start, end = names[0].start, names[-1].end
    if any(p.key is not None and start <= p.start < end for p in found):
        return line  # the name is split around an option: leave it as typed
    return line[:start] + quote(line[start:end]) + line[end:]


def _shorten(words: str) -> str:
    parts = words.split()
    return words if len(parts) <= 8 else " ".join(parts[:8]) + " …"


def mend(exc: UsageError, text: str, loose: LooseValue | None) -> None:
    """Point a refusal at the line that would work: typo fixes first, else quoting."""
    apply_fixes(exc, text)
    if loose is not None and not exc.fixes:
        exc.hint = f"{exc.hint}\n{loose.explanation()}".strip()
        exc.example = loose.corrected


def mend_reply(reply: Reply, loose: LooseValue | None) -> Reply:
    """The same for a handler that answers with an error reply instead of raising."""
    if loose is None or not reply.is_error:
        return reply
    return replace(reply, text=f"{reply.text}\n{loose.explanation()}\nTry: `{loose.corrected}`")


def subcommand_guess(word: str, specs: Sequence[AnySpec]) -> list[str]:
    """Commands whose second word is `word`: `stats` → `inroads stats`.

    Admin commands are offered only when nothing else fits: a member typing `stats` wants
    their own numbers, not `mentor stats`, which they may not run.
    """
    fits = [spec for spec in specs if len(spec.path) > 1 and spec.path[1] == word]
    everyone = [spec for spec in fits if not spec.admin_only]
    return sorted({spec.name for spec in everyone or fits})


def or_list(items: Sequence[str]) -> str:
    """`a`, `b` or `c`: how a person lists choices."""
    quoted = [f"`{item}`" for item in items]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" or {quoted[-1]}"
