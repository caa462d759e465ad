"""A command's Discord inputs, read from its core spec, and typed values back to grammar text.

The core declares every input once (`bot.schema.Field`: kind, description, choices,
positional or ``key:``); :func:`decl_for` takes what Discord needs from a spec. A spec that
accepts ``key:`` options but declares no fields (yet) gets one free-text option
(:data:`FALLBACK`), so a new core command is never unreachable on Discord.

:func:`command_line` turns the values a person picked into the text the core's grammar
reads (``interview log "Jane Doe" company:Acme``), quoting with ``bot.grammar.quote`` so
there is one validation path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.commands import AnySpec
from bot.grammar import quote
from bot.schema import Field, Form, Kind


@dataclass(frozen=True)
class CommandDecl:
    fields: tuple[Field, ...] = ()
    form: Form | None = None
    raw: bool = False  # the fallback: grammar text typed by the person, passed on unquoted

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


FALLBACK = CommandDecl(
    fields=(Field("text", "Everything after the command, as you would type it", positional=True),),
    raw=True,
)


def decl_for(spec: AnySpec) -> CommandDecl:
    if not spec.fields and spec.options:
        return FALLBACK
    return CommandDecl(spec.fields, spec.form)


OptionValue = str | int | None


def mention(user_id: int | str) -> str:
    return f"<@{user_id}>"


def render_value(decl: CommandDecl, field: Field, value: OptionValue) -> str:
    """One option value as grammar text: mentions stay bare, free text is quoted."""
    text = str(value).strip()
    if field.kind is Kind.MEMBER:
        return text  # already a <@id> mention, which quote() would turn into a plain word
    if decl.raw:
        return text
    return quote(text)


def command_line(
    path: tuple[str, ...], decl: CommandDecl, values: Mapping[str, OptionValue]
) -> str:
    """`interview log "Jane Doe" company:Acme`: positionals in order, then key:value pairs."""
    words = list(path)
    for field in decl.fields:
        value = values.get(field.name)
        if value is None or str(value).strip() == "":
            continue
        rendered = render_value(decl, field, value)
        words.append(rendered if field.positional else f"{field.name}:{rendered}")
    return " ".join(words)


def wants_modal(decl: CommandDecl, values: Mapping[str, OptionValue]) -> bool:
    """A command with a form opens it when it arrives with none of the form's triggers."""
    if decl.form is None or not decl.form.opens_without:
        return False
    return all(values.get(name) in (None, "") for name in decl.form.opens_without)
