"""Command specs: how a line of text becomes a typed command and which handler runs it.

Each feature module exposes ``SPECS``: a tuple of :class:`CommandSpec`. A spec names the
command path (``("interview", "log")``), documents it (summary and example; `help` and
the usage line are generated from these and the fields, so they never drift), lists the
options it accepts, builds the frozen command dataclass from parsed text, and points at
the async handler.

A spec's ``fields`` (:mod:`bot.schema`) declare its inputs once, with what every platform
needs to ask for them; the ``key:`` options it accepts are derived from them (plus any
text-only ``options`` given explicitly). Adapters with typed inputs (Discord options,
Slack modals) build the same :class:`bot.grammar.ParsedArgs` and call
:meth:`CommandSpec.build`, so validation has one home no matter where the input came from.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from dataclasses import field as spec_field
from typing import Any, Generic, TypeVar

from bot.domain import Actor
from bot.grammar import ParsedArgs
from bot.reply import Reply
from bot.schema import Field, Form
from bot.services import Services
from bot.usage import usage_line


@dataclass(frozen=True, kw_only=True)
class Command:
    """Base of every command: who asked."""

    actor: Actor


C = TypeVar("C", bound=Command)


@dataclass(frozen=True)
class CommandSpec(Generic[C]):
    path: tuple[str, ...]
    summary: str
    example: str
    build: Callable[[ParsedArgs, Actor], C]
    handle: Callable[[C, Services], Awaitable[Reply]]
    #: Text-only ``key:`` options beyond the fields' own (accepted to refuse them kindly).
    options: tuple[str, ...] = ()
    aliases: tuple[tuple[str, ...], ...] = ()
    admin_only: bool = False
    fields: tuple[Field, ...] = ()
    form: Form | None = None
    #: For a form opened on a record (`Form.opens_on`): the command as built from the
    #: line, and the services, to the form's starting values, read for that person only
    #: and with the checks its handler makes (whose record, which state; admin); None for
    #: no form after all. A refusal (UsageError) means no form: the command then
    #: runs as typed and gives its own friendly refusal (:mod:`bot.prefill`).
    prefill: Callable[[C, Services], Awaitable[Mapping[str, str] | None]] | None = None
    #: A platform that cannot have a group word be a command too (Discord) exposes the
    #: group's bare command (`questions`) as this subcommand (`/questions suggest`).
    bare_name: str = "run"
    #: How to type it, written from the fields (:mod:`bot.usage`); leave it out. A spec
    #: from before usage was generated may still pass its own, which is then shown as it
    #: is (tests/unit/test_command_schema.py says which in-tree specs still do).
    usage: str = spec_field(default="", kw_only=True)

    def __post_init__(self) -> None:
        keys = [key for field in self.fields for key in field.keys]
        merged = tuple(dict.fromkeys((*keys, *self.options)))
        object.__setattr__(self, "options", merged)
        names = tuple(field.name for field in self.fields)
        if len(set(names)) != len(names):
            raise ValueError(f"{self.name}: two fields share a name")
        if self.form is not None:
            object.__setattr__(self, "form", self.form.for_fields(names))
        if bool(self.form and self.form.opens_on) != (self.prefill is not None):
            raise ValueError(f"{self.name}: a form on a record, and only one, has a prefill")
        if not self.usage:
            object.__setattr__(self, "usage", usage_line(self.path, self.fields))

    def field(self, name: str) -> Field:
        return next(f for f in self.fields if f.name == name)

    @property
    def name(self) -> str:
        return " ".join(self.path)


AnySpec = CommandSpec[Any]
