"""`outreach profile`: how drafts introduce you (name, one line about you, school)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command
from bot.domain import Actor
from bot.errors import UsageError
from bot.grammar import ParsedArgs
from bot.outreach.quality import job_ask_phrase
from bot.reply import Field, Reply, Tone
from bot.services import Services

PROFILE_EXAMPLE = (
    'outreach profile about:"a final-year economics student" school:"State University"'
)
LIMITS = {"about": 300, "school": 200, "name": 100}


@dataclass(frozen=True, kw_only=True)
class EditProfile(Command):
    about: str | None = None
    school: str | None = None
    name: str | None = None


def build_profile(args: ParsedArgs, actor: Actor) -> EditProfile:
    values: dict[str, str | None] = {}
    for key, limit in LIMITS.items():
        raw = args.option(key)
        text = None if raw is None else " ".join(str(raw).split())
        if text is not None and len(text) > limit:
            raise UsageError(
                f"`{key}:` is {len(text)} characters; keep it under {limit}.",
                example=PROFILE_EXAMPLE,
            )
        values[key] = text
    return EditProfile(actor=actor, **values)


async def handle_profile(cmd: EditProfile, svc: Services) -> Reply:
    changed = any(v is not None for v in (cmd.about, cmd.school, cmd.name))
    async with svc.uow() as uow:
        prefs = await uow.settings.get_or_default(cmd.actor)
        if changed:
            if cmd.about is not None:
                prefs.about_me = cmd.about
            if cmd.school is not None:
                prefs.school = cmd.school
            if cmd.name is not None:
                prefs.display_name = cmd.name
            await uow.settings.save(prefs)
            await uow.commit()
    fields = (
        Field("Name", prefs.display_name or cmd.actor.display_name or "(not set)"),
        Field("About you", prefs.about_me or "(not set)"),
        Field("School", prefs.school or "(not set)"),
    )
    phrase = job_ask_phrase(prefs.about_me)
    warning = (
        f"\nYour about line mentions a job (“{phrase}”); drafts read better asking for advice."
        if phrase
        else ""
    )
    return Reply(
        title="Your outreach profile" + (" (saved)" if changed else ""),
        text="Drafts introduce you as “I'm <name>, <about>.”" + warning,
        fields=fields,
        tone=Tone.WARNING if phrase else (Tone.SUCCESS if changed else Tone.INFO),
        footer="" if changed else f"Change it: {PROFILE_EXAMPLE}",
    )
