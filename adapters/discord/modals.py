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
from adapters.discord.options import (
    CommandDecl,
    OptionValue,
    command_line,
    decl_for,
    wants_modal,
)
from adapters.discord.render import cut
from bot.dispatcher import Dispatcher
from bot.domain import Actor
from bot.prefill import open_on_record, record_form
from bot.reply import read_payload
from bot.schema import LABEL_MAX

PLACEHOLDER_MAX = 100
TEXT_INPUT_MAX = 4000  # Discord's most for a text input, and for its default value


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
                max_length=TEXT_INPUT_MAX if field.long else 200,
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
    if target is not None or spec.form is None or spec.form.opens_on:
        return None  # a form about one record opens only on a line naming it
    return path, decl_for(spec)


async def button_form(
    dispatcher: Dispatcher,
    interaction: discord.Interaction[Any],
    guild_id: str | None,
    payload: str,
) -> CommandModal | None:
    """The form a clicked button opens, if any: a bare command's (`actions add`), or one
    on a record (`people edit 3`) holding what it says now, read for the clicker. From a
    DM, the caller asks briefly whether the clicker is still in the button's community
    before opening it, and the form's submission is checked again (`run_line`)."""
    if (form := form_opened_by(dispatcher, payload)) is not None:
        return CommandModal(*form, {}, guild_id=guild_id)
    if guild_id is None or record_form(dispatcher, payload) is None:
        return None  # no storage read for the many buttons that open no form
    user = interaction.user
    actor = Actor("discord", guild_id, str(user.id), user.display_name)
    return await form_on_record(dispatcher, actor, payload)


async def command_form(
    dispatcher: Dispatcher,
    interaction: discord.Interaction[Any],
    path: tuple[str, ...],
    decl: CommandDecl,
    values: Mapping[str, OptionValue],
) -> CommandModal | None:
    """The form a slash command opens, if any: its own when it arrives with none of the
    form's triggers (`wants_modal`), or, used in a server, one on the record it names
    (`/people edit request:3` with no text: the draft, ready to change)."""
    if wants_modal(decl, values):
        return CommandModal(path, decl, values)
    if interaction.guild_id is None or decl.spec is None or decl.spec.prefill is None:
        return None
    user = interaction.user
    actor = Actor("discord", str(interaction.guild_id), str(user.id), user.display_name)
    return await form_on_record(dispatcher, actor, command_line(path, decl, values))


async def form_on_record(dispatcher: Dispatcher, actor: Actor, payload: str) -> CommandModal | None:
    """The form a button opens on one record (a draft's "Edit": `people edit 3`), holding
    the record's current values read for the clicker (`bot.prefill`); None when it opens
    none, and the click then runs as typed, refusal and all. Starting values are cut to
    what Discord lets a text input hold, or it would refuse the whole form."""
    found = await open_on_record(dispatcher, actor, payload)
    if found is None:
        return None
    decl = decl_for(found.spec)
    _, inputs = form_inputs(decl)
    limits = {i.option: i.max_length for i in inputs}
    initial = {k: v[: limits.get(k, TEXT_INPUT_MAX)] for k, v in found.initial.items()}
    return CommandModal(found.path, decl, {**found.given, **initial}, guild_id=actor.workspace_id)
