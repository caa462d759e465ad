"""Forms for commands that are easier to fill in than to type (at most 5 inputs each).

`/interview log` or `/interview plan` without a contact, and `/mentor join` without any
option, open a modal. Its answers are merged with the options already given and become
the same command line a typed command would: one validation path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import discord

from adapters.discord.options import CommandDecl, OptionValue, command_line

if TYPE_CHECKING:
    from adapters.discord.client import InroadsDiscordClient


@dataclass(frozen=True)
class Input:
    option: str
    label: str
    placeholder: str = ""
    long: bool = False
    required: bool = False
    max_length: int = 200


FORMS: Mapping[str, tuple[str, tuple[Input, ...]]] = {
    "interview_log": (
        "Log an interview",
        (
            Input("contact", "Who did you talk to?", "Jane Doe", required=True),
            Input("company", "Their company", "Acme"),
            Input("when", "When?", "yesterday 3pm (empty: now)"),
            Input("notes", "Notes", "What you talked about", long=True, max_length=4000),
            Input("takeaways", "Takeaways", "What you learned", long=True, max_length=4000),
        ),
    ),
    "interview_plan": (
        "Plan an interview",
        (
            Input("contact", "Who will you talk to?", "Jane Doe", required=True),
            Input("company", "Their company", "Acme"),
            Input("when", "When?", "next Tuesday 10am", required=True),
            Input("medium", "How?", "coffee, video, phone or in person"),
            Input("notes", "Notes", "What you want to learn", long=True, max_length=4000),
        ),
    ),
    "mentor_profile": (
        "Your mentoring profile",
        (
            Input("role", "Mentor, seeker or both?", "mentor", required=True, max_length=10),
            Input("industries", "Industries", "fintech, health"),
            Input("roles", "Roles", "product manager, data scientist"),
            Input("topics", "Topics", "career change, interviewing"),
            Input("bio", "A short introduction", "Who you are", long=True, max_length=1000),
        ),
    ),
}


class CommandModal(discord.ui.Modal):
    def __init__(
        self,
        path: tuple[str, ...],
        decl: CommandDecl,
        given: Mapping[str, OptionValue],
    ) -> None:
        title, inputs = FORMS[decl.modal]
        super().__init__(title=title, timeout=900)
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

    def line(self) -> str:
        values: dict[str, OptionValue] = dict(self.given)
        for option, field in self.inputs.items():
            if field.value.strip():
                values[option] = field.value.strip()
        return command_line(self.path, self.decl, values)

    async def interaction_check(self, interaction: discord.Interaction[Any], /) -> bool:
        client: InroadsDiscordClient = interaction.client
        return await client.inroads.admit(interaction)

    async def on_submit(self, interaction: discord.Interaction[Any]) -> None:
        client: InroadsDiscordClient = interaction.client
        await client.inroads.run_line(interaction, self.line())

    async def on_error(  # type: ignore[override]
        self, interaction: discord.Interaction[Any], error: Exception, /
    ) -> None:
        client: InroadsDiscordClient = interaction.client
        await client.inroads.report_failure(interaction, error, "modal " + " ".join(self.path))
