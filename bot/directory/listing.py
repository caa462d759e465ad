"""`people join|show|pause|resume|leave`: a member's own listing in the directory.

Listing is its own consent. The listing lives on the member's one profile row (the
roles, industries, topics, languages and time zone mentor matching uses too), but
`people join` never enrols anyone in mentor rounds and `mentor join` never lists
anyone: each feature has its own mark (`listed_at`, `in_matching`). Leaving deletes the
directory's own fields, and the row itself when mentor matching does not hold it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta

from bot.commands import Command
from bot.directory.options import JOIN_EXAMPLE, ListingChanges, read_changes
from bot.directory.requests_answer import close_for_leaver
from bot.directory.terms import rank_for, reindex, words
from bot.directory.view import listing_reply
from bot.domain import Actor, Profile
from bot.errors import NotFoundError, UsageError
from bot.grammar import ParsedArgs
from bot.questions.fields import classify, closest_phrase
from bot.reply import Action, Reply, Tone
from bot.services import Services
from bot.timeparse import format_local, parse_future

#: A pause with no end: shown as "until you resume".
UNTIL_RESUMED = datetime(9999, 12, 31, tzinfo=UTC)
DIRECTORY_ONLY = {
    "company": "",
    "school": "",
    "class_year": None,
    "chat_medium": "",
    "chat_minutes": None,
    "ask_budget": 2,
    "listing_paused_until": None,
}


@dataclass(frozen=True, kw_only=True)
class JoinDirectory(Command):
    changes: ListingChanges


def build_join(args: ParsedArgs, actor: Actor) -> JoinDirectory:
    # Builders have no clock; a class year's upper bound only needs today's year.
    return JoinDirectory(actor=actor, changes=read_changes(args, datetime.now(UTC)))


def _apply(profile: Profile, changes: ListingChanges) -> None:
    for item in fields(changes):
        value = getattr(changes, item.name)
        if value is not None:
            # Lists are assigned anew, never mutated: the ORM tracks assignment.
            setattr(profile, item.name, list(value) if isinstance(value, list) else value)


def _unknown_industries(industries: list[str]) -> list[str]:
    """Did-you-means for industries the field model can't place ("grocry")."""
    notes = []
    for industry in industries:
        if classify("", industry).all or classify(industry).all:
            continue
        near = closest_phrase(industry)
        if near and near != " ".join(words(industry)):
            notes.append(
                f"I don't know the industry “{industry}”; if you meant “{near}”, "
                f'`people join industry:"{near}"` lets searches for it find you.'
            )
    return notes


