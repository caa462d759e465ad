"""Who may be matched this round: skippers, the silent and the long-gone are left out.

Rounds that introduce people who no longer read their messages waste a mentor's slot
and leave a seeker waiting for a reply that never comes. So a member is left out of
matching, and asked first, once they look inactive:

* no mentoring activity for `inactive_days` (a group setting, 60 by default): any
  `mentor` command, button or answer counts (:func:`touch`); other features do not,
  because being busy in one's journal says nothing about wanting mentoring chats; or
* their last two introductions since they were last active both went unanswered
  ("did you meet?", the nudge: nobody said a word about either pair).

The round that finds them inactive sends one "still want to be matched?" DM
(`still_asked_at` set) and they stay out of rounds until they answer yes (`mentor
active yes`) or update their profile with `mentor join`, which says the same. "Pause"
pauses them for :data:`PAUSE_FOR` instead. A member who skipped this round in the
availability poll (bot/mentoring/polls.py) sits out this round only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.commands import Command, CommandSpec
from bot.domain import Actor, GroupConfig, Match, Profile
from bot.errors import NotFoundError, UsageError
from bot.grammar import ParsedArgs
from bot.reply import Reply, Tone
from bot.schema import choice
from bot.services import Services
from bot.timeparse import format_local

#: Match status of an introduced pair (bot/mentoring/rounds.py imports this module).
INTRODUCED = "sent"
#: How long "Pause" in the still-in DM pauses matching.
PAUSE_FOR = timedelta(weeks=12)
ACTIVE_EXAMPLE = "mentor active yes"


def touch(profile: Profile, now: datetime) -> None:
    """Record that the member did something in mentoring just now."""
    profile.last_active_at = now


def unanswered_streak(
    profile: Profile, matches: Sequence[Match], config: GroupConfig, now: datetime
) -> bool:
    """True when the member's last two introductions since they were last active both
    got no answer from either side, and both had time for one (the follow-up is due)."""
    since = profile.last_active_at
    answerable = now - timedelta(days=config.follow_up_days)
    recent = sorted(
        (
            m
            for m in matches
            if m.status == INTRODUCED
            and m.created_at is not None
            and m.created_at <= answerable
            and (since is None or m.created_at > since)
        ),
        key=lambda m: (m.created_at, m.id or 0),
    )
    last_two = recent[-2:]
    return len(last_two) == 2 and all(m.met is None and m.answered_at is None for m in last_two)


def inactive(
    profile: Profile, matches: Sequence[Match], config: GroupConfig, now: datetime
) -> bool:
    """Should this member be asked before being matched again? (module docstring)"""
    seen = profile.last_active_at
    if seen is not None and now - seen > timedelta(days=config.inactive_days):
        return True
    return unanswered_streak(profile, matches, config, now)


def left_out(profile: Profile, matches: Sequence[Match], config: GroupConfig, now: datetime) -> str:
    """Why this enrolled, unpaused member sits out the round being planned ("" if not)."""
    if profile.skip_next_round:
        return "skipping"
    if profile.still_asked_at is not None:
        return "asked"
    if inactive(profile, matches, config, now):
        return "inactive"
    return ""


def by_member(matches: Sequence[Match]) -> dict[str, list[Match]]:
    """Each member's introductions (as mentor or seeker), for :func:`left_out`."""
    mine: dict[str, list[Match]] = {}
    for m in matches:
        mine.setdefault(m.mentor_id, []).append(m)
        mine.setdefault(m.seeker_id, []).append(m)
    return mine


@dataclass(frozen=True, kw_only=True)
class AnswerStillIn(Command):
    keep_matching: bool


def answer_word(args: ParsedArgs, allowed: frozenset[str], *, problem: str, example: str) -> str:
    """The one word a DM button sends (`mentor active yes`, `mentor availability skip`),
    or a refusal naming the words that work."""
    word = args.text().strip().lower()
    if word not in allowed:
        raise UsageError(problem, example=example)
    return word


def build_active(args: ParsedArgs, actor: Actor) -> AnswerStillIn:
    word = answer_word(
        args,
        frozenset({"yes", "pause"}),
        problem="Answer yes to keep being matched, or pause to take a break.",
        example=ACTIVE_EXAMPLE,
    )
    return AnswerStillIn(actor=actor, keep_matching=word == "yes")


async def handle_active(cmd: AnswerStillIn, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        profile = await uow.profiles.get(cmd.actor)
        if profile is None or not profile.in_matching:
            raise NotFoundError(
                "You're not in mentor matching any more, so there's nothing to answer.",
                example="mentor join role:seeker",
            )
        profile.still_asked_at = None
        touch(profile, now)
        if not cmd.keep_matching:
            profile.paused_until = now + PAUSE_FOR
        await uow.profiles.save(profile)
        await uow.commit()
    if cmd.keep_matching:
        return Reply(
            text="Lovely, you're back in: the next round will include you.",
            tone=Tone.SUCCESS,
        )
    until = format_local(now + PAUSE_FOR, profile.timezone)
    return Reply(
        text=f"Paused until {until}. Rounds will skip you until then; "
        "`mentor pause until:<date>` changes the date and `mentor leave` stops matching.",
        tone=Tone.SUCCESS,
    )


SPECS = (
    CommandSpec(
        path=("mentor", "active"),
        summary="Answer 'still want to be matched?': yes, or pause for a while.",
        example=ACTIVE_EXAMPLE,
        build=build_active,
        handle=handle_active,
        fields=(
            choice(
                "answer",
                "Keep being matched?",
                "yes",
                "pause",
                required=True,
                positional=True,
                keyword=False,
            ),
        ),
    ),
)
