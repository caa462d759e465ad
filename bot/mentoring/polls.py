"""The availability poll: "in or skip this round?", a little before each automatic round.

`poll_hours` before a group's next automatic round (its last round plus the cadence;
48 hours by default, `mentor config poll:2d`, `poll:off` to stop), every enrolled member
who is not paused, and not waiting to answer "still in?", gets one DM with In / Skip
this round. Skip leaves them out of that round only (`skip_next_round`, cleared when the
round is sent); no answer means in. The DMs are outbox rows (kind `match-poll`),
rendered when sent, in each member's waking hours.

Each round is polled once: the group row remembers which round time its last poll was
about (`claim_poll`, atomic, like `claim_round`), so several bot processes never send
it twice. Groups without automatic rounds are not polled: an admin who runs rounds by
hand has not said when the next one is, and a poll about an unknown date helps nobody.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.commands import Command, CommandSpec
from bot.domain import Actor, GroupConfig, Reminder, ReminderKind
from bot.errors import NotFoundError
from bot.grammar import ParsedArgs
from bot.mentoring.activity import answer_word, touch
from bot.reply import Reply, Tone
from bot.schema import choice
from bot.services import Services
from bot.timeparse import format_local

log = logging.getLogger(__name__)

POLL = ReminderKind.MATCH_POLL.value
AVAILABILITY_EXAMPLE = "mentor availability skip"


def next_round_at(config: GroupConfig) -> datetime | None:
    """When the group's next automatic round is due (None: not scheduled)."""
    if not config.auto_run or config.last_round_at is None:
        return None
    return config.last_round_at + timedelta(days=config.cadence_days)


def poll_key(round_at: datetime) -> str:
    """What a poll row carries in `text`: the round time it asks about."""
    return f"poll:{round_at.isoformat()}"


def polled_round(row: Reminder) -> datetime | None:
    _, _, when = row.text.partition(":")
    try:
        return datetime.fromisoformat(when)
    except ValueError:
        return None


async def queue_due_polls(svc: Services, now: datetime) -> int:
    """Queue the poll of every group whose next round is within its poll window.
    Returns how many DMs were queued; a group that fails is logged, the others go on."""
    async with svc.uow() as uow:
        groups = [(g.platform, g.workspace_id) for g in await uow.groups.list_all() if g.auto_run]
    queued = 0
    for platform, workspace_id in groups:
        try:
            async with svc.uow() as uow:
                config = await uow.groups.get(platform, workspace_id)
                round_at = next_round_at(config) if config is not None else None
                if config is None or round_at is None or config.poll_hours <= 0:
                    continue
                if not round_at - timedelta(hours=config.poll_hours) <= now < round_at:
                    continue
                if not await uow.groups.claim_poll(config, round_at=round_at):
                    continue
                for profile in await uow.profiles.list_workspace(platform, workspace_id):
                    paused = profile.paused_until is not None and profile.paused_until > round_at
                    if not profile.in_matching or paused or profile.still_asked_at is not None:
                        continue
                    await uow.reminders.add(
                        Reminder(
                            platform=platform,
                            workspace_id=workspace_id,
                            user_id=profile.user_id,
                            kind=POLL,
                            due_at=now,
                            text=poll_key(round_at),
                            created_at=now,
                        )
                    )
                    queued += 1
                await uow.commit()
        except Exception:
            log.exception("availability poll failed for %s/%s", platform, workspace_id)
    return queued


@dataclass(frozen=True, kw_only=True)
class AnswerPoll(Command):
    skip: bool


def build_availability(args: ParsedArgs, actor: Actor) -> AnswerPoll:
    word = answer_word(
        args,
        frozenset({"in", "skip"}),
        problem="Say `in` to be matched in the next round, or `skip` to sit it out.",
        example=AVAILABILITY_EXAMPLE,
    )
    return AnswerPoll(actor=actor, skip=word == "skip")


async def handle_availability(cmd: AnswerPoll, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        profile = await uow.profiles.get(cmd.actor)
        if profile is None or not profile.in_matching:
            raise NotFoundError(
                "You haven't joined mentor matching, so there's no round to skip or join.",
                example="mentor join role:seeker",
            )
        config = await uow.groups.get(cmd.actor.platform, cmd.actor.workspace_id)
        profile.skip_next_round = cmd.skip
        touch(profile, now)
        await uow.profiles.save(profile)
        await uow.commit()
    round_at = next_round_at(config) if config is not None else None
    which = (
        f"the round planned around {format_local(round_at, profile.timezone)}"
        if round_at is not None and round_at > now
        else "the next round"
    )
    if cmd.skip:
        return Reply(
            text=f"Got it: you'll sit out {which}, and be back in the one after. "
            "Changed your mind? `mentor availability in`.",
            tone=Tone.SUCCESS,
        )
    text = f"You're in for {which}."
    if profile.paused_until is not None and profile.paused_until > now:
        text += f" (You're paused until {format_local(profile.paused_until, profile.timezone)}.)"
    return Reply(text=text, tone=Tone.SUCCESS)


SPECS = (
    CommandSpec(
        path=("mentor", "availability"),
        summary="Be in the next mentoring round, or skip just that one.",
        example=AVAILABILITY_EXAMPLE,
        build=build_availability,
        handle=handle_availability,
        fields=(
            choice(
                "answer",
                "In or skip the next round?",
                "in",
                "skip",
                required=True,
                positional=True,
                keyword=False,
            ),
        ),
    ),
)
