"""Naming an interview by its person: ``interview done priya`` as well as ``interview done 3``.

People remember whom they talked to, not the number `interview list` gave the talk. A
name goes through the one contact matcher (:mod:`bot.journal.names`), then the command
says which of that person's conversations it can act on (marking one held needs a planned
or requested one; a thank-you needs a held one). Exactly one fitting conversation with a
surely-named person is used; anything else changes nothing and asks, with a button per
conversation that re-runs the person's own line with its number.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from bot.domain import Actor, Contact, Interview, InterviewStatus
from bot.errors import ChoiceError, NotFoundError
from bot.grammar import Mention
from bot.journal.names import Step, match_name
from bot.journal.render import contact_label
from bot.ports import UnitOfWork
from bot.timeparse import format_local

#: An interview as a command names it: its number, or its person (a name or a mention).
InterviewRef = int | str | Mention

OPEN = frozenset({InterviewStatus.REQUESTED, InterviewStatus.SCHEDULED})
HELD = frozenset({InterviewStatus.HELD, InterviewStatus.THANKED})
ANY = frozenset(InterviewStatus)
MAX_CHOICES = 5

_STATE_WORDS = {
    InterviewStatus.REQUESTED: "asked",
    InterviewStatus.SCHEDULED: "planned",
    InterviewStatus.HELD: "held",
    InterviewStatus.THANKED: "held and thanked",
}


async def interview_of_person(
    uow: UnitOfWork,
    owner: Actor,
    who: str | Mention,
    *,
    fits: Collection[InterviewStatus],
    doing: str,
    example: str,
) -> Interview:
    """The one conversation with `who` that this command can act on (`fits`).

    `doing` finishes "no conversation with Priya Shah that …" ("can be marked held").
    """
    people, sure, near_miss = await _people_named(uow, owner, who)
    typed = str(who) if isinstance(who, Mention) else who
    if not people:
        raise NotFoundError(
            f"I can't find anyone called {typed} in your journal.",
            hint="`interview list` shows your interviews, with their numbers and people.",
            example=example,
        )
    ids = [p.id for p in people if p.id is not None]
    everything = await uow.interviews.list(owner, contact_ids=ids)
    fitting = [i for i in everything if i.status in fits]
    if len(fitting) == 1 and (sure or not near_miss):
        # Two Priyas but only one conversation this command can act on: that one (the
        # reply names the person). A near miss ("Pryia") always asks.
        return fitting[0]
    names = " or ".join(contact_label(p) for p in people[:MAX_CHOICES])
    if not everything:
        raise NotFoundError(
            f"You haven't planned or logged a conversation with {names} yet.",
            hint="`interview plan` plans one; `interview log` records one you've had.",
            example=example,
        )
    timezone = (await uow.settings.get_or_default(owner)).timezone
    if not fitting:
        listed = "; ".join(_label(i, people, timezone) for i in everything[:MAX_CHOICES])
        raise NotFoundError(
            f"You have no conversation with {names} that {doing}.",
            hint=f"Theirs: {listed}." if listed else "`interview list` shows your interviews.",
            example=example,
        )
    shown = fitting[:MAX_CHOICES]
    choices = tuple((_label(i, people, timezone)[:75], str(i.number)) for i in shown)
    listed = "; ".join(label for label, _ in choices)
    raise ChoiceError(
        f"{typed} could mean more than one conversation: which one?",
        typed=typed,
        choices=choices,
        hint=f"Pick below, or use its number ({listed}).",
        example=example,
    )


async def _people_named(
    uow: UnitOfWork, owner: Actor, who: str | Mention
) -> tuple[Sequence[Contact], bool, bool]:
    """The contacts the words could mean, whether the match is sure (one person by name,
    accents, case or a unique first name) and whether it is only a near miss."""
    if isinstance(who, Mention):
        found = await uow.contacts.find_by_member(owner, who.user_id)
        return ([found], True, False) if found else ([], False, False)
    match = match_name(who, await uow.contacts.names(owner))
    if not match.ids:
        return [], False, False
    people = await uow.contacts.get_many(owner, list(match.ids[:MAX_CHOICES]))
    ordered = sorted(people, key=lambda c: match.ids.index(c.id or 0))
    return ordered, match.sure, match.step is Step.CLOSE


def _label(interview: Interview, people: Sequence[Contact], timezone: str) -> str:
    person = next((p for p in people if p.id == interview.contact_id), None)
    who = person.name if person else "someone"
    moment = interview.held_at or interview.scheduled_at
    when = f" {format_local(moment, timezone)}" if moment else ""
    return f"#{interview.number} {who}, {_STATE_WORDS[InterviewStatus(interview.status)]}{when}"
