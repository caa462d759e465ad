"""`inroads help` (and plain `help`): every command with an example, generated from specs."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import AnySpec, Command, CommandSpec
from bot.domain import Actor
from bot.errors import UsageError
from bot.grammar import ParsedArgs
from bot.hints import or_list, subcommand_guess
from bot.reply import Field, Reply, Section
from bot.schema import text
from bot.services import Services

INTRO = (
    "Inroads helps you learn from people in fields you're curious about: plan and log "
    "informational interviews, prepare questions, draft outreach, and get nudged to send "
    "thank-yous and keep in touch. Everything you log is visible to you only."
)


@dataclass(frozen=True, kw_only=True)
class Help(Command):
    topic: str = ""


def build_help(args: ParsedArgs, actor: Actor) -> Help:
    return Help(actor=actor, topic=args.text().strip().lower().removeprefix("/"))


def help_reply(specs: tuple[AnySpec, ...], topic: str = "") -> Reply:
    groups: dict[str, list[AnySpec]] = {}
    for spec in specs:
        groups.setdefault(spec.path[0], []).append(spec)
    if topic:
        words = topic.split()
        one = _one_command(specs, words)
        if one is not None:
            return command_help(one)
        group = words[0]
        if group not in groups:
            raise UsageError(
                f"There's no command `{topic[:40]}`.",
                hint="Commands: " + ", ".join(sorted(groups)) + ".",
                example="help interview",
            )
        if len(words) > 1:
            subs = ", ".join(f"`{spec.name}`" for spec in groups[group])
            raise UsageError(
                f"`{group}` has no command `{words[1][:40]}`.",
                hint=f"Its commands: {subs}.",
                example=f"help {groups[group][0].name}",
            )
        return Reply(
            title=f"/{group}",
            sections=tuple(
                Section(f"/{spec.name} — {spec.summary}", (spec.usage, f"e.g. /{spec.example}"))
                for spec in groups[group]
            ),
        )
    sections = tuple(
        Section(
            f"/{group}",
            tuple(f"/{s.name} — {s.summary}  e.g. `/{s.example}`" for s in group_specs),
        )
        for group, group_specs in groups.items()
    )
    return Reply(
        title="Inroads — commands",
        text=INTRO,
        sections=sections,
        footer="`help <group>` shows one group's commands (e.g. `help interview`), and "
        "`help <group> <command>` one command alone (e.g. `help interview plan`).",
    )


def _one_command(specs: tuple[AnySpec, ...], words: list[str]) -> AnySpec | None:
    """The command `words` name: `interview plan`, or a lone `plan` that only one group has."""
    for spec in specs:
        if len(spec.path) > 1 and [*spec.path] == words:
            return spec
    if len(words) == 1 and words[0] not in {s.path[0] for s in specs}:
        meant = subcommand_guess(words[0], specs)
        if len(meant) == 1:
            return next(s for s in specs if s.name == meant[0])
        if meant:
            raise UsageError(
                f"`{words[0][:40]}` is part of more than one command.",
                hint=f"Which one: {or_list(meant)}?",
                example=f"help {meant[0]}",
            )
    return None


def options_text(spec: AnySpec) -> str:
    """One line per input, from the spec's fields: how to type it and what it is for; then
    any text-only options the spec accepts besides."""
    lines: list[str] = []
    for field in spec.fields:
        keys = " or ".join(f"`{key}:`" for key in field.keys)
        typed = f"`<{field.name}>`" + (f" (or {keys})" if keys else "")
        names = typed if field.positional or field.bare else keys
        values = ", ".join(value for _, value in field.choices)
        lines.append(f"{names} {field.description}" + (f": {values}" if values else ""))
    declared = {key for field in spec.fields for key in field.keys}
    rest = [f"`{option}:`" for option in spec.options if option not in declared]
    if rest:
        lines.append("Also " + ", ".join(rest))
    return "\n".join(lines)


def command_help(spec: AnySpec) -> Reply:
    """One command alone: what it is for, how to type it, its options and an example."""
    options = options_text(spec) or "none"
    return Reply(
        title=f"/{spec.name}",
        text=spec.summary,
        fields=(
            Field("Usage", f"`{spec.usage}`"),
            Field("Options", options),
            Field("Example", f"`{spec.example}`"),
        ),
        footer=f"`help {spec.path[0]}` shows the other `{spec.path[0]}` commands.",
    )


async def handle_help(cmd: Help, svc: Services) -> Reply:
    from bot.registry import all_specs

    return help_reply(all_specs(), cmd.topic)


SPECS = (
    CommandSpec(
        path=("inroads", "help"),
        summary="List every command with an example.",
        example="inroads help interview",
        build=build_help,
        handle=handle_help,
        aliases=(("help",),),
        fields=(
            text("topic", "A command to explain, e.g. interview", positional=True, keyword=False),
        ),
    ),
)
