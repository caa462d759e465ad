"""`outreach profile`: how drafts introduce you (name, one line about you, school, and
whether you are a student, a graduate or an alum, with the year).

Drafts only state facts saved here: the alumni draft says "I'm studying at …" for a
student and "Like you, I'm a … graduate" for a graduate, so neither is ever guessed.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.asks import job_ask
from bot.commands import Command
from bot.domain import Actor
from bot.errors import UsageError
from bot.grammar import ParsedArgs
from bot.ids import whole_number
from bot.outreach.wording import STANDINGS
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
    standing: str | None = None
    year: int | None = None


STATUS_EXAMPLE = "outreach profile status:graduate year:2019"


def _standing(args: ParsedArgs) -> str | None:
    raw = args.option("status", "standing")
    if raw is None:
        return None
    text = str(raw).strip().lower()
    aliases = {"alumni": "alum", "alumna": "alum", "alumnus": "alum", "grad": "graduate"}
    text = aliases.get(text, text)
    if text in ("", "none", "-"):
        return ""
    if text not in STANDINGS:
        raise UsageError(
            f"`status:{str(raw)[:30]}` isn't one I know. Say student, graduate or alum "
            "(or `status:none` to leave it out of drafts).",
            example=STATUS_EXAMPLE,
        )
    return text


def _year(args: ParsedArgs) -> int | None:
    raw = args.option("year")
    if raw is None:
        return None
    text = str(raw).strip().lower()
    if text in ("none", "-"):
        return 0  # clears it
    year = whole_number(text, 1940, 2100)
    if year is None:
        raise UsageError(
            f"`year:{text[:20]}` should be a year like 2019: when you graduated, or will.",
            example=STATUS_EXAMPLE,
        )
    return year


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
    return EditProfile(actor=actor, standing=_standing(args), year=_year(args), **values)


async def handle_profile(cmd: EditProfile, svc: Services) -> Reply:
    changed = any(v is not None for v in (cmd.about, cmd.school, cmd.name, cmd.standing, cmd.year))
    async with svc.uow() as uow:
        prefs = await uow.settings.get_or_default(cmd.actor)
        if changed:
            if cmd.about is not None:
                prefs.about_me = cmd.about
            if cmd.school is not None:
                prefs.school = cmd.school
            if cmd.name is not None:
                prefs.display_name = cmd.name
            if cmd.standing is not None:
                prefs.standing = cmd.standing
            if cmd.year is not None:
                prefs.class_year = cmd.year or None
            await uow.settings.save(prefs)
            await uow.commit()
    fields = (
        Field("Name", prefs.display_name or cmd.actor.display_name or "(not set)"),
        Field("About you", prefs.about_me or "(not set)"),
        Field("School", prefs.school or "(not set)"),
        Field("Status", _status_label(prefs.standing, prefs.class_year)),
    )
    phrase = job_ask(prefs.about_me)
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
        footer="" if changed else f"Change it: {PROFILE_EXAMPLE} (or {STATUS_EXAMPLE})",
    )


def _status_label(standing: str, year: int | None) -> str:
    """What the alumni draft will say about you, in plain words."""
    if not standing:
        return "(not set: drafts won't say whether you've graduated)"
    if standing == "student":
        return f"student, graduating in {year}" if year else "student"
    return f"{standing}, class of {year}" if year else standing
