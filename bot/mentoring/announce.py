"""Round announcements: one public message in the group's channel when a round goes out.

Pairs are private to the two people and the admins, so the announcement carries counts
only: how many pairs were introduced, how to join, and when the next round is planned. No
name, mention or profile detail ever goes into it. It is posted only when at least one
pair was introduced: "no pairs this round" in a small group would tell everyone that the
few known participants went unmatched.

Announcing is a courtesy on top of the round, never part of it: the announcement is an
outbox row written with the round (:mod:`bot.mentoring.outbox`) and posted after its
commit. Whatever goes wrong (unknown channel, bot not invited, platform down) is retried
or recorded on that row and shows in `mentor stats`; the round itself stays sent.
"""

from __future__ import annotations

from datetime import UTC, datetime

from bot.reply import Reply, Tone

JOIN_NUDGE = (
    "Want in on the next round? Share your experience with `mentor join role:mentor`, "
    "or ask for a mentor with `mentor seek`."
)


def _day(moment: datetime) -> str:
    """A date without a time: the channel spans time zones, and rounds run hourly anyway."""
    day = moment.astimezone(UTC)
    return f"{day:%a} {day.day} {day:%b %Y}"


def announcement_reply(pairs: int, next_round: datetime) -> Reply:
    """The public message: counts and dates only (see the module docstring)."""
    if pairs == 1:
        introduced = "One new mentoring pair was just introduced"
    else:
        introduced = f"{pairs} new mentoring pairs were just introduced"
    return Reply(
        title="A new mentoring round is out",
        text=(
            f"{introduced}, each in a private message. If one of them is yours, "
            f"say hello soon!\n\n{JOIN_NUDGE}"
        ),
        footer=f"Next round planned around {_day(next_round)}.",
        tone=Tone.SUCCESS,
        ephemeral=False,
    )
