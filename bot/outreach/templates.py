"""Outreach drafts: the structure that gets replies, in four formats, with some variety.

Every draft says, in this order: who you are, how you found them and why them in
particular, a clear ask for a short conversation (advice, not a job), and thanks whether
or not they can. The words vary by a variant number (stable per contact, so a draft does
not change under you; "another wording" moves to the next one).

The LinkedIn-style note must fit 300 characters. Rather than chopping the end off (which
would cut the thanks or the ask), :func:`linkedin` tries progressively terser versions and
only trims the user's own reason, at a word boundary, as a last resort.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

LINKEDIN_LIMIT = 300
FORMATS = ("email", "linkedin", "alumni", "follow-up", "thank-you")
FORMAT_ALIASES = {
    "email": "email",
    "mail": "email",
    "linkedin": "linkedin",
    "note": "linkedin",
    "connection": "linkedin",
    "alumni": "alumni",
    "alum": "alumni",
    "follow-up": "follow-up",
    "followup": "follow-up",
    "nudge": "follow-up",
    "thank-you": "thank-you",
    "thankyou": "thank-you",
    "thanks": "thank-you",
}
NAME_PLACEHOLDER = "[your name]"
ABOUT_PLACEHOLDER = "[one line about who you are]"
SCHOOL_PLACEHOLDER = "[your school]"

_VERB_STARTS = frozenset(
    {
        "read", "saw", "heard", "met", "loved", "enjoyed", "noticed", "found", "came",
        "watched", "listened", "follow", "followed", "admire", "admired", "attended",
        "used", "worked", "studied", "learned", "learnt", "spoke", "talked",
    }
)  # fmt: skip
_SENTENCE_STARTS = frozenset(
    {"i", "i'm", "i've", "we", "we're", "my", "our", "after", "when", "since", "while"}
)


@dataclass(frozen=True)
class DraftInput:
    """Everything a template may use; built by the command from settings and the contact."""

    sender: str
    about: str
    school: str
    name: str
    role: str = ""
    company: str = ""
    industry: str = ""
    reason: str = ""
    how_known: str = ""
    referrer: str = ""
    days_since_request: int | None = None
    #: For a thank-you: one thing they taught you and what you will do with it.
    takeaway: str = ""
    next_step: str = ""
    minutes: int = 20
    variant: int = 0

    @property
    def first(self) -> str:
        words = self.name.split()
        return words[0] if words else self.name

    @property
    def their_work(self) -> str:
        """ "your work as Engineering Manager at Acme", or the best part of it we know."""
        if self.role and self.company:
            return f"your work as {self.role} at {self.company}"
        if self.role:
            return f"your work as {self.role}"
        if self.company:
            return f"your work at {self.company}"
        if self.industry:
            return f"your work in {self.industry}"
        return "your work"

    @property
    def field(self) -> str:
        """What to ask about: "fintech", "your role as Bakery Buyer" or "your field".
        A job title on its own is not a field ("how you got into Bakery Buyer")."""
        if self.industry:
            return self.industry
        return f"your role as {self.role}" if self.role else "your field"


@dataclass(frozen=True)
class Draft:
    format: str
    body: str
    subject: str = ""
    shortened: bool = False

    def text(self) -> str:
        return f"Subject: {self.subject}\n\n{self.body}" if self.subject else self.body


def _pick(options: tuple[str, ...], variant: int) -> str:
    return options[variant % len(options)]


def _end(sentence: str) -> str:
    sentence = sentence.strip()
    return sentence if sentence[-1:] in ".!?" else sentence + "."


def as_sentence(text: str, *, subject: str = "I") -> str:
    """Turn what the user typed into a sentence that reads naturally in the draft.

    "I read your post on X" stays; "read your post on X" gains a subject; a noun phrase
    ("your talk at PyCon") becomes "I'm writing because of your talk at PyCon."
    """
    text = " ".join(text.split()).strip()
    if not text:
        return ""
    first = re.split(r"[\s,]", text, maxsplit=1)[0].lower()
    if first in _SENTENCE_STARTS:
        return _end(text[0].upper() + text[1:])
    if first in _VERB_STARTS:
        return _end(f"{subject} {text}")
    return _end(f"I'm writing because of {text}")


def _about(d: DraftInput) -> str:
    """The about-me line as a phrase that follows "I'm" ("a final-year student ...")."""
    about = " ".join(d.about.split()).rstrip(".")
    for prefix in ("i'm ", "i am ", "im "):
        if about.lower().startswith(prefix):
            about = about[len(prefix) :]
    return about or ABOUT_PLACEHOLDER


def _intro(d: DraftInput, *, alumni: bool = False) -> str:
    about = _about(d)
    if alumni:
        school = d.school or SCHOOL_PLACEHOLDER
        return _pick(
            (
                f"I'm {d.sender}, a fellow {school} alum, and I'm {about}.",
                f"My name is {d.sender}; like you, I went to {school}. These days I'm {about}.",
            ),
            d.variant,
        )
    return _pick(
        (f"I'm {d.sender}, {about}.", f"My name is {d.sender}, and I'm {about}."), d.variant
    )


def _why_them(d: DraftInput, *, alumni: bool = False) -> str:
    parts: list[str] = []
    if d.referrer:
        parts.append(
            _pick(
                (
                    f"{d.referrer} suggested I get in touch with you.",
                    f"{d.referrer} thought you'd be a great person to ask.",
                ),
                d.variant,
            )
        )
    elif alumni:
        parts.append(f"I found you through the {d.school or SCHOOL_PLACEHOLDER} alumni network.")
    elif d.how_known and not d.reason:
        parts.append(as_sentence(d.how_known, subject="We"))
    if d.reason:
        parts.append(as_sentence(d.reason))
    else:
        parts.append(f"I came across {d.their_work} and would value your perspective.")
    return " ".join(parts)


def _ask(d: DraftInput) -> str:
    return _pick(
        (
            f"Would you be open to a {d.minutes}-minute call in the next few weeks? I'd love "
            f"to hear how you got into {d.field} and what you'd tell someone in my position. "
            "I'm asking for your advice, not for a job.",
            f"Could I borrow {d.minutes} minutes of your time, by phone or video, whenever "
            "suits you? I'm hoping to learn from your experience; I'm not asking about "
            "openings.",
            f"If you have {d.minutes} minutes in the next couple of weeks, I'd be grateful "
            "for the chance to ask a few questions about your path. I'm looking for advice "
            "rather than a job.",
        ),
        d.variant,
    )


def _thanks(d: DraftInput) -> str:
    return _pick(
        (
            "Thank you either way; I know your time is valuable, and I'd completely "
            "understand if now isn't a good moment.",
            "Thanks for reading this far. If it isn't a good time, no worries at all, and "
            "thank you anyway.",
            "Whether or not it works out, thank you for considering it.",
        ),
        d.variant,
    )


def _sign(d: DraftInput) -> str:
    return _pick(("Best,", "Best wishes,", "Kind regards,"), d.variant) + f"\n{d.sender}"


def email(d: DraftInput) -> Draft:
    subject = _pick(
        (
            f"A {d.minutes}-minute question about {d.their_work}",
            f"Could I learn from your path into {d.field}?",
            f"Advice request from {d.sender}",
        ),
        d.variant,
    )
    body = "\n\n".join(
        (f"Hi {d.first},", f"{_intro(d)} {_why_them(d)}", _ask(d), _thanks(d), _sign(d))
    )
    return Draft("email", body, subject)


def alumni(d: DraftInput) -> Draft:
    school = d.school or SCHOOL_PLACEHOLDER
    subject = _pick(
        (f"Fellow {school} alum: a quick question", f"From one {school} graduate to another"),
        d.variant,
    )
    body = "\n\n".join(
        (
            f"Hi {d.first},",
            f"{_intro(d, alumni=True)} {_why_them(d, alumni=True)}",
            _ask(d),
            _thanks(d),
            _sign(d),
        )
    )
    return Draft("alumni", body, subject)


def follow_up(d: DraftInput) -> Draft:
    if d.days_since_request is None or d.days_since_request == 0:
        when = "my earlier note"
    elif d.days_since_request == 1:
        when = "my note from yesterday"
    elif d.days_since_request < 14:
        when = "my note from last week" if d.days_since_request >= 6 else "my recent note"
    else:
        when = f"my note from {d.days_since_request // 7} weeks ago"
    opener = _pick(
        (
            f"I wanted to follow up on {when} in case it got buried.",
            f"Just bringing {when} back to the top of your inbox.",
        ),
        d.variant,
    )
    body = "\n\n".join(
        (
            f"Hi {d.first},",
            f"{opener} I'd still really value {d.minutes} minutes of your advice on "
            f"{d.field}, whenever suits you.",
            "If now isn't a good time, no problem at all, and thank you either way.",
            _sign(d),
        )
    )
    return Draft("follow-up", body, f"Re: a {d.minutes}-minute chat about {d.field}")


TAKEAWAY_PLACEHOLDER = "[one thing you learned from them]"


def _first_point(text: str) -> str:
    """The first takeaway or action of a list the person typed ("a; b", lines, bullets)."""
    for part in re.split(r"[;\n]|(?:^|\s)[-•]\s", text):
        part = part.strip(" .")
        if part:
            return part[:200]
    return ""


def _lower_first(text: str) -> str:
    """Lower-case a leading capital unless the first word is an acronym or "I"."""
    first = text.split(" ", 1)[0]
    if first.isupper() or first in {"I", "I'm", "I've"} or not text:
        return text
    return text[:1].lower() + text[1:]


def thank_you(d: DraftInput) -> Draft:
    """Sent within a day: thanks, the one thing that stuck, what you'll do, an open door."""
    takeaway = _first_point(d.takeaway) or TAKEAWAY_PLACEHOLDER
    # A colon reads well whatever shape the note has ("start with data", "Their
    # hiring is in spring", "SQL first"), where "you said that ..." would not.
    learned = _pick(
        (
            f"What stuck with me most from our talk: {_lower_first(takeaway)}.",
            f"One thing I keep coming back to: {_lower_first(takeaway)}.",
        ),
        d.variant,
    )
    step = _first_point(d.next_step)
    plan = (
        f"My next step, thanks to your advice: {_lower_first(step)}."
        if step
        else "I'm already turning your advice into a next step."
    )
    body = "\n\n".join(
        (
            f"Hi {d.first},",
            _pick(
                (
                    "Thank you for taking the time to talk with me. It was generous of you, "
                    "and genuinely useful.",
                    "Thanks so much for our conversation; I really appreciated your time "
                    "and candour.",
                ),
                d.variant,
            ),
            f"{learned} {plan}",
            "I'll let you know how it goes. And if there's ever anything I can help with "
            "in return, I'd be glad to.",
            _sign(d),
        )
    )
    return Draft("thank-you", body, _pick(("Thank you", "Thanks for your time"), d.variant))


