"""Autocomplete suggestions from a person's own journal (Discord autocomplete, Slack selects).

Adapters never query storage; they ask the core for (label, value) pairs read through the
ports, scoped to the asking person like every other read. Values are what the command
grammar accepts: a contact's name, an interview's number.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

from bot.domain import Actor
from bot.journal.names import fold
from bot.journal.render import contact_label, interview_when
from bot.services import Services

_OLDEST = datetime.min.replace(tzinfo=UTC)


def _fits(prefix: str, *texts: str) -> bool:
    """Accents and case aside, as the name resolver reads names: "zoe" offers Zoë."""
    wanted = fold(prefix).lstrip("#")
    return not wanted or any(wanted in fold(text) for text in texts)


async def suggest_contacts(
    svc: Services, actor: Actor, prefix: str, limit: int = 25
) -> list[tuple[str, str]]:
    """The person's contacts whose name, company or role contains `prefix`, recent first.
    The value is the name, or the number when two contacts share the name (so picking
    one never leads to a "which one?" question)."""
    async with svc.uow() as uow:
        contacts = await uow.contacts.list(actor)
    shared = Counter(fold(c.name) for c in contacts)
    found = [c for c in contacts if _fits(prefix, c.name, c.company, c.role)]
    found.sort(key=lambda c: c.last_interaction_at or c.created_at or _OLDEST, reverse=True)
    return [
        (contact_label(c), c.name if shared[fold(c.name)] == 1 else f"#{c.number}")
        for c in found[:limit]
    ]


async def suggest_interviews(
    svc: Services, actor: Actor, prefix: str, limit: int = 25
) -> list[tuple[str, str]]:
    """The person's interviews whose number or contact matches `prefix`, newest first."""
    async with svc.uow() as uow:
        interviews = await uow.interviews.list(actor)
        contacts = {c.id: c for c in await uow.contacts.list(actor)}
    out: list[tuple[str, str]] = []
    for interview in interviews:
        contact = contacts.get(interview.contact_id)
        name = contact_label(contact) if contact else "(contact removed)"
        if not _fits(prefix, str(interview.number), name):
            continue
        when = interview_when(interview)
        day = when.strftime("%d %b %Y") if when else ""
        out.append(
            (f"#{interview.number} {name} · {interview.status} · {day}", str(interview.number))
        )
        if len(out) >= limit:
            break
    return out
