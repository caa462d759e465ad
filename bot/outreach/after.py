"""The two messages that come after the request: a polite nudge and the thank-you.

They live apart from the request templates because they say different things: the nudge
only brings the request back up, and the thank-you names one thing they taught you, in a
sentence of your own (bot.outreach.wording), and what you will do with it.
"""

from __future__ import annotations

from bot.outreach.templates import Draft, DraftInput, pick, sign
from bot.outreach.wording import Audience, next_step_sentence, takeaway_sentence, topic

TAKEAWAY_PLACEHOLDER = "[one thing you learned from them]"


def _when(days: int | None) -> str:
    if days is None or days == 0:
        return "my earlier note"
    if days == 1:
        return "my note from yesterday"
    if days < 14:
        return "my note from last week" if days >= 6 else "my recent note"
    return f"my note from {days // 7} weeks ago"


def follow_up(d: DraftInput) -> Draft:
    when = _when(d.days_since_request)
    opener = pick(
        (
            f"I wanted to follow up on {when} in case it got buried.",
            f"Just bringing {when} back to the top of your inbox.",
        ),
        d.variant,
    )
    subject_topic = topic(d.role, d.industry)
    if d.audience is Audience.OWNER:
        still = (
            f"I'd still love {d.minutes} minutes to hear how things work on your side, "
            "whenever suits you."
        )
    else:
        still = (
            f"I'd still really value {d.minutes} minutes of your advice on "
            f"{subject_topic}, whenever suits you."
        )
    body = "\n\n".join(
        (
            f"Hi {d.first},",
            f"{opener} {still}",
            "If now isn't a good time, no problem at all, and thank you either way.",
            sign(d),
        )
    )
    return Draft("follow-up", body, f"Re: a {d.minutes}-minute chat about {subject_topic}")


def thank_you(d: DraftInput) -> Draft:
    """Sent within a day: thanks, the one thing that stuck, what you'll do, an open door."""
    learned = takeaway_sentence(d.takeaway, variant=d.variant) or (
        f"What stayed with me most: {TAKEAWAY_PLACEHOLDER}."
    )
    plan = next_step_sentence(d.next_step) or "I'm already turning your advice into a next step."
    owner = d.audience is Audience.OWNER
    thanks = pick(
        (
            "Thank you for taking the time to talk with me. It was generous of you, and "
            "genuinely useful.",
            "Thank you for showing me how things look from your side; I learned a lot."
            if owner
            else "Thanks so much for our conversation; I really appreciated your time and candour.",
        ),
        d.variant,
    )
    subject_topic = topic(d.role, d.industry)
    subject = (
        "Thank you for your time and advice"
        if subject_topic == "your path"
        else f"Thank you for the advice on {subject_topic}"
    )
    body = "\n\n".join(
        (
            f"Hi {d.first},",
            thanks,
            f"{learned} {plan}",
            "I'll let you know how it goes. And if there's ever anything I can help with "
            "in return, I'd be glad to.",
            sign(d),
        )
    )
    return Draft("thank-you", body, subject)
