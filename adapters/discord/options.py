"""A command's Discord inputs, read from its core spec, and typed values back to grammar text.

The core declares every input once (`bot.schema.Field`: kind, description, choices,
positional or ``key:``); :func:`decl_for` takes what Discord needs from a spec. A spec that
accepts ``key:`` options but declares no fields (yet) gets one free-text option
(:data:`FALLBACK`), so a new core command is never unreachable on Discord.

The values a person picked run as typed values (`Dispatcher.run_values`): the spec's own
builder validates them, with no detour through text. :func:`command_line` still writes the
same command as text, for the buttons a reply may offer to run it again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.commands import AnySpec
from bot.schema import Field, Form
from bot.typed import TypedValue, line_for


@dataclass(frozen=True)
class CommandDecl:
    fields: tuple[Field, ...] = ()
    form: Form | None = None
    spec: AnySpec | None = None  # None for the fallback, whose text runs as typed

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)


FALLBACK = CommandDecl(
    fields=(Field("text", "Everything after the command, as you would type it", positional=True),)
)


def decl_for(spec: AnySpec) -> CommandDecl:
    if not spec.fields and spec.options:
        return FALLBACK
    return CommandDecl(spec.fields, spec.form, spec)


OptionValue = TypedValue


def command_line(
    path: tuple[str, ...], decl: CommandDecl, values: Mapping[str, OptionValue]
) -> str:
    """The command as text (`interview log "Jane Doe" company:Acme`): what a button offered
    with the reply runs again, and how the fallback's free text runs at all."""
    if decl.spec is not None:
        return line_for(decl.spec, values)
    typed = str(values.get("text") or "").strip()
    return " ".join([*path, typed] if typed else path)


def wants_modal(decl: CommandDecl, values: Mapping[str, OptionValue]) -> bool:
    """A command with a form opens it when it arrives with none of the form's triggers."""
    if decl.form is None or not decl.form.opens_without:
        return False
    return all(values.get(name) in (None, "") for name in decl.form.opens_without)
