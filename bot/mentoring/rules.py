"""`mentor avoid`: a member's own do-not-match list, private to them.

Someone may have a manager, an ex, or a person they simply don't want a mentoring chat
with in the group. Admin exclusions (`mentor config exclude:`) need an admin to know
why; this list needs nobody. It is a hard rule of the solver (either person's list
forbids the pair, both ways), it shows only in the member's own `mentor profile`, and
the other person is never told: no reply, stat or message names it. A forgotten member
leaves every list (forget-me).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import mentions
from bot.commands import Command, CommandSpec
from bot.domain import Actor, Profile
from bot.errors import NotFoundError, UsageError
from bot.grammar import Mention, ParsedArgs
from bot.mentoring.activity import touch
from bot.reply import Reply, Tone
from bot.schema import Kind, text
from bot.services import Services

AVOID_EXAMPLE = "mentor avoid @sam"
MAX_AVOIDED = 50


@dataclass(frozen=True, kw_only=True)
class ChangeAvoidList(Command):
    member: str = ""
    remove: bool = False


def _member(args: ParsedArgs, example: str, *, required: bool) -> str:
    found = args.positionals
    if not found and not required:
        return ""
    if len(found) != 1 or not isinstance(found[0], Mention):
        raise UsageError("Name one member with @.", example=example)
    return found[0].user_id


def build_avoid(args: ParsedArgs, actor: Actor) -> ChangeAvoidList:
    member = _member(args, AVOID_EXAMPLE, required=False)
    if member == actor.user_id:
        raise UsageError("You're never matched with yourself, so there's nothing to add.")
    return ChangeAvoidList(actor=actor, member=member)


def build_unavoid(args: ParsedArgs, actor: Actor) -> ChangeAvoidList:
    member = _member(args, "mentor avoid remove @sam", required=True)
    return ChangeAvoidList(actor=actor, member=member, remove=True)


def avoid_line(profile: Profile) -> str:
    return ", ".join(mentions.member(m) for m in profile.avoid_ids)


async def handle_avoid(cmd: ChangeAvoidList, svc: Services) -> Reply:
    async with svc.uow() as uow:
        profile = await uow.profiles.get(cmd.actor)
        if profile is None or not profile.in_matching:
            raise NotFoundError(
                "Your do-not-match list belongs to your mentoring profile: join first.",
                example="mentor join role:seeker",
            )
        touch(profile, svc.clock.now())
        before = list(profile.avoid_ids)
        if cmd.remove:
            profile.avoid_ids = [m for m in before if m != cmd.member]
        elif cmd.member and cmd.member not in before:
            if len(before) >= MAX_AVOIDED:
                raise UsageError(
                    f"Your list already holds {MAX_AVOIDED} members, the most it takes.",
                    hint="Remove someone first with `mentor avoid remove @name`.",
                )
            profile.avoid_ids = [*before, cmd.member]
        await uow.profiles.save(profile)
        await uow.commit()
    who = mentions.member(cmd.member) if cmd.member else ""
    if cmd.remove:
        text = (
            f"{who} is off your do-not-match list." if cmd.member in before else
            f"{who} wasn't on your do-not-match list; nothing changed."
        )  # fmt: skip
    elif not cmd.member:
        text = "Your do-not-match list is empty." if not profile.avoid_ids else ""
    elif cmd.member in before:
        text = f"{who} is already on your do-not-match list."
    else:
        text = f"Done: you won't be matched with {who}. They are not told."
    listed = avoid_line(profile)
    return Reply(
        title="Your do-not-match list",
        text=" ".join(t for t in (text, f"Never matched with: {listed}." if listed else "") if t),
        footer="Only you see this list. `mentor avoid remove @name` takes someone off.",
        tone=Tone.SUCCESS if cmd.member else Tone.INFO,
    )


MEMBER = text("member", "The member", kind=Kind.MEMBER, positional=True, keyword=False)

SPECS = (
    CommandSpec(
        path=("mentor", "avoid"),
        summary="Never be matched with a member (private: they are not told).",
        example=AVOID_EXAMPLE,
        build=build_avoid,
        handle=handle_avoid,
        fields=(MEMBER.but(description="Who never to be matched with (none: see your list)"),),
    ),
    CommandSpec(
        path=("mentor", "avoid", "remove"),
        summary="Take a member off your do-not-match list.",
        example="mentor avoid remove @sam",
        build=build_unavoid,
        handle=handle_avoid,
        fields=(MEMBER.but(description="Who to take off your list", required=True),),
    ),
)
