"""Coaching for the questions people write themselves (`questions add`).

The same habits the drafts check for, applied to a single question: a yes/no question gets
a one-word answer, a question the company website answers spends the other person's time
on what you could have read, and asking for a job or a sale turns the conversation into
something the other person did not agree to. Too many questions for the planned length of a
call is the fourth habit.

What happens to the question: it is saved with the advice beside it (the wording is yours to
judge), except a job ask or a sales pitch, which is held back until you confirm with
``anyway:yes`` because it changes what the conversation is for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.asks import job_ask, sales_pitch

#: About how long one question and its answer take in a conversation, in minutes.
MINUTES_PER_QUESTION = 2.5
DEFAULT_MINUTES = 20

_AUX = (
    "do|does|did|is|are|was|were|can|could|would|will|have|has|had|should|shall|may|am"
    "|isn't|aren't|don't|doesn't|didn't|won't|wouldn't|haven't"
)
_CLOSED = re.compile(rf"^(?:{_AUX})\b", re.IGNORECASE)
_OPENER = re.compile(r"\b(?:what|how|why|which|where|who|when)\b", re.IGNORECASE)
_SEARCHABLE = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"\bwhat (?:does|do) (?:your|the) (?:company|firm|business|organi[sz]ation) do\b",
        r"\bhow (?:many|much) (?:employees|people|staff|offices|revenue)\b",
        r"\bhow big is (?:your|the) (?:company|firm|team|business)\b",
        r"\bwhen (?:was|were) .{0,40}\b(?:founded|started|set up|established)\b",
        r"\bwhere (?:is|are) .{0,40}\b(?:based|headquartered|located)\b",
        r"\bwho (?:is|are) (?:your|the) (?:ceo|founders?|owners?|competitors)\b",
        r"\bwhat (?:products|services) do(?:es)? (?:you|your company|the company) "
        r"(?:sell|offer|make)\b",
        r"\bwhat is (?:your|the) (?:company'?s? )?(?:mission|mission statement|stock price)\b",
    )
)


@dataclass(frozen=True, slots=True)
class Advice:
    kind: str  # "closed" | "searchable" | "job-ask" | "pitch" | "too-many"
    problem: str
    fix: str

    @property
    def holds_back(self) -> bool:
        """Job asks and pitches are not saved without a confirmation."""
        return self.kind in ("job-ask", "pitch")

    def line(self) -> str:
        return f"{self.problem} {self.fix}"


def _closed(text: str) -> bool:
    first, _, rest = text.partition(" ")
    if not _CLOSED.match(first):
        return False
    return not _OPENER.search(rest) and " or " not in f" {rest.lower()} "


def review(text: str) -> list[Advice]:
    """Advice on one question's wording; empty when it reads well."""
    advice: list[Advice] = []
    if job_ask(text, by_writer=False):
        advice.append(
            Advice(
                "job-ask",
                "This asks them for a job or a referral, which most people didn't agree to "
                "when they said yes to a conversation.",
                "Ask about the path instead, e.g. “What would make someone like me a strong "
                "candidate on a team like yours?”; referrals tend to follow a good talk.",
            )
        )
    if sales_pitch(text, by_writer=False):
        advice.append(
            Advice(
                "pitch",
                "This asks them to buy from you, which turns research into a sales call.",
                "Ask how they choose instead, e.g. “What makes you say yes to a new supplier?”; "
                "you can pitch later, once you know what they need.",
            )
        )
    if any(p.search(text) for p in _SEARCHABLE):
        advice.append(
            Advice(
                "searchable",
                "Their website or a quick search answers this, so it spends their time on "
                "what you could read beforehand.",
                "Look it up first and ask about what the page can't tell you, e.g. “What "
                "surprised you about how the company works once you joined?”",
            )
        )
    if _closed(text):
        advice.append(
            Advice(
                "closed",
                "This can be answered with a yes or a no, and often will be.",
                "Start it with how, what or which so they tell you more, e.g. “How did you "
                "decide…?” instead of “Did you decide…?”",
            )
        )
    return advice


def too_many(own_questions: int, minutes: int = DEFAULT_MINUTES) -> Advice | None:
    """Advice when your own questions alone would overrun the planned conversation."""
    fits = max(1, int(minutes / MINUTES_PER_QUESTION))
    if own_questions <= fits:
        return None
    return Advice(
        "too-many",
        f"You now have {own_questions} questions of your own; a {minutes}-minute conversation "
        f"has room for about {fits} with time for their answers.",
        "Star the few you care most about in your notes and keep the rest for a follow-up "
        "(`questions mine` lists them; `questions remove <number>` trims).",
    )
