"""Asking for a job, or selling: the two asks that turn a conversation to learn into
something the other person never agreed to.

One place for both, because two places drifted: the outreach check and the question
coach each kept their own list, and a phrase one caught the other let through. There are
two strengths, because the same words mean different things in different places:

* a *direct* ask reads the same wherever it appears: "refer me", "are you hiring?",
  "would you stock our bread?";
* a *writer's* phrase is an ask only when you say it about yourself in a request ("I'm
  looking for a job", "my product", "a supplier contract"). Inside a question to them it
  is usually research: "How do small producers get a listing with you?" is exactly what a
  business owner should ask, and "How is hiring changing?" is a fair question.

Drafts (reason, about line, news) use both; the user's own questions use the direct asks.
"""

from __future__ import annotations

import re

_DIRECT_JOB = (
    r"refer\s+me",
    r"(?:a|your)\s+referral",
    r"hire\s+me",
    r"are\s+you\s+(?:hiring|recruiting)",
    r"(?:open|any|current)\s+(?:roles?|positions?|openings?|vacanc(?:y|ies)|jobs?)",
    r"job\s+(?:openings?|offers?|opportunit(?:y|ies))",
    r"(?:pass\s+on|forward|look\s+at|send\s+you)\s+my\s+(?:cv|resume|résumé|application)",
    r"put\s+in\s+a\s+(?:good\s+)?word",
    r"get\s+me\s+(?:a\s+job|an\s+interview|in)",
    r"can\s+i\s+(?:apply|get\s+an\s+internship|get\s+a\s+job)",
    r"(?:give|offer|find)\s+me\s+(?:a\s+|an\s+|some\s+)?(?:job|position|role|internship|placement|work)\b",
    r"(?:a\s+)?job\s+for\s+me",
)
_WRITER_JOB = (
    r"(?:looking|searching|hoping|applying|seeking)\s+for\s+(?:a\s+|an\s+)?"
    r"(?:job|position|role|opening|internship|placement|vacanc(?:y|ies))",
    r"(?:need|want|get|land|find)\s+(?:a\s+|an\s+)?(?:job|position|internship)",
    r"(?:is|are|you're|they're)\s+(?:still\s+|now\s+)?hiring",  # not "hiring managers"
    r"hiring\s+(?:for|now)\b",
    r"(?:job|position|role|internship)\s+(?:at|in|with)\s+your\b",
    r"work\s+for\s+you\b",
    r"vacanc(?:y|ies)",
    r"(?:my|attached)\s+(?:resume|cv|résumé)",
    r"apply(?:ing)?\s+(?:for|to)\b",
)
_DIRECT_SALE = (
    r"would\s+you\s+(?:stock|buy|list|carry|order|sell)\s+(?:my|our)",
    r"(?:stock|buy|list|carry|order)\s+(?:from\s+)?(?:my|our)\b",
    r"(?:give|offer)\s+(?:me|us)\s+a\s+(?:contract|listing|deal|order)",
    r"become\s+(?:a|your)\s+suppliers?",
)
_WRITER_SALE = (
    r"pitch(?:ing)?\s+(?:my|our|them|you|a|the)\s+\w+",
    r"sell(?:ing)?\s+(?:my|our|to|you|them)\b",
    r"supplier\s+(?:contract|deal|agreement)",
    r"(?:get|win|land)\s+(?:a\s+)?(?:contract|listing|deal)",
    r"(?:our|my)\s+(?:product|products|range|services?)\b",
    r"(?:place|placing)\s+an?\s+order",
    r"a\s+demo\s+of",
    r"free\s+samples?",
)


def _compile(*groups: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(p for group in groups for p in group)
    return re.compile(rf"\b(?:{alternatives})", re.IGNORECASE)


_JOB_DIRECT = _compile(_DIRECT_JOB)
_JOB_ANY = _compile(_DIRECT_JOB, _WRITER_JOB)
_SALE_DIRECT = _compile(_DIRECT_SALE)
_SALE_ANY = _compile(_DIRECT_SALE, _WRITER_SALE)


def job_ask(text: str, *, by_writer: bool = True) -> str | None:
    """The words that ask for a job, or None. `by_writer`: the text is the person
    describing their own request (a draft's reason or about line), not a question."""
    match = (_JOB_ANY if by_writer else _JOB_DIRECT).search(text)
    return match.group(0) if match else None


def sales_pitch(text: str, *, by_writer: bool = True) -> str | None:
    """The words that sell, or None (see :func:`job_ask` for `by_writer`)."""
    match = (_SALE_ANY if by_writer else _SALE_DIRECT).search(text)
    return match.group(0) if match else None
