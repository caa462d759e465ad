"""What the interaction handler offers the pieces discord.py calls back (buttons, forms,
file imports): a protocol, so those pieces need neither the client nor the handler's
module, and the package has no import circle (the client builds them all).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

import discord

from adapters.discord.options import CommandDecl, OptionValue
from adapters.inbound import Inbound, Surface
from bot.dispatcher import Dispatcher
from bot.domain import Actor
from bot.reply import Reply


class Handling(Protocol):
    """`adapters.discord.interactions.InteractionHandler`, as its callers see it."""

    inbound: Inbound

    @property
    def dispatcher(self) -> Dispatcher: ...

    async def admit(self, interaction: discord.Interaction[Any]) -> bool: ...

    async def actor_for(self, interaction: discord.Interaction[Any], line: str) -> Actor | None: ...

    async def run_line(
        self,
        interaction: discord.Interaction[Any],
        line: str,
        *,
        decl: CommandDecl | None = None,
        values: Mapping[str, OptionValue] | None = None,
        guild_id: str | None = None,
    ) -> None: ...

    async def on_button(
        self, interaction: discord.Interaction[Any], guild_id: str | None, payload: str
    ) -> None: ...

    def surface(
        self, interaction: discord.Interaction[Any], actor: Actor, *, help_asked: bool = False
    ) -> Surface: ...

    async def send(
        self, interaction: discord.Interaction[Any], reply: Reply, *, guild_id: str | None
    ) -> None: ...

    async def report_failure(
        self, interaction: discord.Interaction[Any], error: BaseException, where: str
    ) -> None: ...


def handler_of(interaction: discord.Interaction[Any]) -> Handling:
    """The handler of the client that received `interaction` (set by the client)."""
    handler: Handling = interaction.client.inroads
    return handler
