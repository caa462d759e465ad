"""The states a conversation and a reminder move through.

They live apart from :mod:`bot.domain` so the lifecycle rules (:mod:`bot.lifecycle`),
which the domain classes inherit, can use them without importing the domain module
that imports them; :mod:`bot.domain` re-exports every name, so callers import from there.
"""

from __future__ import annotations

from enum import StrEnum


class InterviewStatus(StrEnum):
    REQUESTED = "requested"
    SCHEDULED = "scheduled"
    HELD = "held"
    THANKED = "thanked"


class ReminderKind(StrEnum):
    PREP = "prep"
    THANK_YOU = "thank-you"
    REFLECTION = "reflection"
    KEEP_IN_TOUCH = "keep-in-touch"
    FOLLOW_UP = "follow-up"
    MATCH_FOLLOW_UP = "match-follow-up"
    CUSTOM = "custom"
    # Round messages (bot/mentoring/outbox.py): the outbox carries them too, but they are
    # the round's, not the person's check-ins (never listed, snoozed or paced).
    MATCH_INTRO = "match-intro"
    MATCH_UNMATCHED = "match-unmatched"
    ROUND_ANNOUNCEMENT = "round-announcement"
    # The matching rules' own DMs (bot/mentoring/nudges.py): the same outbox, same rules.
    MATCH_POLL = "match-poll"
    MATCH_NUDGE = "match-nudge"
    MATCH_STILL_IN = "match-still-in"
    # A conversation request's messages (bot/directory/requests_outbox.py): the request
    # to the helper, its one reminder, the introduction, and news for the seeker.
    REQUEST_ASK = "request-ask"
    REQUEST_NUDGE = "request-nudge"
    REQUEST_INTRO = "request-intro"
    REQUEST_NEWS = "request-news"
    # Warm-introduction messages (bot/directory/intro_outbox.py): a seeker's request to
    # the member who can introduce, its one reminder, and the answer back to the seeker
    # (the member's, or the news that it expired unanswered).
    INTRO_ASK = "intro-ask"
    INTRO_NUDGE = "intro-nudge"
    INTRO_ANSWER = "intro-answer"


#: Outbox rows that are a conversation request's messages.
REQUEST_MESSAGE_KINDS = frozenset(
    {
        ReminderKind.REQUEST_ASK.value,
        ReminderKind.REQUEST_NUDGE.value,
        ReminderKind.REQUEST_INTRO.value,
        ReminderKind.REQUEST_NEWS.value,
    }
)
#: Outbox rows about a warm-introduction request: rendered from the request at send time.
INTRO_MESSAGE_KINDS = frozenset(
    {
        ReminderKind.INTRO_ASK.value,
        ReminderKind.INTRO_NUDGE.value,
        ReminderKind.INTRO_ANSWER.value,
    }
)
#: Outbox rows that are a round's messages, or another feature's (conversation and
#: introduction requests), not anyone's check-ins: `checkin` never lists, snoozes or
#: paces them.
ROUND_MESSAGE_KINDS = (
    frozenset(
        {
            ReminderKind.MATCH_INTRO.value,
            ReminderKind.MATCH_UNMATCHED.value,
            ReminderKind.ROUND_ANNOUNCEMENT.value,
            ReminderKind.MATCH_POLL.value,
            ReminderKind.MATCH_NUDGE.value,
            ReminderKind.MATCH_STILL_IN.value,
        }
    )
    | REQUEST_MESSAGE_KINDS
    | INTRO_MESSAGE_KINDS
)


class ReminderStatus(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"
    DONE = "done"
