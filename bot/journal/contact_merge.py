"""`contact merge` and `contact delete`: two records of one person become one; a record
that should not be there goes, with what hangs on it.

Both ask first and say what will happen, counted from the journal, with a button that
carries the confirmed command (as `interview delete` does), because neither can be undone.

Merge keeps the first contact and folds the second into it: interviews, reminders and
outcomes move over; people the second one referred now show as referred by the kept one;
details the kept one lacks are taken from the other, notes are put together and links
joined. The kept one inherits the other's referrer when it has none, unless that would
make the chain go round in a circle, so `contact chain` still reads from first contact to
last.

Delete removes the contact with its interviews, reminders and outcomes. People they
referred stay in the journal, unlinked: the chain then starts at them. (A placeholder
"someone you deleted" would keep a record of a person the user chose to remove.)
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command, CommandSpec
from bot.domain import Actor, Contact
from bot.errors import UsageError
from bot.fields import CONFIRM, REQUIRED_CONTACT
from bot.grammar import Mention, ParsedArgs
from bot.journal.chain import MAX_DEPTH
from bot.journal.contacts_lookup import clean_name, find_contact
from bot.journal.parsing import who_from
from bot.journal.render import contact_label
from bot.lifecycle.bus import lifecycle, publish
from bot.lifecycle.events import DomainEvent, KeepInTouchChanged
from bot.ports import UnitOfWork
from bot.ports.journal import ContactFootprint
from bot.reply import Action, Field, Reply, Tone
from bot.schema import Kind, text
from bot.services import Services

MERGE_EXAMPLE = 'contact merge "Dana Whitfield" "Dana W"'
DELETE_EXAMPLE = 'contact delete "Dana W"'
FILLED = ("company", "role", "industry", "seniority", "how_known", "member_id")
MAX_NOTES = 5_000


def _confirmed(args: ParsedArgs, line: str) -> bool:
    answer = args.option_text("confirm").lower()
    if answer not in ("", "yes"):
        raise UsageError("To go ahead, answer `confirm:yes`.", example=f"{line} confirm:yes")
    return answer == "yes"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


def _what_hangs(f: ContactFootprint) -> str:
    """ "2 interviews and 1 outcome": only what there is; "" when nothing hangs on them."""
    counts = ((f.interviews, "interview"), (f.pending_reminders, "pending reminder"))
    parts = [_plural(n, word) for n, word in (*counts, (f.outcomes, "outcome")) if n]
    return ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)


@dataclass(frozen=True, kw_only=True)
class MergeContacts(Command):
    keep: str | Mention
    other: str | Mention
    confirmed: bool = False


def build_merge(args: ParsedArgs, actor: Actor) -> MergeContacts:
    people = [args.option("keep"), args.option("other")]
    rest = list(args.positionals)
    people = [p if p is not None else (rest.pop(0) if rest else None) for p in people]
    if rest or None in people:
        raise UsageError(
            "Name the two people: the one to keep first, then the one to fold into it.",
            hint="Put each name in quotes, or use their numbers from `contact list`.",
            example=MERGE_EXAMPLE,
        )
    keep, other = (clean_name(p, example=MERGE_EXAMPLE) for p in people)
    return MergeContacts(
        actor=actor, keep=keep, other=other, confirmed=_confirmed(args, "contact merge ...")
    )


async def handle_merge(cmd: MergeContacts, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        keep = await find_contact(uow, cmd.actor, cmd.keep, example=MERGE_EXAMPLE)
        other = await find_contact(uow, cmd.actor, cmd.other, example=MERGE_EXAMPLE)
        if keep.id == other.id:
            raise UsageError(
                f"Both names lead to the same contact, #{keep.number} {keep.name}.",
                hint="Name two different contacts; `contact list` shows the numbers.",
                example=MERGE_EXAMPLE,
            )
        keep_id, other_id = keep.id or 0, other.id or 0
        keep_no, other_no = keep.number, other.number  # what the person sees
        footprint = await uow.contacts.footprint(cmd.actor, other_id)
        counts = (footprint.interviews, footprint.pending_reminders, footprint.outcomes)
        single = sorted(counts) == [0, 0, 1]  # "1 interview moves", "2 outcomes move"
        if not cmd.confirmed:
            return Reply(
                title=f"Merge #{other_no} {contact_label(other)} into "
                f"#{keep_no} {contact_label(keep)}?",
                text=(
                    f"{other.name}'s {moving} {'moves' if single else 'move'} to #{keep_no}"
                    if (moving := _what_hangs(footprint))
                    else f"{other.name} has no interviews, reminders or outcomes to move"
                )
                + (
                    f", and the {_people(footprint.referred)} they referred will "
                    f"show as referred by {keep.name}"
                    if footprint.referred
                    else ""
                )
                + f". Details #{keep_no} is missing are taken from #{other_no}, and the "
                f"notes are put together. Then #{other_no} is gone; this can't be undone.",
                actions=(
                    Action(
                        "Merge them",
                        f"contact merge #{keep_no} #{other_no} confirm:yes",
                        "danger",
                    ),
                ),
                tone=Tone.WARNING,
            )
        parent = await _merged_referrer(uow, cmd.actor, keep, other)
        _fold_details(keep, other)
        keep.referred_by_id = parent
        await uow.contacts.move_links(cmd.actor, other_id, keep_id)
        await uow.contacts.delete(other)
        await publish(lifecycle(svc, uow, cmd.actor, now=now), keep, _TimersMerged(keep))
        await uow.commit()
    fields = [
        Field("Moved over", _what_hangs(footprint) or "their details only"),
    ]
    if footprint.referred:
        fields.append(Field("Now referred by them", _people(footprint.referred)))
    return Reply(
        title=f"Merged {other.name} into #{keep_no} {contact_label(keep)}",
        fields=tuple(fields),
        footer=f"See them with: contact show #{keep_no}",
        tone=Tone.SUCCESS,
    )


class _TimersMerged:
    """Two people's keep-in-touch timers now hang on one: the check-in listener sets them
    again from the merged last interaction (one pending nudge, as for anyone)."""

    def __init__(self, contact: Contact) -> None:
        self.contact = contact

    def pull_events(self) -> list[DomainEvent]:
        return [KeepInTouchChanged(self.contact)]


def _fold_details(keep: Contact, other: Contact) -> None:
    """What the kept record lacks comes from the other; notes, links and research are
    joined."""
    for attr in FILLED:
        if not getattr(keep, attr) and getattr(other, attr):
            setattr(keep, attr, getattr(other, attr))
    if other.notes and other.notes not in keep.notes:
        keep.notes = "\n\n".join(n for n in (keep.notes, other.notes) if n)[:MAX_NOTES]
    links = [*keep.links.splitlines(), *other.links.splitlines()]
    keep.links = "\n".join(dict.fromkeys(link for link in links if link))
    # research findings are dated lines, and a tick on either record was real work done
    found = [*keep.research.splitlines(), *other.research.splitlines()]
    keep.research = "\n".join(dict.fromkeys(line for line in found if line.strip()))
    keep.research_done = list(dict.fromkeys([*keep.research_done, *other.research_done]))
    moments = [m for m in (keep.last_interaction_at, other.last_interaction_at) if m]
    keep.last_interaction_at = max(moments, default=None)
    created = [m for m in (keep.created_at, other.created_at) if m]
    keep.created_at = min(created, default=None)


async def _merged_referrer(
    uow: UnitOfWork, owner: Actor, keep: Contact, other: Contact
) -> int | None:
    """Who referred the merged person. Their own referrer first; but when `other` is above
    `keep` in the chain (other referred X, who referred keep), keep's referrer now sits
    below the merged person, so other's referrer is the honest start of the chain."""
    pair = {keep.id, other.id}
    below_other = await _chain_reaches(uow, owner, keep.referred_by_id, pair)
    order = (other, keep) if below_other else (keep, other)
    for candidate in (c.referred_by_id for c in order):
        if candidate is None or candidate in pair:
            continue
        if not await _chain_reaches(uow, owner, candidate, pair):
            return candidate
    return None


