"""`interview outcome`: record what came of a conversation (referral, lead, offer).

Split from bot.journal.manage, which looks after the interview itself (show, edit,
delete) and keeps this command's spec: an outcome is a record of its own, tied to a
conversation you have had, and a referral outcome checks the journal for the person.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command
from bot.domain import Actor, Contact, InterviewStatus, Outcome, OutcomeKind
from bot.errors import UsageError
from bot.general.referrals import contact_named
from bot.grammar import ParsedArgs
from bot.journal.interview_ref import HELD, InterviewRef
from bot.journal.parsing import parse_id, parse_outcome_kind
from bot.journal.records import contact_of, get_interview
from bot.journal.render import contact_label, shorten
from bot.ports import UnitOfWork
from bot.reply import Field, Reply, Tone
from bot.services import Services

OUTCOME_EXAMPLE = 'interview outcome 3 kind:"job lead" note:"Data analyst role, apply by Friday"'
MAX_OUTCOME_NOTE = 2_000
DONE_STATUSES = (InterviewStatus.HELD.value, InterviewStatus.THANKED.value)


@dataclass(frozen=True, kw_only=True)
class RecordOutcome(Command):
    interview_id: InterviewRef
    kind: str
    note: str = ""


def build_outcome(args: ParsedArgs, actor: Actor) -> RecordOutcome:
    interview_id = parse_id(args, what="interview", example=OUTCOME_EXAMPLE)
    kind_text = args.option_text("kind") or args.shifted(1).text()
    note = args.option_text("note", "notes")
    if len(note) > MAX_OUTCOME_NOTE:
        raise UsageError(
            f"The note is {len(note):,} characters; keep it under {MAX_OUTCOME_NOTE:,}.",
            hint="Put the details in the interview's notes instead.",
            example=OUTCOME_EXAMPLE,
        )
    return RecordOutcome(
        actor=actor,
        interview_id=interview_id,
        kind=parse_outcome_kind(kind_text, example=OUTCOME_EXAMPLE),
        note=note,
    )


async def handle_outcome(cmd: RecordOutcome, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        interview = await get_interview(
            uow,
            cmd.actor,
            cmd.interview_id,
            example=OUTCOME_EXAMPLE,
            fits=HELD,
            doing="has been held",
        )
        if interview.status not in DONE_STATUSES:
            raise UsageError(
                f"Interview #{interview.number} is still {interview.status}; outcomes come from "
                "conversations you've had.",
                hint="Mark it done first.",
                example=f"interview done {interview.number}",
            )
        contact = await contact_of(uow, cmd.actor, interview)
        outcome = Outcome(
            platform=cmd.actor.platform,
            workspace_id=cmd.actor.workspace_id,
            user_id=cmd.actor.user_id,
            kind=cmd.kind,
            interview_id=interview.id,
            contact_id=contact.id,
            note=cmd.note,
            occurred_at=now,
        )
        await uow.outcomes.add(outcome)
        referral_hint = ""
        if cmd.kind == OutcomeKind.REFERRAL.value:
            referral_hint = await _referral_hint(uow, cmd.actor, cmd.note, contact)
        await uow.commit()
    cheer = {
        OutcomeKind.OFFER.value: "An offer! Tell the people who helped you get there.",
        OutcomeKind.JOB_INTERVIEW.value: "A job interview: your journal notes are prep material.",
        OutcomeKind.JOB_LEAD.value: "A lead: follow it up while it's warm.",
        OutcomeKind.REFERRAL.value: referral_hint,
    }.get(cmd.kind, "")
    fields = [Field("Kind", cmd.kind), Field("From", contact_label(contact))]
    if cmd.note:
        fields.append(Field("Note", shorten(cmd.note)))
    return Reply(
        title=f"Outcome recorded for interview #{interview.number}",
        text=cheer,
        fields=tuple(fields),
        tone=Tone.SUCCESS,
    )


async def _referral_hint(uow: UnitOfWork, actor: Actor, note: str, source: Contact) -> str:
    """Why: offering `contact add` for someone already in the journal (often added by
    `referrals:` on the same conversation) sends the person to make a duplicate."""
    rows = await uow.contacts.referral_rows(actor)
    named = contact_named(note, rows, source=source.id)
    person = next((row for row in rows if row.id == named), None)
    if person is not None:
        return (
            f"{person.name} is already in your contacts (#{person.number}); "
            "they count once in your referrals."
        )
    return f'To keep them as a contact: `contact add "Their Name" referred_by:#{source.number}`.'
