"""Mistakes to avoid, sent with the prep reminder: the moment they can still be avoided.

The list is short on purpose (four lines) and fitted to the person: someone looking for
work is most tempted to turn the call into a job interview, a business owner to turn it
into a sales call, and someone changing careers to ask questions so broad that any
stranger could answer them. Every list keeps the agreed length, since overrunning a
favour is the mistake people remember.
"""

from __future__ import annotations

from bot.domain import Contact
from bot.journal.names import given_name

DEFAULT_MINUTES = 20

_FIRST = {
    "breaking-in": (
        "Don't turn it into a job interview: you're there to learn how {name} got where "
        "they are. If a job comes up, let {name} be the one to raise it."
    ),
    "changing-careers": (
        "Don't ask for a job or a referral: ask how someone with your background would "
        "be seen in {name}'s field, and let any offer come from them."
    ),
    "exploring": (
        "Keep it a conversation about {name}'s work, not a job interview in either "
        "direction: you're deciding whether this path suits you."
    ),
    "business-research": (
        "Don't pitch. You're learning how {side} works from the inside; if {name} senses "
        "a sales call coming, the useful answers stop."
    ),
}

_SPECIFIC = {
    "business-research": (
        "Ask about their side of the deal (how they choose, what goes wrong, what they "
        "wish suppliers knew), not things their website already says."
    ),
    "changing-careers": (
        "Ask specific questions about what carries over from your old work, not "
        "\u201chow do I get in?\u201d in general."
    ),
}
_SPECIFIC_DEFAULT = (
    "Bring specific questions only {name} can answer; anything a quick search settles "
    "wastes their time."
)


def _side(contact: Contact) -> str:
    if contact.company:
        return contact.company
    if contact.industry:
        return f"the {contact.industry} side"
    return "their side of the business"


def mistakes_to_avoid(goal: str, contact: Contact, minutes: int | None) -> list[str]:
    """Four lines for a prep reminder; `minutes` is the planned length of the call."""
    name = given_name(contact.name)
    length = minutes or DEFAULT_MINUTES
    first = _FIRST.get(goal, _FIRST["exploring"])
    return [
        first.format(name=name, side=_side(contact)),
        _SPECIFIC.get(goal, _SPECIFIC_DEFAULT).format(name=name),
        f"You asked for {length} minutes: keep an eye on the clock yourself, and when "
        "the time is up, say so and offer to stop. Staying longer is their choice.",
        f"Before you finish, ask {name} who else you should talk to, and whether you may "
        "say they sent you.",
    ]
