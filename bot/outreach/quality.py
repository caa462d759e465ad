"""Check a draft before it goes out: is it specific, and is it asking for advice?

The two mistakes that sink informational-interview requests are a message that could
have gone to anyone, and one that reads as a job application; for a business owner the
second one is a sales pitch. They are checked on what the user wrote (reason, about-me)
and what we know of the contact, and every warning comes with the fix, phrased as the
command that applies it. A clean draft is never called "ready": the check says what is
good and what only the sender can add.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.asks import job_ask, sales_pitch
from bot.outreach.keep import KEEP_FORMATS
from bot.outreach.reasons import ReasonKind, classify
from bot.outreach.templates import DraftInput
from bot.outreach.wording import Audience, introduces_writer

MIN_REASON_WORDS = 6
FOLLOW_UP_AFTER_DAYS = 7

#: Compliments that fit anyone, so they don't count as a reason to pick this person.
GENERIC_REASON = re.compile(
    r"\b(?:impressive\s+(?:background|profile|career|experience)|pick\s+your\s+brain"
    r"|your\s+(?:background|profile|experience)\s+(?:is|looks)"
    r"|admire\s+your\s+career|great\s+career|amazing\s+journey|inspiring\s+profile)\b",
    re.IGNORECASE,
)

#: Words that point at something the person did: evidence the reason is specific.
WORK_WORDS = re.compile(
    r"\b(?:talk|post|article|blog|paper|book|podcast|episode|project|launch|team|"
    r"research|interview|thread|video|newsletter|course|panel|keynote|talked|wrote|"
    r"built|led|launched|published|presented|spoke|moved|switched|joined|founded|"
    r"study|studies|survey|report|app|product|workshop|webinar|lecture|demo|portfolio)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Warning:
    problem: str
    fix: str

    def line(self) -> str:
        return f"{self.problem} Fix: {self.fix}"


def _mentions_them(d: DraftInput, draft_text: str) -> bool:
    """The draft names their company or role, or the reason points at something they did."""
    lowered = draft_text.lower()
    named = any(p.lower() in lowered for p in (d.company, d.role) if p.strip())
    return named or bool(WORK_WORDS.search(d.reason))


#: An about-me line like the writer's own, for the "who you are" fix: a career changer
#: shown a student's line would read advice meant for someone else. `{toward}` is the
#: field the draft is about when it says (a nurse's draft: "work as a staff nurse").
ABOUT_EXAMPLES = {
    Audience.STUDENT: "final-year economics student curious about {toward}",
    Audience.GRADUATE: "recent economics graduate curious about {toward}",
    Audience.CHANGER: "secondary-school teacher moving into {toward}",
    Audience.OWNER: "owner of a small bakery in Leeds that sells at two markets",
}
#: Where the example points when the draft names no role or industry.
DEFAULT_TOWARD = {Audience.CHANGER: "UX research"}


def about_example(d: DraftInput) -> str:
    """The about-me example for this draft's writer, pointed at this draft's field."""
    role = d.role.strip().lower()
    if d.industry.strip():
        toward = d.industry.strip()
    elif role:
        toward = f"work as {'an' if role[0] in 'aeiou' else 'a'} {role}"
    else:
        toward = DEFAULT_TOWARD.get(d.audience, "fintech")
    return ABOUT_EXAMPLES[d.audience].format(toward=toward)


def check(fmt: str, d: DraftInput, draft_text: str) -> list[Warning]:
    """Every problem found in the draft, most important first (empty when it's ready)."""
    warnings: list[Warning] = []
    for source, text in (("reason", d.reason), ("about-me line", d.about)):
        phrase = job_ask(text)
        if phrase:
            warnings.append(
                Warning(
                    f"Your {source} asks for a job (“{phrase}”). People say yes far more "
                    "often to a request for advice, and a job ask puts them on the spot.",
                    "Ask about their experience instead; if they know of a role, let them "
                    "offer it. Rewrite the "
                    + (
                        'reason: `reason:"..."`.'
                        if source == "reason"
                        else 'line with `outreach profile about:"..."`.'
                    ),
                )
            )
    pitch = sales_pitch(d.reason) or sales_pitch(d.news)
    if pitch and fmt != "thank-you":
        warnings.append(
            Warning(
                f"Your reason sells (“{pitch}”). A pitch gets a sales answer, or none; "
                "people open up when you come to learn how their side works.",
                "ask what they look for and what problems they see, and keep the offer for "
                'later, if they ask. Rewrite the reason: `reason:"..."`.',
            )
        )
    if fmt in KEEP_FORMATS:
        return warnings + _keep_warnings(fmt, d)
    if fmt == "thank-you":
        return warnings + _thank_you_warnings(d)
    specific = bool(d.reason) or bool(d.referrer)
    if not specific and fmt != "follow-up":
        warnings.append(
            Warning(
                f"It doesn't say why you chose {d.given} in particular, so it reads like a "
                "message sent to many people.",
                'add `reason:"..."` naming something specific: a talk, post or project of '
                "theirs, or a turn in their career you want to understand.",
            )
        )
    elif classify(d.reason).kind in (ReasonKind.SELF, ReasonKind.THEM) and (
        GENERIC_REASON.search(d.reason)
        or (len(d.reason.split()) < MIN_REASON_WORDS and not WORK_WORDS.search(d.reason))
    ):
        warnings.append(
            Warning(
                "Your reason is vague: it would fit almost anyone.",
                "name one specific thing they did or said, e.g. "
                '`reason:"your talk on moving from teaching into UX research"`.',
            )
        )
    if not _mentions_them(d, draft_text) and fmt != "follow-up":
        # Known company and role that this format left out: asking for them again
        # would send the person in a circle.
        known = d.company.strip() or d.role.strip()
        warnings.append(
            Warning(
                f"Nothing mentions {d.given}'s work, company or role.",
                "mention something of theirs in `reason:` (a talk, a study, a project); "
                "this format leaves out their company and role."
                if known
                else "add their company and role to the contact (`contact add` with "
                "`company:` and `role:`) or mention their work in `reason:`.",
            )
        )
    if not d.about.strip() and not introduces_writer(d.reason):
        warnings.append(
            Warning(
                "It doesn't say who you are.",
                f'set one line about yourself: `outreach profile about:"{about_example(d)}"`.',
            )
        )
    if fmt == "alumni" and not d.school.strip():
        warnings.append(
            Warning(
                "The alumni version needs your school.",
                'set it once: `outreach profile school:"State University"`.',
            )
        )
    if (
        fmt == "follow-up"
        and d.days_since_request is not None
        and d.days_since_request < FOLLOW_UP_AFTER_DAYS
    ):
        warnings.append(
            Warning(
                f"You asked {d.days_since_request} day(s) ago; people often need a week.",
                f"wait until {FOLLOW_UP_AFTER_DAYS} days have passed before nudging.",
            )
        )
    return warnings


def _keep_warnings(fmt: str, d: DraftInput) -> list[Warning]:
    """A keeping-in-touch note gives rather than asks: it fails when the one thing it is
    built around (what you did, their news, the link) is missing."""
    warnings: list[Warning] = []
    if fmt == "update" and not d.news.strip():
        warnings.append(
            Warning(
                "It doesn't yet say what you did with their advice, which is the whole point "
                "of an update.",
                'add it with `news:"I finished the SQL course and built my first dashboard"`.',
            )
        )
    if fmt == "update" and not d.takeaway.strip():
        warnings.append(
            Warning(
                "It doesn't name the advice you're following up on.",
                'log a takeaway on the interview first: `interview edit <number> takeaways:"..."`.',
            )
        )
    if fmt == "congrats" and not (d.news.strip() or d.reason.strip()):
        warnings.append(
            Warning(
                "It doesn't say what you're congratulating them on.",
                'add their news: `news:"your promotion to head of buying"`.',
            )
        )
    if fmt == "article" and not d.link.strip():
        warnings.append(
            Warning(
                "There's no link yet.",
                'add what you want to share: `link:"https://..."` (and `news:` for what it is '
                "about).",
            )
        )
    if fmt in ("update", "article", "congrats") and job_ask(d.news):
        warnings.append(
            Warning(
                "This note mentions a job; a keep-in-touch note lands better with nothing to ask.",
                "keep it to the news, and ask about roles another time if they offer.",
            )
        )
    return warnings


def _thank_you_warnings(d: DraftInput) -> list[Warning]:
    """A thank-you is judged on being specific and prompt, not on a reason or an ask."""
    warnings: list[Warning] = []
    if not d.takeaway.strip():
        warnings.append(
            Warning(
                "It doesn't say what you took from the conversation, so it reads like a "
                "form letter.",
                'log one takeaway first, e.g. `interview edit <number> takeaways:"start with the '
                'data team"`, or replace the bracketed line by hand.',
            )
        )
    if d.days_since_request is not None and d.days_since_request >= 1:
        warnings.append(
            Warning(
                f"The conversation was {d.days_since_request} day(s) ago; thank-yous land "
                "best within 24 hours.",
                "send it today anyway: late thanks beat none.",
            )
        )
    return warnings


def strengths(fmt: str, d: DraftInput) -> tuple[str, ...]:
    """For a draft with nothing to fix: what is good about it, and what to make your own."""
    if fmt in KEEP_FORMATS:
        return (
            "Good: it gives something and asks for nothing, and says no reply is needed.",
            "Make it yours: add one detail only the two of you would know.",
        )
    if fmt == "thank-you":
        return (
            "Good: it names what you took from the talk and what you'll do next.",
            "Make it yours: add one detail from the conversation only the two of you "
            "would know, and send it today.",
        )
    reason = classify(d.reason).kind
    why = {
        ReasonKind.REFERRAL: "it says who sent you",
        ReasonKind.CONGRATS: "it opens with their news",
        ReasonKind.SHARED: "it names what you share",
        ReasonKind.SELF: "it says where you're heading",
    }.get(reason, "it says why them")
    ask = "to learn, not to sell" if d.audience is Audience.OWNER else "advice, not a job"
    good = f"Good: {why}, and there's one clear ask ({ask})."
    if fmt == "follow-up":
        good = "Good: short, no pressure, and it leaves them an easy way out."
    return (
        good,
        "Make it yours: read it aloud, change any line you wouldn't say, and add one "
        "detail only you could know.",
    )
