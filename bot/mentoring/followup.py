"""After an introduction: "did you meet?", and what the answer changes.

Follow-ups are ordinary Reminder rows (kind `match-follow-up`, `match_id` set) so the
reminders dispatcher delivers them with its quiet hours, retries and rate limits; this
module only says what that DM contains (:func:`followup_reply`, called by the reminders
renderer) and handles the answer. A yes suggests logging the chat as an interview with
the other person as contact; answers feed `mentor stats` and the repeat-avoidance
(a pair that did not meet waits twice the cooldown before it may be matched again).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import mentions
from bot.commands import Command, CommandSpec
from bot.domain import Actor, Reminder, ReminderKind, ReminderStatus
from bot.errors import NotFoundError, UsageError
from bot.fields import number
from bot.grammar import ParsedArgs, member_argument
from bot.ids import record_id
from bot.mentoring.activity import touch
from bot.reply import Action, Reply, Target, TargetKind, Tone
from bot.schema import choice
from bot.services import Services

MET_EXAMPLE = "mentor met 12 yes"
ANSWERS = ("yes", "no", "scheduled")


def followup_text(other_id: str) -> str:
    return mentions.member(other_id)


def followup_reply(
    reminder: Reminder, *, other: str | None = None, number: int | None = None, late: bool = False
) -> Reply:
    """The "did you meet?" DM for a `match-follow-up` reminder. `other` is the partner's
    member id and `number` the pair's number in the group, both read from the match row
    at send time (never text frozen in the reminder, which would still name someone who
    has since used forget-me; never the server's id for the match)."""
    mid = number
    expects = Target.of(TargetKind.MATCH, mid)
    partner = followup_text(other) if other else "your match"
    footer = f"Match #{mid} · check-in #{reminder.number}"
    if late:
        footer += " (sent late)"
    return Reply(
        title="Did you meet?",
        text=(
            f"A little while ago you were introduced to {partner} for a mentoring chat. "
            "Did you get to talk? Your answer helps the group's next rounds."
        ),
        actions=(
            Action("Yes, we met", f"mentor met {mid} yes", "primary", target=expects),
            Action("Not yet", f"mentor met {mid} no", target=expects),
        ),
        footer=footer,
        ephemeral=False,
    )


@dataclass(frozen=True, kw_only=True)
class RecordMeeting(Command):
    #: The pair's number in the group (from the introduction), not a server id.
    number: int
    #: True met, False not yet, None: a time is set (the pair is talking, not silent).
    met: bool | None


def build_met(args: ParsedArgs, actor: Actor) -> RecordMeeting:
    words = [w.lower().lstrip("#") for w in args.words()]
    if len(words) != 2 or record_id(words[0]) is None or words[1] not in ANSWERS:
        raise UsageError(
            "Say which match and whether you met: the match number, then yes, no, "
            "or scheduled if you've set a time.",
            example=MET_EXAMPLE,
        )
    met = None if words[1] == "scheduled" else words[1] == "yes"
    return RecordMeeting(actor=actor, number=record_id(words[0]) or 0, met=met)


async def handle_met(cmd: RecordMeeting, svc: Services) -> Reply:
    actor = cmd.actor
    async with svc.uow() as uow:
        row = await uow.matches.by_group_number(actor.platform, actor.workspace_id, cmd.number)
        if row is None or actor.user_id not in (row.mentor_id, row.seeker_id):
            raise NotFoundError(
                f"You have no match #{cmd.number}.",
                hint="The number is in your introduction message.",
            )
        now = svc.clock.now()
        row.answered_at = row.answered_at or now  # the pair is not silent: no nudge
        profile = await uow.profiles.get(actor)
        if profile is not None:
            touch(profile, now)
            await uow.profiles.save(profile)
        if cmd.met is None:
            await uow.commit()
            return Reply(
                text="Great, enjoy the conversation! I'll still ask afterwards how it went.",
                tone=Tone.SUCCESS,
            )
        row.met = cmd.met
        for reminder in await uow.reminders.list(actor, statuses=[ReminderStatus.PENDING.value]):
            if reminder.match_id == row.id and reminder.kind == ReminderKind.MATCH_FOLLOW_UP.value:
                reminder.status = ReminderStatus.DONE.value
        await uow.commit()
    other = row.seeker_id if actor.user_id == row.mentor_id else row.mentor_id
    if not cmd.met:
        return Reply(
            text="Thanks for letting me know. A short, friendly nudge with two time options "
            "usually gets a chat on the calendar. If you meet later, answer "
            f"`mentor met {row.number} yes`.",
        )
    log = (
        f'interview log {member_argument(other)} medium:video notes:"Mentoring match #{row.number}"'
    )
    return Reply(
        text="Wonderful! Log the conversation while it's fresh: your notes, takeaways and "
        "a thank-you reminder live in your journal.",
        actions=(Action("Log the interview", log, "primary"),),
        tone=Tone.SUCCESS,
    )


SPECS = (
    CommandSpec(
        path=("mentor", "met"),
        summary="Tell Inroads whether you met your mentoring match.",
        example=MET_EXAMPLE,
        build=build_met,
        handle=handle_met,
        fields=(
            number("match", "Match number (from the introduction)").but(keyword=False),
            choice(
                "answer",
                "Did you meet?",
                *ANSWERS,
                required=True,
                positional=True,
                keyword=False,
            ),
        ),
    ),
)
