"""Forms for commands that are easier to fill in than to type (at most 5 inputs each).

A command whose spec declares a form (`bot.schema.Form`: `/interview log` or `plan`
without a contact, `/mentor join` without any option) opens it; the form's short list of
fields becomes text inputs labelled with each field's question. Its answers are merged
with the options already given and become the same command line a typed command would:
one validation path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import discord

from adapters.discord.handling import handler_of
from adapters.discord.options import CommandDecl, OptionValue, command_line, decl_for
from adapters.discord.render import cut
from bot.dispatcher import Dispatcher
from bot.reply import read_payload
from bot.schema import LABEL_MAX

PLACEHOLDER_MAX = 100


@dataclass(frozen=True)
class Input:
    option: str
    label: str
    placeholder: str = ""
    long: bool = False
    required: bool = False
    max_length: int = 200


def form_inputs(decl: CommandDecl) -> tuple[str, tuple[Input, ...]]:
    """The form's title and its text inputs, from the spec's fields."""
    assert decl.form is not None
    form = decl.form
    inputs: list[Input] = []
    for name in form.small:
        field = decl.field(name)
        hint = field.placeholder or ", ".join(value for _, value in field.choices)
        inputs.append(
            Input(
                name,
                cut(field.question, LABEL_MAX),
                cut(hint, PLACEHOLDER_MAX),
                long=field.long,
                required=field.required or name in form.required,
                max_length=4000 if field.long else 200,
            )
        )
    return form.title, tuple(inputs)


class CommandModal(discord.ui.Modal):
    def __init__(
        self,
        path: tuple[str, ...],
        decl: CommandDecl,
        given: Mapping[str, OptionValue],
        *,
        guild_id: str | None = None,
    ) -> None:
        title, inputs = form_inputs(decl)
        super().__init__(title=title, timeout=900)
        self.guild_id = guild_id  # opened from a DM button: the community it runs in
        self.path = path
        self.decl = decl
        self.given = dict(given)
        self.inputs: dict[str, discord.ui.TextInput[Any]] = {}
        for spec in inputs:
            preset = given.get(spec.option)
            field: discord.ui.TextInput[Any] = discord.ui.TextInput(
                label=spec.label,
                placeholder=spec.placeholder or None,
                style=discord.TextStyle.paragraph if spec.long else discord.TextStyle.short,
                required=spec.required,
                max_length=spec.max_length,
                default=None if preset is None else str(preset),
            )
            self.inputs[spec.option] = field
            self.add_item(field)

    def values(self) -> dict[str, OptionValue]:
        """The options already given, with what the form added."""
        values: dict[str, OptionValue] = dict(self.given)
        for option, field in self.inputs.items():
            if field.value.strip():
                values[option] = field.value.strip()
        return values

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        return await handler_of(interaction).admit(interaction)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        values = self.values()
        line = command_line(self.path, self.decl, values)
        await handler_of(interaction).run_line(
            interaction, line, decl=self.decl, values=values, guild_id=self.guild_id
        )

    async def on_error(  # type: ignore[override]
        self, interaction: discord.Interaction[Any], error: Exception, /
    ) -> None:
        await handler_of(interaction).report_failure(
            interaction, error, "modal " + " ".join(self.path)
        )


def form_opened_by(
    dispatcher: Dispatcher, payload: str
) -> tuple[tuple[str, ...], CommandDecl] | None:
    """A button whose whole command is a command with a form (`actions add`, nothing
    typed) opens that form, as the same button does on Slack."""
    target, command = read_payload(payload)
    path = tuple(command.split())
    try:
        spec = dispatcher.spec_for(path)
    except KeyError:
        return None
    if target is not None or spec.form is None:
        return None
    return path, decl_for(spec)
