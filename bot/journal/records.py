"""Loading and linking journal records the same way in every command.

An interview that belongs to someone else is reported exactly like one that does not
exist: saying "that's not yours" would confirm it exists.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from bot.domain import Actor, Contact, Interview, InterviewStatus, Outcome, OutcomeKind
from bot.errors import NotFoundError, UsageError
from bot.journal.action_items import record_items
from bot.journal.chain import MAX_DEPTH
from bot.journal.contacts_lookup import same_person
from bot.journal.interview_ref import ANY, InterviewRef, interview_of_person
from bot.journal.parsing import Referral
from bot.lifecycle.bus import EventContext, publish
from bot.ports import UnitOfWork


async def get_interview(
    uow: UnitOfWork,
    owner: Actor,
    ref: InterviewRef,
    *,
    example: str,
    fits: Collection[InterviewStatus] = ANY,
    doing: str = "I could act on",
) -> Interview:
    """The owner's interview by number, or by its person's name (`fits` says which of
    their conversations the command can act on; see :mod:`bot.journal.interview_ref`)."""
    if not isinstance(ref, int):
        return await interview_of_person(uow, owner, ref, fits=fits, doing=doing, example=example)
    found = await uow.interviews.by_number(owner, ref)
    if found is None:
        raise NotFoundError(
            f"I can't find interview #{ref} in your journal.",
            hint="`interview list` shows your interviews and their numbers.",
            example=example,
        )
    return found


async def contact_of(uow: UnitOfWork, owner: Actor, interview: Interview) -> Contact:
    contact = await uow.contacts.get(owner, interview.contact_id)
    if contact is None:  # cascades make this impossible; fail loudly if it ever happens
        raise LookupError(f"interview {interview.number} has no contact")
    return contact


async def record_referral(
    uow: UnitOfWork,
    owner: Actor,
    referrer: Contact,
    referred: Contact,
    *,
    interview_id: int | None,
    now: datetime,
) -> None:
    """A referral gained: one `referral` outcome, the single source stats count."""
    await uow.outcomes.add(
        Outcome(
            platform=owner.platform,
            workspace_id=owner.workspace_id,
            user_id=owner.user_id,
            kind=OutcomeKind.REFERRAL.value,
            interview_id=interview_id,
            contact_id=referrer.id,
            note=f"Referred you to {referred.name}",
            occurred_at=now,
        )
    )


async def record_conversation(
    ctx: EventContext,
    interview: Interview,
    contact: Contact,
    referrals: Sequence[Referral],
    *,
    example: str,
) -> list[tuple[Contact, bool]]:
    """What every "a conversation happened" path does after its `hold` move and before
    its commit (log, done): link the referrals, then publish the move, so the contact's
    last interaction and the check-ins follow in the same unit of work."""
    linked = await link_referrals(
        ctx.uow,
        ctx.owner,
        contact,
        referrals,
        interview_id=interview.id,
        now=ctx.now,
        example=example,
    )
    if interview.action_items:
        prefs = await ctx.settings()
        await record_items(
            ctx.uow,
            ctx.owner,
            interview,
            interview.action_items,
            now=ctx.now,
            timezone=prefs.timezone,
            date_order=prefs.date_order,
        )
    await publish(ctx, contact, interview)
    return linked


async def link_referrals(
    uow: UnitOfWork,
    owner: Actor,
    referrer: Contact,
    referrals: Sequence[Referral],
    *,
    interview_id: int | None,
    now: datetime,
    example: str,
) -> list[tuple[Contact, bool]]:
    """Create (or reuse) each referred person with `referred_by` set to `referrer`.

    Returns (contact, created). An existing contact keeps an earlier referrer, and a link
    that would make a loop (Bo referred Ann who referred Bo) is not made.
    """
    if not referrals:
        return []
    linked: list[tuple[Contact, bool]] = []
    for referral in referrals:
        # Same person by the journal's rule (accents and case aside): a referral is often
        # someone new, so no first-name or near-miss guessing here.
        matches = await same_person(uow, owner, referral.name, referral.company)
        if len(matches) > 1:
            raise UsageError(
                f"You have several contacts called {referral.name}.",
                hint="Add the company in brackets to say which one, e.g. Ann Lee (Globex).",
                example=example,
            )
        if matches:
            person = matches[0]
            if person.id == referrer.id:
                continue
            if (
                person.referred_by_id is None
                and person.id is not None
                and referrer.id is not None
                and not await _would_cycle(uow, owner, person.id, referrer.id)
            ):
                person.referred_by_id = referrer.id
            linked.append((person, False))
        else:
            person = Contact(
                platform=owner.platform,
                workspace_id=owner.workspace_id,
                user_id=owner.user_id,
                name=referral.name,
                company=referral.company,
                referred_by_id=referrer.id,
                how_known=f"referred by {referrer.name}",
                notes=referral.about,
                created_at=now,
            )
            await uow.contacts.add(person)
            linked.append((person, True))
        await record_referral(uow, owner, referrer, person, interview_id=interview_id, now=now)
    return linked


async def _would_cycle(uow: UnitOfWork, owner: Actor, child_id: int, parent_id: int) -> bool:
    """Walk up from `parent_id` one contact at a time (chains are short; loading every
    contact of a heavy user to check one link cost more than the whole command)."""
    seen: set[int] = set()
    current: int | None = parent_id
    while current is not None and current not in seen and len(seen) <= MAX_DEPTH * 4:
        if current == child_id:
            return True
        seen.add(current)
        parent = await uow.contacts.get(owner, current)
        current = parent.referred_by_id if parent else None
    return current is not None and current == child_id
