"""Discord option declarations and how typed values become one line of command text.

A Discord command's options are declared as :class:`Opt` (name, type, description,
choices, autocomplete kind, positional or ``key:``). :func:`command_line` turns the values
a person picked into the text the core's grammar reads (``interview log "Jane Doe"
company:Acme``), quoting with ``bot.grammar.quote`` so there is one validation path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from bot.grammar import quote


class Kind(StrEnum):
    TEXT = "text"
    INT = "int"
    MEMBER = "member"  # a Discord user; becomes a <@id> mention
    CONTACT = "contact"  # text with autocomplete over the user's own contacts
    INTERVIEW = "interview"  # text with autocomplete over the user's own interviews
    FILE = "file"  # an attachment: its bytes go to the command, never into the line


@dataclass(frozen=True)
class Opt:
    name: str
    description: str
    kind: Kind = Kind.TEXT
    required: bool = False
    positional: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (label, value)
    raw: bool = False  # grammar text typed by the person, passed through unquoted


@dataclass(frozen=True)
class CommandDecl:
    description: str = ""  # used when the core has no spec (yet) for the path
    options: tuple[Opt, ...] = ()
    modal: str = ""  # a modal opened when the options below are all missing
    modal_unless: tuple[str, ...] = ()
    #: Discord cannot have `/questions` both as a command and as a group: when the core has
    #: both, the bare command is exposed as this subcommand (`/questions suggest`).
    bare_name: str = "run"


def choices(*values: str) -> tuple[tuple[str, str], ...]:
    return tuple((v, v) for v in values)


FALLBACK = CommandDecl(
    options=(
        Opt(
            "text",
            "Everything after the command, as you would type it",
            positional=True,
            raw=True,
        ),
    )
)

OptionValue = str | int | None


def mention(user_id: int | str) -> str:
    return f"<@{user_id}>"


def render_value(opt: Opt, value: OptionValue) -> str:
    """One option value as grammar text: mentions stay bare, free text is quoted."""
    text = str(value).strip()
    if opt.kind is Kind.MEMBER:
        return text  # already a <@id> mention, which quote() would turn into a plain word
    if opt.raw:
        return text
    return quote(text)


def command_line(
    path: tuple[str, ...], decl: CommandDecl, values: Mapping[str, OptionValue]
) -> str:
    """`interview log "Jane Doe" company:Acme`: positionals in order, then key:value pairs."""
    words = list(path)
    for opt in decl.options:
        value = values.get(opt.name)
        if opt.kind is Kind.FILE or value is None or str(value).strip() == "":
            continue
        rendered = render_value(opt, value)
        words.append(rendered if opt.positional else f"{opt.name}:{rendered}")
    return " ".join(words)


def wants_modal(decl: CommandDecl, values: Mapping[str, OptionValue]) -> bool:
    if not decl.modal:
        return False
    return all(values.get(name) in (None, "") for name in decl.modal_unless)
