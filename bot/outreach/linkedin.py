"""The LinkedIn-style connection note: the request in at most 300 characters.

Split from bot.outreach.templates (which holds the shared sentences and the email
formats) because shortening is its own job. Rather than chopping the end off (which
would cut the thanks or the ask), :func:`linkedin` tries progressively terser versions
and only trims the reason, at a word boundary, as a last resort.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.outreach import reasons
from bot.outreach.formats import LINKEDIN_LIMIT
from bot.outreach.reasons import ReasonKind
from bot.outreach.templates import (
    Draft,
    DraftInput,
    about_phrase,
    introduce,
    why_them,
)
from bot.outreach.wording import Audience


def _trim_words(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[: max(0, limit - 1)]
    if " " in cut:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:.") + "…"


def linkedin(d: DraftInput) -> Draft:
    """A connection note of at most 300 characters, shortened part by part."""
    about = about_phrase(d)
    short_about = re.split(r"[,;:.(—–]| - ", about, maxsplit=1)[0].strip()
    reason = reasons.classify(d.reason)
    why = why_them(d, short=True)
    lead = ""
    if reason.kind is ReasonKind.CONGRATS:
        congrats = reasons.sentence(reason)
        lead = f"{congrats[:1].lower()}{congrats[1:]} "
    asks = (
        (
            f"Would you be open to a {d.minutes}-minute chat? I'd like to learn how your "
            "side works, not to sell.",
            f"Open to a {d.minutes}-min chat? To learn, not to sell.",
        )
        if d.audience is Audience.OWNER
        else (
            f"Would you be open to a {d.minutes}-minute chat? I'm after advice, not a job.",
            f"Open to a {d.minutes}-min chat? Advice only, not a job.",
        )
    )
    thanks = ("Thanks either way!", "Thanks!")

    def note(who: str, why_text: str, ask: str, thank: str, opening: str = lead) -> str:
        return f"Hi {d.first}, {opening}{who} {why_text} {ask} {thank}"

    ladder: list[Callable[[], str]] = [
        lambda: note(introduce(d.sender, about), why, asks[0], thanks[0]),
        lambda: note(introduce(d.sender, short_about), why, asks[0], thanks[0]),
        lambda: note(introduce(d.sender, short_about), why, asks[1], thanks[0]),
        lambda: note(f"I'm {d.sender}.", why, asks[1], thanks[1]),
    ]
    for step, build in enumerate(ladder):
        text = build()
        if len(text) <= LINKEDIN_LIMIT:
            return Draft("linkedin", text, shortened=step > 0)
    # Last resort: the reason (with any congratulation) is the one part that is trimmed.
    why = f"{lead}{why}"
    fixed = note(f"I'm {d.sender}.", "", asks[1], thanks[1], "")
    room = LINKEDIN_LIMIT - len(fixed) - 1
    text = note(f"I'm {d.sender}.", _trim_words(why, room), asks[1], thanks[1], "")
    if len(text) > LINKEDIN_LIMIT:  # only when the names alone are enormous
        text = _trim_words(text, LINKEDIN_LIMIT)
    return Draft("linkedin", " ".join(text.split()), shortened=True)
