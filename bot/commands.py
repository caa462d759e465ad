"""Command specs: how a line of text becomes a typed command and which handler runs it.

Each feature module exposes ``SPECS``: a tuple of :class:`CommandSpec`. A spec names the
command path (``("interview", "log")``), documents it (summary, usage, example — `help`
is generated from these, so it never drifts), lists the options it accepts, builds the
frozen command dataclass from parsed text, and points at the async handler.

Adapters with typed inputs (Discord options, Slack modals) build the same
:class:`bot.grammar.ParsedArgs` and call :meth:`CommandSpec.build`, so validation has one
home no matter where the input came from.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from bot.domain import Actor
from bot.grammar import ParsedArgs
from bot.reply import Reply
from bot.services import Services


@dataclass(frozen=True, kw_only=True)
class Command:
    """Base of every command: who asked."""

    actor: Actor


C = TypeVar("C", bound=Command)


@dataclass(frozen=True)
class CommandSpec(Generic[C]):
    path: tuple[str, ...]
    summary: str
    usage: str
    example: str
    build: Callable[[ParsedArgs, Actor], C]
    handle: Callable[[C, Services], Awaitable[Reply]]
    options: tuple[str, ...] = ()
    aliases: tuple[tuple[str, ...], ...] = ()
    admin_only: bool = False

    @property
    def name(self) -> str:
        return " ".join(self.path)


AnySpec = CommandSpec[Any]
