"""Round announcements: one public message in the group's channel when a round goes out.

Pairs are private to the two people and the admins, so the announcement carries counts
only: how many pairs were introduced, how to join, and when the next round is planned. No
name, mention or profile detail ever goes into it. It is posted only when at least one
pair was introduced: "no pairs this round" in a small group would tell everyone that the
few known participants went unmatched.

Announcing is a courtesy on top of the round, never part of it: whatever goes wrong
(unknown channel, bot not invited, platform down, a bug) is logged with the workspace and
round id and reported back to the admin; the round itself is already sent and stays so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from bot import mentions
from bot.domain import GroupConfig, MatchRound
from bot.ports import DeliveryError, Notifier
from bot.reply import Reply, Tone

log = logging.getLogger(__name__)

NO_PAIRS = "no new pairs"

JOIN_NUDGE = (
    "Want in on the next round? Share your experience with `mentor join role:mentor`, "
    "or ask for a mentor with `mentor seek`."
)


@dataclass(frozen=True)
class Announcement:
    """What became of a round's announcement, for the admin's reply."""

    channel: str
    posted: bool
    #: Why it did not go out: the platform's reason, or "no new pairs".
    problem: str = ""
    #: The problem needs the admin (wrong channel, app not invited), not just time.
    permanent: bool = True

    @property
    def failed(self) -> bool:
        """True when a post was tried and refused (skipping a round without pairs is not)."""
        return not self.posted and self.problem != NO_PAIRS

    def summary(self) -> str:
        where = mentions.channel(self.channel)
        if self.posted:
            return f"posted in {where}"
        if self.problem == NO_PAIRS:
            return f"skipped in {where}: no new pairs this round"
        advice = (
            "invite the app to the channel"
            if self.permanent
            else "likely temporary; the next round will post as usual"
        )
        return f"couldn't post in {where}: {self.problem} ({advice})"


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


async def announce_round(
    notifier: Notifier,
    config: GroupConfig,
    match_round: MatchRound,
    *,
    pairs: int,
    next_round: datetime,
) -> Announcement | None:
    """Post the round's announcement if the group has a channel; never raises.

    Returns None when the group has no announcement channel.
    """
    channel = config.announce_channel
    if not channel:
        return None
    if pairs <= 0:
        return Announcement(channel, posted=False, problem=NO_PAIRS)
    where = (config.platform, config.workspace_id, match_round.id)
    try:
        await notifier.post_to_channel(
            config.platform,
            config.workspace_id,
            channel,
            announcement_reply(pairs, next_round),
            idempotency_key=f"round-{match_round.id}-announce",
        )
    except DeliveryError as exc:
        log.warning("round announcement failed for %s/%s round %s: %s", *where, exc.reason)
        return Announcement(channel, posted=False, problem=exc.reason, permanent=exc.permanent)
    except Exception:
        log.exception("round announcement failed for %s/%s round %s", *where)
        problem = "something went wrong on our side"
        return Announcement(channel, posted=False, problem=problem, permanent=False)
    return Announcement(channel, posted=True)
