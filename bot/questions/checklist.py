"""The research checklist in a prep pack: what to look up before a conversation.

Every item has a short, stable key (`role`, `company`, …) so the person can tick it
(`interview prep Dana done:role,company`) and the tick survives later edits to the
contact: the wording of an item may change with the contact's details, its key does not.
Ticked keys live on the contact (`Contact.research_done`).
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.domain import Actor, Contact, Interview
from bot.errors import UsageError
from bot.journal.names import given_name
from bot.journal.render import interview_when
from bot.ports import UnitOfWork
from bot.timeparse import format_local

#: Other words people type for a key; the key is what is stored.
ALIASES = {
    "profile": "role",
    "path": "role",
    "org": "company",
    "organisation": "company",
    "organization": "company",
    "news": "company",
    "trend": "industry",
    "field": "industry",
    "referral": "intro",
    "introduction": "intro",
    "how": "intro",
    "about-me": "pitch",
    "why": "pitch",
    "confirm": "time",
    "when": "time",
}


@dataclass(frozen=True, slots=True)
class Item:
    """One checklist line: its key, the short label a button shows, and the advice."""

    key: str
    label: str
    text: str


def first_name(contact: Contact) -> str:
    return given_name(contact.name)


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _intro(contact: Contact, referrer: Contact | None) -> str | None:
    """How you know them, said once: a referral written as "referred by Raj" is the
    same fact as the referrer line, so only the referrer line is kept."""
    name = first_name(contact)
    how = " ".join(contact.how_known.split())
    if referrer is not None:
        told = f"{referrer.name} introduced you: mention that early, and tell them how it went."
        if not how or referrer.name.lower() in how.lower():
            return told
        return f"How you know {name}: {_cut(how, 200)}. {told}"
    if how:
        return f"How you know {name}: {_cut(how, 200)}. Say it in your first sentence."
    return None


async def checklist_items(
    uow: UnitOfWork, actor: Actor, contact: Contact, upcoming: Interview | None, timezone: str
) -> list[Item]:
    name = first_name(contact)
    items: list[Item] = []
    if contact.role and contact.company:
        text = (
            f"Read {name}'s profile and recent posts: how did they get to "
            f"{contact.role} at {contact.company}?"
        )
    elif contact.role:
        text = f"Read {name}'s profile: what led them to work as {contact.role}?"
    else:
        text = f"Find out {name}'s current role and the path that led there."
    items.append(Item("role", "their path", text))
    if contact.company:
        text = (
            f"Skim {contact.company}'s website and news from the last six months: what it "
            "sells, to whom, and what changed recently. Note one thing you'd like explained."
        )
    else:
        text = f"Find out where {name} works and what that organisation does."
    items.append(Item("company", "the organisation", text))
    if contact.industry:
        text = f"Pick one recent development in {contact.industry} to ask {name} about."
        items.append(Item("industry", "a recent development", text))
    referrer = None
    if contact.referred_by_id is not None:
        referrer = await uow.contacts.get(actor, contact.referred_by_id)
    intro = _intro(contact, referrer)
    if intro:
        items.append(Item("intro", "the introduction", intro))
    text = f"Write two sentences on who you are and why you chose to ask {name}."
    items.append(Item("pitch", "your two sentences", text))
    if upcoming is not None:
        when = format_local(interview_when(upcoming), timezone)
        medium = f" ({upcoming.medium})" if upcoming.medium else ""
        text = f"Confirm {when}{medium}; plan to finish within {upcoming.duration_minutes} minutes."
        items.append(Item("time", "the time", text))
    return items


def checklist_lines(items: list[Item], done: list[str], contact_ref: str) -> list[str]:
    """The items, ticked ones marked ✓, and a last line on what is left.

    Each line leads with its label ("The organisation") and shows the key in brackets
    only as the word to type when ticking: a bare `company:` read like a form field."""
    ticked = set(done)
    lines = [
        f"{'✓' if i.key in ticked else '☐'} {i.label[0].upper()}{i.label[1:]} ({i.key}): {i.text}"
        for i in items
    ]
    left = [i.key for i in items if i.key not in ticked]
    if not left:
        lines.append("All done: you're ready for this one.")
    elif len(left) == len(items):
        lines.append(f"Tick items as you go: interview prep {contact_ref} done:{left[0]}")
    else:
        lines.append(
            f"{len(items) - len(left)} of {len(items)} done; still to do: {', '.join(left)}. "
            f"Tick with: interview prep {contact_ref} done:{left[0]}"
        )
    return lines


def read_done(raw: str, *, example: str) -> tuple[str, ...]:
    """Keys from `done:role,company`, aliases resolved; a word that is no key is refused."""
    keys: list[str] = []
    for part in raw.replace(";", ",").replace(" ", ",").split(","):
        word = part.strip().lower()
        if not word:
            continue
        key = ALIASES.get(word, word)
        if key not in KEYS:
            near = process.extractOne(word, (*KEYS, *ALIASES), scorer=fuzz.ratio, score_cutoff=70)
            guess = f" Did you mean `{ALIASES.get(near[0], near[0])}`?" if near else ""
            raise UsageError(
                f"`{word[:30]}` isn't one of the checklist items.{guess}",
                hint="You can tick: " + ", ".join(f"`{k}`" for k in KEYS) + ".",
                example=example,
            )
        if key not in keys:
            keys.append(key)
    if not keys:
        raise UsageError("Say which items you've done after `done:`.", example=example)
    return tuple(keys)


#: Every key an item can have, in checklist order.
KEYS = ("role", "company", "industry", "intro", "pitch", "time")
