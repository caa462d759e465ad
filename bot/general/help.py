"""`inroads help` (and plain `help`): every command with an example, generated from specs."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import AnySpec, Command, CommandSpec
from bot.domain import Actor
from bot.errors import UsageError
from bot.grammar import ParsedArgs
from bot.reply import Reply, Section
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
        group = topic.split()[0]
        if group not in groups:
            raise UsageError(
                f"There's no command `{topic[:40]}`.",
                hint="Commands: " + ", ".join(sorted(groups)) + ".",
                example="help interview",
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
        footer="`help <command>` shows the options of one command, e.g. `help interview`.",
    )


async def handle_help(cmd: Help, svc: Services) -> Reply:
    from bot.registry import all_specs

    return help_reply(all_specs(), cmd.topic)


SPECS = (
    CommandSpec(
        path=("inroads", "help"),
        summary="List every command with an example.",
        usage="inroads help [command]",
        example="inroads help interview",
        build=build_help,
        handle=handle_help,
        aliases=(("help",),),
    ),
)
