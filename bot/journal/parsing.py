"""Reading journal-specific words: ids, media, statuses, outcome kinds, referral lists.

Kept apart from the handlers so every journal command reads the same word the same way
(``#5`` and ``5`` are both interview 5; ``zoom`` is a video call everywhere).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain import InterviewStatus, Medium, OutcomeKind
from bot.errors import UsageError
from bot.grammar import Mention, ParsedArgs, Value
from bot.ids import record_id
from bot.timeparse import parse_duration, parse_when
from bot.typos import not_a_choice

MAX_NAME_CHARS = 200
MAX_QUESTIONS = 50
MAX_QUESTION_CHARS = 500
MAX_REFERRALS = 20
MAX_DURATION_MINUTES = 8 * 60
#: Clocks drift and people type "now" a little early; a few minutes ahead still counts as past.
FUTURE_SLACK = timedelta(minutes=10)
PLAN_EXAMPLE = 'interview plan "Jane Doe" when:"next Tuesday 10am" duration:30m medium:video'

MEDIUM_ALIASES = {
    "coffee": Medium.COFFEE,
    "video": Medium.VIDEO,
    "zoom": Medium.VIDEO,
    "meet": Medium.VIDEO,
    "teams": Medium.VIDEO,
    "call": Medium.PHONE,
    "phone": Medium.PHONE,
    "in person": Medium.IN_PERSON,
    "in-person": Medium.IN_PERSON,
    "inperson": Medium.IN_PERSON,
    "person": Medium.IN_PERSON,
    "lunch": Medium.IN_PERSON,
}

OUTCOME_ALIASES = {
    "referral": OutcomeKind.REFERRAL,
    "intro": OutcomeKind.REFERRAL,
    "introduction": OutcomeKind.REFERRAL,
    "job lead": OutcomeKind.JOB_LEAD,
    "lead": OutcomeKind.JOB_LEAD,
    "job-lead": OutcomeKind.JOB_LEAD,
    "job interview": OutcomeKind.JOB_INTERVIEW,
    "job-interview": OutcomeKind.JOB_INTERVIEW,
    "interview": OutcomeKind.JOB_INTERVIEW,
    "offer": OutcomeKind.OFFER,
    "job offer": OutcomeKind.OFFER,
    "other": OutcomeKind.OTHER,
}

_REFERRAL = re.compile(r"^(?P<name>[^()]*?)\s*(?:\((?P<company>[^()]*)\))?\s*$")


#: What a held conversation can carry: `interview log` and `interview done` read the same.
CONVERSATION_OPTIONS = ("notes", "takeaways", "actions", "action_items", "referrals", "asked")


def parse_medium(text: str) -> str:
    if not text:
        return ""
    medium = MEDIUM_ALIASES.get(" ".join(text.lower().split()))
    if medium is None:
        raise not_a_choice(
            f"`{text[:40]}` isn't a medium I know.",
            text,
            MEDIUM_ALIASES,
            hint="Use one of: " + ", ".join(m.value for m in Medium) + ".",
            example="medium:video",
        )
    return medium.value


def parse_status(text: str, *, example: str) -> str | None:
    if not text:
        return None
    try:
        return InterviewStatus(text.strip().lower()).value
    except ValueError:
        raise not_a_choice(
            f"`{text[:40]}` isn't a status.",
            text,
            [s.value for s in InterviewStatus],
            hint="Statuses: " + ", ".join(s.value for s in InterviewStatus) + ".",
            example=example,
        ) from None


def parse_outcome_kind(text: str, *, example: str) -> str:
    cleaned = " ".join(text.lower().split())
    if not cleaned:
        raise UsageError(
            "Say what came of the conversation with `kind:`.",
            hint="Kinds: " + ", ".join(k.value for k in OutcomeKind) + ".",
            example=example,
        )
    kind = OUTCOME_ALIASES.get(cleaned)
    if kind is None:
        raise not_a_choice(
            f"`{text[:40]}` isn't an outcome kind I know.",
            text,
            OUTCOME_ALIASES,
            hint="Kinds: " + ", ".join(k.value for k in OutcomeKind) + ".",
            example=example,
        )
    return kind.value


def parse_id(args: ParsedArgs, *, what: str, example: str) -> int | str | Mention:
    """The record a command starts with: ``5`` or ``#5``, or (for interviews) the person
    it was with, by name or mention, which the handler resolves
    (:mod:`bot.journal.interview_ref`)."""
    if not args.positionals:
        raise UsageError(f"Which {what}? Give its number or the person's name.", example=example)
    first = args.positionals[0]
    if isinstance(first, Mention):
        return first
    number = record_id(str(first))
    if number is not None:
        return number
    # `interview done Priya Shah` without quotes: the name's words arrive one by one.
    words = " ".join(" ".join(str(p) for p in args.positionals).split())
    if any(ch.isalpha() for ch in words) and not words.startswith("#"):
        return words[:MAX_NAME_CHARS]
    article = "an" if what[:1] in "aeiou" else "a"
    raise UsageError(
        f"`{words[:40]}` isn't {article} {what} number or a name.",
        hint="`interview list` shows the numbers.",
        example=example,
    )


def parse_duration_minutes(text: str, *, example: str) -> int | None:
    """A meeting length such as ``30m`` or ``1h``; between 5 minutes and 8 hours."""
    if not text:
        return None
    try:
        minutes = int(parse_duration(text).total_seconds() // 60)
    except UsageError as exc:
        raise UsageError(exc.problem, hint=exc.hint, example=example) from None
    if minutes < 5 or minutes > MAX_DURATION_MINUTES:
        raise UsageError(
            f"A conversation of {text[:20]} looks like a typo; use 5 minutes to 8 hours.",
            example=example,
        )
    return minutes


def clean_person_name(text: str, *, what: str, example: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise UsageError(f"The {what}'s name is missing.", example=example)
    if len(name) > MAX_NAME_CHARS:
        raise UsageError(
            f"The {what}'s name is {len(name)} characters; keep it under {MAX_NAME_CHARS}.",
            example=example,
        )
    return name


@dataclass(frozen=True, slots=True)
class Referral:
    """Someone a contact suggested you talk to: ``Bo Chen (Globex)``."""

    name: str
    company: str = ""
    #: What was said about them beyond a name ("from the buying team"): kept in the
    #: new contact's notes rather than in its name.
    about: str = ""


#: "Tom from the buying team", "Tom Baker at FreshMart", "Ana who runs the bakery": the
#: name comes first, then a linking word. Only a short leading name (one to three words)
#: is split off, so a name that happens to contain "from" in a longer phrase stays whole.
_DESCRIBED = re.compile(
    r"^(?P<name>\S+(?:\s+\S+){0,2}?)\s+(?P<link>from|at|who|in|on)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
#: After "from"/"at", these words start a description ("the buying team"), not a company.
_DESCRIPTIVE_STARTS = frozenset(["the", "a", "an", "our", "my", "her", "his", "their", "its"])


def split_description(text: str) -> Referral:
    """``Tom from the buying team`` → Tom, about "from the buying team";
    ``Tom Baker at FreshMart`` → Tom Baker of FreshMart; a bare name stays as it is."""
    match = _DESCRIBED.match(text)
    if match is None:
        return Referral(text)
    name, link, rest = match.group("name"), match.group("link").lower(), match.group("rest")
    first_word = rest.split()[0].lower()
    if link in ("from", "at") and first_word not in _DESCRIPTIVE_STARTS:
        return Referral(name, rest)
    return Referral(name, about=f"{link} {rest}")


def parse_referrals(text: str, *, example: str) -> tuple[Referral, ...]:
    """``"Ann Lee, Bo Chen (Globex)"`` → two referrals; commas or semicolons separate."""
    if not text.strip():
        return ()
    found: list[Referral] = []
    seen: set[tuple[str, str]] = set()
    for part in re.split(r"[;,\n]", text):
        if not part.strip():
            continue
        match = _REFERRAL.match(part.strip())
        if match is None:
            raise UsageError(
                f"I couldn't read `{part.strip()[:60]}` as a person.",
                hint="Write each as Name or Name (Company), separated by commas.",
                example=example,
            )
        described = split_description(" ".join(match.group("name").split()))
        name = clean_person_name(described.name, what="referral", example=example)
        bracketed = " ".join((match.group("company") or "").split())
        company = (bracketed or described.company)[:MAX_NAME_CHARS]
        key = (name.lower(), company.lower())
        if key not in seen:
            seen.add(key)
            found.append(Referral(name, company, described.about))
    if len(found) > MAX_REFERRALS:
        raise UsageError(
            f"That's {len(found)} referrals at once; log at most {MAX_REFERRALS}.",
            example=example,
        )
    return tuple(found)


def parse_questions(text: str, *, example: str) -> list[str]:
    """``"question one; question two"`` → a list (semicolons or new lines separate)."""
    questions: list[str] = []
    for part in re.split(r"[;\n]", text):
        question = " ".join(part.split())
        if not question or question.lower() in (q.lower() for q in questions):
            continue
        if len(question) > MAX_QUESTION_CHARS:
            raise UsageError(
                f"One question is {len(question)} characters; keep each under "
                f"{MAX_QUESTION_CHARS}.",
                hint="Separate questions with semicolons.",
                example=example,
            )
        questions.append(question)
    if len(questions) > MAX_QUESTIONS:
        raise UsageError(
            f"That's {len(questions)} questions; record at most {MAX_QUESTIONS}.",
            example=example,
        )
    return questions


def who_from(args: ParsedArgs, *option_names: str) -> Value | None:
    """The person a command names: an option, a lone mention, or the positional words."""
    named = args.option(*option_names)
    if named is not None:
        return named
    if len(args.positionals) == 1 and isinstance(args.positionals[0], Mention):
        return args.positionals[0]
    return args.text()


PLAN_INSTEAD = "To put a future conversation in your calendar, plan it instead."


def past_moment(
    text: str,
    *,
    timezone: str,
    now: datetime,
    example: str,
    date_order: str = "",
    ahead_hint: str = PLAN_INSTEAD,
    ahead_example: str = PLAN_EXAMPLE,
) -> datetime:
    """A moment that has already happened (a held conversation, a sent thank-you).

    A moment still ahead is refused with `ahead_hint` and `ahead_example`: planning
    instead fits a conversation, not a thank-you, so callers say what fits theirs."""
    try:
        moment = parse_when(text, timezone=timezone, now=now, prefer="past", date_order=date_order)
    except UsageError as exc:
        raise UsageError(
            exc.problem, hint=exc.hint, example=example, fixes=exc.fixes, field="when"
        ) from None
    if moment > now + FUTURE_SLACK:
        raise UsageError(
            f"`{text[:80]}` is in the future; this records something that already happened.",
            hint=ahead_hint,
            example=ahead_example,
            field="when",
        )
    return moment


def future_moment(
    text: str, *, timezone: str, now: datetime, example: str, date_order: str = ""
) -> datetime:
    """A moment still ahead (a planned conversation)."""
    try:
        moment = parse_when(
            text, timezone=timezone, now=now, prefer="future", date_order=date_order
        )
    except UsageError as exc:
        raise UsageError(
            exc.problem, hint=exc.hint, example=example, fixes=exc.fixes, field="when"
        ) from None
    if moment <= now:
        raise UsageError(
            f"`{text[:80]}` is in the past; a plan needs a time that is still ahead.",
            hint="To record a conversation you've already had, log it instead.",
            example='interview log "Jane Doe" when:"yesterday 3pm"',
            field="when",
        )
    return moment