async def _chain_reaches(
    uow: UnitOfWork, owner: Actor, start: int | None, targets: set[int | None]
) -> bool:
    """Whether walking up the referrers from `start` meets one of `targets`."""
    seen: set[int] = set()
    current = start
    while current is not None and current not in seen and len(seen) <= MAX_DEPTH * 4:
        if current in targets:
            return True
        seen.add(current)
        parent = await uow.contacts.get(owner, current)
        current = parent.referred_by_id if parent else None
    return False


@dataclass(frozen=True, kw_only=True)
class DeleteContact(Command):
    who: str | Mention
    confirmed: bool = False


def build_delete(args: ParsedArgs, actor: Actor) -> DeleteContact:
    who = clean_name(who_from(args, "contact"), example=DELETE_EXAMPLE)
    return DeleteContact(actor=actor, who=who, confirmed=_confirmed(args, f"contact delete {who}"))


async def handle_delete(cmd: DeleteContact, svc: Services) -> Reply:
    async with svc.uow() as uow:
        contact = await find_contact(uow, cmd.actor, cmd.who, example=DELETE_EXAMPLE)
        cid, shown = contact.id or 0, contact.number
        footprint = await uow.contacts.footprint(cmd.actor, cid)
        hanging = _what_hangs(footprint)
        with_theirs = f" with their {hanging}" if hanging else ""
        referred = (
            f" The {_people(footprint.referred)} they referred "
            f"{'stays' if footprint.referred == 1 else 'stay'} in your contacts, with no one "
            "shown as referring them."
            if footprint.referred
            else ""
        )
        if not cmd.confirmed:
            return Reply(
                title=f"Delete #{shown} {contact_label(contact)}?",
                text=f"This removes them{with_theirs}.{referred} This can't be undone.",
                actions=(
                    Action("Delete for good", f"contact delete #{shown} confirm:yes", "danger"),
                ),
                tone=Tone.WARNING,
            )
        await uow.contacts.remove(cmd.actor, contact)
        await uow.commit()
    return Reply(
        title=f"Deleted #{shown} {contact_label(contact)}",
        text=f"Removed{with_theirs}.{referred}".strip(),
        tone=Tone.SUCCESS,
    )


SPECS = (
    CommandSpec(
        path=("contact", "merge"),
        summary="Make two records of one person into one (asks first).",
        example=MERGE_EXAMPLE,
        build=build_merge,
        handle=handle_merge,
        fields=(
            text("keep", "The contact to keep", kind=Kind.CONTACT, required=True, positional=True),
            text(
                "other",
                "The duplicate to fold into it",
                kind=Kind.CONTACT,
                required=True,
                positional=True,
            ),
            CONFIRM,
        ),
    ),
    CommandSpec(
        path=("contact", "delete"),
        summary="Delete a contact with their interviews and reminders (asks first).",
        example=DELETE_EXAMPLE,
        build=build_delete,
        handle=handle_delete,
        fields=(REQUIRED_CONTACT, CONFIRM),
    ),
)
