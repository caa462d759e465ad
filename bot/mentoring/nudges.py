"""The matching rules' DMs: the availability poll, the silent-pair nudge, "still in?".

Each is an outbox row (bot/mentoring/outbox.py) rendered here when it is sent, from the
rows as they are then; the buttons run ordinary commands (`mentor availability`,
`mentor met`, `mentor active`), so a click is the same as typing them.

The wording matters more than usual: these arrive unasked. The poll says plainly that
silence means "in", so nobody has to answer to keep their place. The nudge goes to the
seeker only (they asked for the chat; a mentor nudged about a seeker's silence would
feel chased) and reads as help, not as a reminder of a duty. "Still in?" never blames:
people get busy.
"""

from __future__ import annotations

from datetime import datetime

from bot import mentions
from bot.domain import Match, Profile
from bot.reply import Action, Reply, Target, TargetKind
from bot.timeparse import format_local

POLL_IN = "mentor availability in"
POLL_SKIP = "mentor availability skip"


def poll_reply(profile: Profile, round_at: datetime) -> Reply:
    when = format_local(round_at, profile.timezone)
    return Reply(
        title="Mentoring round coming up",
        text=(
            f"The next mentoring round is planned around {when}. If you'd rather sit this "
            "one out (a busy week, a holiday), tap Skip and you'll be left out of this "
            "round only. If you don't answer, you're in: no need to tap anything."
        ),
        actions=(
            Action("I'm in", POLL_IN, "primary"),
            Action("Skip this round", POLL_SKIP),
        ),
        footer="You can also type `mentor availability skip` (or `in`) until the round.",
        ephemeral=False,
    )


def nudge_reply(match: Match) -> Reply:
    """To the seeker of a pair that has been quiet for a few days."""
    number = match.number
    expects = Target.of(TargetKind.MATCH, number)
    return Reply(
        title="How's your mentoring match going?",
        text=(
            f"It's been a few days since you were introduced to "
            f"{mentions.member(match.mentor_id)}. Mentors are usually busy rather than "
            "unwilling, and a short message with two or three times that suit you is "
            'often all it takes: for example, "Would Tuesday 12:30 or Thursday 17:00 '
            'work for a 20-minute call?" If you have already set a time, tap below so '
            "I don't ask again."
        ),
        actions=(
            Action("We've set a time", f"mentor met {number} scheduled", "primary", target=expects),
            Action("We met", f"mentor met {number} yes", target=expects),
        ),
        footer=f"Match #{number} · this is the only nudge I'll send about it.",
        ephemeral=False,
    )


def still_in_reply(profile: Profile) -> Reply:
    return Reply(
        title="Still up for mentoring matches?",
        text=(
            "It's been a while since we heard from you in mentoring, so I've held you back "
            "from the next rounds rather than introduce you to someone who might wait on a "
            "reply. Would you like to keep being matched?"
        ),
        actions=(
            Action("Yes, keep matching me", "mentor active yes", "primary"),
            Action("Pause for now", "mentor active pause"),
        ),
        footer="No answer keeps you out of rounds; `mentor leave` removes your profile.",
        ephemeral=False,
    )