def _trim_words(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.") + "…"


def linkedin(d: DraftInput) -> Draft:
    """A connection note of at most 300 characters, shortened part by part."""
    about = _about(d)
    short_about = re.split(r"[,;:.(—–]| - ", about, maxsplit=1)[0].strip()
    why = _why_them(d)
    asks = (
        f"Would you be open to a {d.minutes}-minute chat? I'm after advice, not a job.",
        f"Open to a {d.minutes}-min chat? Advice only, not a job.",
    )
    thanks = ("Thanks either way!", "Thanks!")

    def note(who: str, why_text: str, ask: str, thank: str) -> str:
        return f"Hi {d.first}, {who} {why_text} {ask} {thank}"

    ladder: list[Callable[[], str]] = [
        lambda: note(f"I'm {d.sender}, {about}.", why, asks[0], thanks[0]),
        lambda: note(f"I'm {d.sender}, {short_about}.", why, asks[0], thanks[0]),
        lambda: note(f"I'm {d.sender}, {short_about}.", why, asks[1], thanks[0]),
        lambda: note(f"I'm {d.sender}.", why, asks[1], thanks[1]),
    ]
    for step, build in enumerate(ladder):
        text = build()
        if len(text) <= LINKEDIN_LIMIT:
            return Draft("linkedin", text, shortened=step > 0)
    fixed = note(f"I'm {d.sender}.", "", asks[1], thanks[1])
    room = LINKEDIN_LIMIT - len(fixed) - 1
    text = note(f"I'm {d.sender}.", _trim_words(why, room), asks[1], thanks[1])
    if len(text) > LINKEDIN_LIMIT:  # only when the names alone are enormous
        text = _trim_words(text, LINKEDIN_LIMIT)
    return Draft("linkedin", " ".join(text.split()), shortened=True)


BUILDERS: dict[str, Callable[[DraftInput], Draft]] = {
    "email": email,
    "linkedin": linkedin,
    "alumni": alumni,
    "follow-up": follow_up,
    "thank-you": thank_you,
}


def render(fmt: str, d: DraftInput) -> Draft:
    return BUILDERS[fmt](d)
