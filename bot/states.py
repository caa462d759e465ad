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
    # Warm-introduction messages (bot/directory/intro_outbox.py): a seeker's request to
    # the member who can introduce, and the member's answer back to the seeker.
    INTRO_ASK = "intro-ask"
    INTRO_ANSWER = "intro-answer"


#: Outbox rows about a warm-introduction request: rendered from the request at send time.
INTRO_MESSAGE_KINDS = frozenset({ReminderKind.INTRO_ASK.value, ReminderKind.INTRO_ANSWER.value})


#: Outbox rows that are a round's messages, or another feature's (introduction requests),
#: not anyone's check-ins: never listed, snoozed or given check-in buttons.
ROUND_MESSAGE_KINDS = (
    frozenset(
        {
            ReminderKind.MATCH_INTRO.value,
            ReminderKind.MATCH_UNMATCHED.value,
            ReminderKind.ROUND_ANNOUNCEMENT.value,
        }
    )
    | INTRO_MESSAGE_KINDS
)


class ReminderStatus(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"
    DONE = "done"