async def handle_join(cmd: JoinDirectory, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        profile = await uow.profiles.get(cmd.actor)
        if profile is None:
            prefs = await uow.settings.get_or_default(cmd.actor)
            profile = Profile(
                platform=cmd.actor.platform,
                workspace_id=cmd.actor.workspace_id,
                user_id=cmd.actor.user_id,
                timezone=prefs.timezone or "UTC",
                created_at=now,
                in_matching=False,  # listing never enrols anyone in mentor rounds
            )
        created = profile.listed_at is None
        if created:
            profile.listed_at = now
            profile.listing_rank = rank_for(cmd.actor)
        _apply(profile, cmd.changes)
        await uow.profiles.save(profile)
        await reindex(uow, profile)
        await uow.commit()
    notes = _unknown_industries(cmd.changes.industries or [])
    if not (profile.roles or profile.industries or profile.topics):
        notes.append(
            "Add your role, industry or topics so people looking for them can find you, "
            'e.g. `people join role:"data analyst" industry:retail`.'
        )
    head = (
        "You're in the directory: members of this workspace can find you and see the "
        "public fields below."
        if created
        else "Listing updated."
    )
    shown = listing_reply(profile, now=now)
    return Reply(
        title=shown.title,
        text=" ".join([head, *notes]),
        sections=shown.sections,
        tone=Tone.SUCCESS,
        actions=(Action("Pause", "people pause for:4w"), Action("Leave", "people leave")),
    )


@dataclass(frozen=True, kw_only=True)
class ListingCommand(Command):
    pass


def build_plain(args: ParsedArgs, actor: Actor) -> ListingCommand:
    return ListingCommand(actor=actor)


async def handle_show(cmd: ListingCommand, svc: Services) -> Reply:
    async with svc.uow() as uow:
        profile = await uow.profiles.get(cmd.actor)
    if profile is None or profile.listed_at is None:
        return Reply(
            text="You aren't in the directory, so nobody can find you there. Joining "
            "lists you with the fields you choose; nothing shows before that.",
            footer=f"Try: `{JOIN_EXAMPLE}`",
        )
    return listing_reply(profile, now=svc.clock.now())


@dataclass(frozen=True, kw_only=True)
class PauseDirectory(Command):
    until: str = ""
    span: timedelta | None = None


_SPAN_UNITS = {"d": 1, "w": 7, "m": 30}


def _span(text: str) -> timedelta:
    cleaned = text.strip().lower()
    unit = cleaned[-1:] if cleaned[-1:] in _SPAN_UNITS else ""
    number = cleaned[: -1 if unit else None].strip()
    if not number.isdigit() or not unit or not 1 <= int(number) * _SPAN_UNITS[unit] <= 366:
        raise UsageError(
            f"`for:{text[:20]}` won't work: say days, weeks or months, up to a year, "
            "like `for:10d`, `for:2w` or `for:3m`.",
            example="people pause for:2w",
        )
    return timedelta(days=int(number) * _SPAN_UNITS[unit])


def build_pause(args: ParsedArgs, actor: Actor) -> PauseDirectory:
    span_text, until = args.option_text("for"), args.option_text("until") or args.text()
    if span_text and until:
        raise UsageError("Say `for:` or `until:`, not both.", example="people pause for:2w")
    return PauseDirectory(actor=actor, until=until, span=_span(span_text) if span_text else None)


async def handle_pause(cmd: PauseDirectory, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        profile = await uow.profiles.get(cmd.actor)
        if profile is None or profile.listed_at is None:
            raise NotFoundError("You aren't in the directory, so there's nothing to pause.")
        if cmd.span is not None:
            until = now + cmd.span
        elif cmd.until:
            prefs = await uow.settings.get_or_default(cmd.actor)
            until = parse_future(
                cmd.until,
                timezone=profile.timezone,
                now=now,
                field_name="until",
                date_order=prefs.date_order,
                example='people pause until:"March 1"',
            )
        else:
            until = UNTIL_RESUMED
        profile.listing_paused_until = until
        await uow.profiles.save(profile)
        await uow.commit()
    when = (
        "until you resume"
        if until == UNTIL_RESUMED
        else f"until {format_local(until, profile.timezone)}"
    )
    return Reply(
        text=f"Paused: nobody finds you in the directory {when}. Your listing is kept.",
        tone=Tone.SUCCESS,
        actions=(Action("Resume now", "people resume"),),
    )


async def handle_resume(cmd: ListingCommand, svc: Services) -> Reply:
    async with svc.uow() as uow:
        profile = await uow.profiles.get(cmd.actor)
        if profile is None or profile.listed_at is None:
            raise NotFoundError("You aren't in the directory yet.", example=JOIN_EXAMPLE)
        was_paused = (
            profile.listing_paused_until is not None
            and profile.listing_paused_until > svc.clock.now()
        )
        profile.listing_paused_until = None
        await uow.profiles.save(profile)
        await uow.commit()
    return Reply(
        text="You're back in the directory."
        if was_paused
        else "You weren't paused; members can find you in the directory.",
        tone=Tone.SUCCESS,
    )


async def handle_leave(cmd: ListingCommand, svc: Services) -> Reply:
    async with svc.uow() as uow:
        profile = await uow.profiles.get(cmd.actor)
        if profile is None or profile.listed_at is None:
            return Reply(text="You weren't in the directory; nothing to do.")
        await uow.directory.unindex(cmd.actor)
        # Requests waiting on them close kindly; their seekers hear and get others.
        await close_for_leaver(uow, cmd.actor, svc.clock.now())
        # Introductions offered are directory data: leaving withdraws them too.
        await uow.intros.clear_offers(cmd.actor)
        if profile.in_matching:
            # Mentor matching keeps the shared row; the directory's own fields go.
            profile.listed_at = None
            profile.path_tags = []
            for attr, empty in DIRECTORY_ONLY.items():
                setattr(profile, attr, empty)
            await uow.profiles.save(profile)
            kept = " Your mentoring profile stays; `mentor leave` removes it."
        else:
            await uow.profiles.delete(profile)
            kept = ""
        await uow.commit()
    return Reply(
        text="You've left the directory and your listing is deleted: nobody can find you "
        "there any more." + kept,
        tone=Tone.SUCCESS,
    )
