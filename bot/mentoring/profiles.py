"""`mentor join|seek|profile|pause|leave`: a member's mentoring profile.

Lists are normalised (lowercase, trimmed, deduplicated, order kept) because matching
compares them as sets: "FinTech " and "fintech" must be the same interest. Another
member sees only the public fields of a profile (role, interests, languages, time zone,
bio, what a seeker wants to learn); pause dates, waiting counts and goals stay private.
How a profile reads (and which parts are public) is in profile_view.py.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.commands import Command, CommandSpec
from bot.directory.terms import reindex
from bot.domain import Actor, Profile, ProfileRole
from bot.errors import NotFoundError, UsageError
from bot.fields import (
    INDUSTRIES,
    LEARNING,
    MENTOR_GOAL,
    MENTOR_PROFILE,
    ROLES,
    TEAM,
    TIMEZONE,
    TOPICS,
)
from bot.grammar import Mention, ParsedArgs
from bot.mentoring.activity import touch
from bot.mentoring.profile_input import (
    JOIN_EXAMPLE,
    normalise_list,
    parse_capacity,
    parse_role,
)
from bot.mentoring.profile_view import is_mentor, profile_reply
from bot.questions.goal_memory import GOAL_SAVED, remember_goal
from bot.questions.vocab import GOALS_BY_KEY, goal_words, parse_goal, unknown_goal
from bot.reply import Action, Reply, Tone
from bot.schema import Form, Kind, text
from bot.services import Services
from bot.timeparse import format_local, parse_future, zone
from bot.typos import nearest

SEEK_EXAMPLE = 'mentor seek industries:fintech learning:"how PMs work with data" goal:switch'
LIMITS = {"bio": 1000, "learning": 500, "goal": 32, "team": 100}
#: `team:none` clears the team (a team name is free text, so only these words clear it).
NO_TEAM = frozenset({"none", "-", "off"})


def _limited(args: ParsedArgs, name: str) -> str | None:
    value = args.option(name)
    if value is None:
        return None
    text = " ".join(str(value).split())
    if len(text) > LIMITS[name]:
        raise UsageError(
            f"`{name}` is {len(text)} characters; keep it under {LIMITS[name]}.",
            example=JOIN_EXAMPLE,
        )
    return text


@dataclass(frozen=True, kw_only=True)
class JoinMentoring(Command):
    role: str | None = None
    industries: list[str] | None = None
    roles: list[str] | None = None
    topics: list[str] | None = None
    languages: list[str] | None = None
    timezone: str | None = None
    capacity: int | None = None
    bio: str | None = None
    learning: str | None = None
    goal: str | None = None
    #: Colleagues in the same team are never paired; "" clears it.
    team: str | None = None
    #: `mentor seek`: a mentor who also seeks becomes "both", never loses mentoring.
    via_seek: bool = False


def build_join(args: ParsedArgs, actor: Actor, *, forced_role: str | None = None) -> JoinMentoring:
    def listed(name: str) -> list[str] | None:
        value = args.option(name)
        return None if value is None else normalise_list(str(value), what=name)

    tz_text = args.option_text("timezone", "tz")
    team = _limited(args, "team")
    return JoinMentoring(
        actor=actor,
        role=forced_role or parse_role(args.option_text("role") or args.text()),
        industries=listed("industries"),
        roles=listed("roles"),
        topics=listed("topics"),
        languages=listed("languages"),
        timezone=zone(tz_text).key if tz_text else None,
        capacity=parse_capacity(args.option_text("capacity")),
        bio=_limited(args, "bio"),
        learning=_limited(args, "learning"),
        goal=_goal(args),
        team=None if team is None else "" if team.lower() in NO_TEAM else team,
    )


def build_seek(args: ParsedArgs, actor: Actor) -> JoinMentoring:
    if args.option("role") or args.option("capacity"):
        raise UsageError(
            "`mentor seek` always joins you as a seeker, so it takes no role or capacity.",
            hint="To mentor as well, use `mentor join role:both`.",
            example=SEEK_EXAMPLE,
        )
    built = build_join(args, actor, forced_role=ProfileRole.SEEKER.value)
    return replace(built, via_seek=True)


def _goal(args: ParsedArgs) -> str | None:
    """The goal as the question packs name it ("switch" is changing-careers), so the
    same goal shapes packs and drafts (bot.questions.goal_memory); other words are kept
    as typed, for the profile to show, unless they nearly spell a goal ("swich")."""
    typed = _limited(args, "goal")
    if not typed:
        return None
    known = parse_goal(typed)
    if known is not None:
        return known.key
    if nearest(typed, goal_words()) is not None:
        raise unknown_goal(typed, example=SEEK_EXAMPLE, more="other words are kept as typed")
    return typed.lower()


async def handle_join(cmd: JoinMentoring, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        profile = await uow.profiles.get(cmd.actor)
        created = profile is None or not profile.in_matching
        if created and cmd.role is None:
            raise UsageError(
                "Say whether you join as a mentor, a seeker or both.",
                example=JOIN_EXAMPLE,
            )
        if profile is None:
            prefs = await uow.settings.get_or_default(cmd.actor)
            profile = Profile(
                platform=cmd.actor.platform,
                workspace_id=cmd.actor.workspace_id,
                user_id=cmd.actor.user_id,
                role=cmd.role or ProfileRole.SEEKER.value,
                timezone=prefs.timezone or "UTC",
                created_at=now,
            )
        if cmd.via_seek and not created and is_mentor(profile):
            profile.role = ProfileRole.BOTH.value
        elif cmd.role is not None:
            profile.role = cmd.role
        for name in ("industries", "roles", "topics", "languages"):
            value = getattr(cmd, name)
            if value is not None:
                setattr(profile, name, list(value))  # assign a new list: the ORM tracks it
        if cmd.timezone is not None:
            profile.timezone = cmd.timezone
        if cmd.capacity is not None:
            profile.capacity = cmd.capacity
        for attr, value in (
            ("bio", cmd.bio),
            ("learning_goal", cmd.learning),
            ("goal", cmd.goal),
            ("team", cmd.team),
        ):
            if value is not None:
                setattr(profile, attr, value)
        # Joining (again) or updating the profile is a plain "yes, match me".
        touch(profile, now)
        profile.still_asked_at = None
        profile.active = True
        profile.in_matching = True
        await uow.profiles.save(profile)
        await reindex(uow, profile)  # a listed member's search terms follow the shared data
        # A goal in the packs' words is the person's goal everywhere (goal_memory).
        goal_saved = cmd.goal in GOALS_BY_KEY and await remember_goal(
            uow, await uow.settings.get_or_default(cmd.actor), cmd.goal
        )
        await uow.commit()
    reply = profile_reply(profile, own=True, now=now)
    tips = []
    if not (profile.industries or profile.roles or profile.topics):
        tips.append(
            "Add industries, roles or topics: matching needs at least one to find someone "
            'who fits, e.g. `mentor join topics:"career change, interviewing"`.'
        )
    head = "Welcome to mentor matching!" if created else "Profile updated."
    if goal_saved:
        tips.append(GOAL_SAVED)
    return Reply(
        title=reply.title,
        text=" ".join([head, *tips]),
        fields=reply.fields,
        tone=Tone.SUCCESS,
        actions=(Action("Pause", 'mentor pause until:"in 4 weeks"'),),
    )


@dataclass(frozen=True, kw_only=True)
class ShowProfile(Command):
    member: Mention | None = None


def build_profile(args: ParsedArgs, actor: Actor) -> ShowProfile:
    first = args.positionals[0] if args.positionals else None
    if first is not None and not isinstance(first, Mention):
        raise UsageError(
            "Name a member with @, or nothing to see your own profile.",
            example="mentor profile @jane",
        )
    return ShowProfile(actor=actor, member=first)


async def handle_profile(cmd: ShowProfile, svc: Services) -> Reply:
    own = cmd.member is None or cmd.member.user_id == cmd.actor.user_id
    who = (
        cmd.actor
        if own or cmd.member is None
        else Actor(cmd.actor.platform, cmd.actor.workspace_id, cmd.member.user_id)
    )
    now = svc.clock.now()
    async with svc.uow() as uow:
        profile = await uow.profiles.get(who)
        if own and profile is not None and profile.in_matching:
            touch(profile, now)  # looking at one's profile is mentoring activity
            await uow.profiles.save(profile)
            await uow.commit()
    if profile is None or not profile.in_matching:
        if own:
            return Reply(text="You haven't joined mentor matching yet.", footer=JOIN_EXAMPLE)
        raise NotFoundError(f"{cmd.member} hasn't joined mentor matching.")
    return profile_reply(profile, own=own, now=now)


@dataclass(frozen=True, kw_only=True)
class PauseMentoring(Command):
    until: str


def build_pause(args: ParsedArgs, actor: Actor) -> PauseMentoring:
    until = args.option_text("until") or args.text()
    if not until:
        raise UsageError("Say until when to pause.", example='mentor pause until:"March 1"')
    return PauseMentoring(actor=actor, until=until)


async def handle_pause(cmd: PauseMentoring, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        profile = await uow.profiles.get(cmd.actor)
        if profile is None or not profile.in_matching:
            raise NotFoundError("You haven't joined mentor matching.", example=JOIN_EXAMPLE)
        prefs = await uow.settings.get_or_default(cmd.actor)
        until = parse_future(
            cmd.until,
            timezone=profile.timezone,
            now=now,
            field_name="until",
            date_order=prefs.date_order,
            example='mentor pause until:"in 3 weeks"',
        )
        profile.paused_until = until
        touch(profile, now)
        await uow.profiles.save(profile)
        await uow.commit()
    return Reply(
        text=f"Paused: you won't be matched until {format_local(until, profile.timezone)}.",
        tone=Tone.SUCCESS,
    )


@dataclass(frozen=True, kw_only=True)
class LeaveMentoring(Command):
    pass


def build_leave(args: ParsedArgs, actor: Actor) -> LeaveMentoring:
    return LeaveMentoring(actor=actor)


async def handle_leave(cmd: LeaveMentoring, svc: Services) -> Reply:
    async with svc.uow() as uow:
        profile = await uow.profiles.get(cmd.actor)
        if profile is None or not profile.in_matching:
            return Reply(text="You weren't in mentor matching; nothing to do.")
        if profile.listed_at is None:
            await uow.profiles.delete(profile)
        else:  # still in the directory: keep the shared row, drop what only matching used
            keep = Profile(profile.platform, profile.workspace_id, profile.user_id)
            profile.in_matching = False
            for attr in ("role", "capacity", "bio", "learning_goal", "goal", "paused_until"):
                setattr(profile, attr, getattr(keep, attr))
            profile.unmatched_rounds = 0
            await uow.profiles.save(profile)
        await uow.commit()
    return Reply(
        text="You've left mentor matching and your profile is deleted. "
        "Past introductions stay in the group's history; `inroads forget-me` erases those too.",
        tone=Tone.SUCCESS,
    )


def _build_join(args: ParsedArgs, actor: Actor) -> JoinMentoring:
    return build_join(args, actor)


SPECS = (
    CommandSpec(
        path=("mentor", "join"),
        summary="Join mentor matching as a mentor, a seeker or both (or update your profile).",
        example=JOIN_EXAMPLE,
        build=_build_join,
        handle=handle_join,
        fields=MENTOR_PROFILE,
        form=Form(
            "Your mentoring profile",
            "Save profile",
            short=("role", "industries", "roles", "topics", "bio"),
            required=("role",),
            opens_without=tuple(f.name for f in MENTOR_PROFILE),
        ),
    ),
    CommandSpec(
        path=("mentor", "seek"),
        summary="Join mentor matching as someone looking for a mentor.",
        example=SEEK_EXAMPLE,
        build=build_seek,
        handle=handle_join,
        fields=(INDUSTRIES, ROLES, TOPICS, LEARNING, MENTOR_GOAL, TIMEZONE, TEAM),
        options=("role", "languages", "capacity", "bio"),
    ),
    CommandSpec(
        path=("mentor", "profile"),
        summary="Show your mentoring profile, or another member's public one.",
        example="mentor profile",
        build=build_profile,
        handle=handle_profile,
        fields=(
            text(
                "member",
                "A member whose profile to see",
                kind=Kind.MEMBER,
                positional=True,
                keyword=False,
            ),
        ),
    ),
    CommandSpec(
        path=("mentor", "pause"),
        summary="Skip matching rounds until a date.",
        example='mentor pause until:"in 4 weeks"',
        build=build_pause,
        handle=handle_pause,
        fields=(text("until", "Until when, e.g. in 4 weeks", kind=Kind.MOMENT, required=True),),
    ),
    CommandSpec(
        path=("mentor", "leave"),
        summary="Leave mentor matching and delete your profile.",
        example="mentor leave",
        build=build_leave,
        handle=handle_leave,
    ),
)
