"""`outreach sent`: the step of outreach that writes, apart from drafting, which only reads.

Kept out of bot.outreach.commands (drafting and its buttons) so each stays readable:
marking a request as sent saves the contact, the interview in status *requested* and a
follow-up check-in a week later. `who_arg` reads whom a command is about; both
`outreach draft` and `outreach sent` use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.commands import Command
from bot.domain import (
    Actor,
    Interview,
    InterviewStatus,
    Reminder,
    ReminderKind,
    ReminderStatus,
)
from bot.errors import UsageError
from bot.grammar import Mention, ParsedArgs, quote
from bot.ids import is_id_shaped
from bot.journal.contacts_lookup import (
    added_note,
    clean_name,
    find_contact,
    find_or_create_contact,
)
from bot.journal.render import contact_label
from bot.lifecycle.bus import lifecycle, publish
from bot.reply import Action, Field, Reply, Target, TargetKind, Tone
from bot.services import Services
from bot.timeparse import format_local

SENT_EXAMPLE = 'outreach sent "Jane Doe"'
FOLLOW_UP_DAYS = 7


def who_arg(args: ParsedArgs, example: str) -> str | Mention:
    raw = args.option("for", "contact", "to")
    if raw is None and args.positionals:
        only = args.positionals[0]
        raw = only if len(args.positionals) == 1 and isinstance(only, Mention) else args.text()
    return clean_name(raw, example=example)


@dataclass(frozen=True, kw_only=True)
class MarkSent(Command):
    who: str | Mention
    company: str = ""
    role: str = ""


def build_sent(args: ParsedArgs, actor: Actor) -> MarkSent:
    return MarkSent(
        actor=actor,
        who=who_arg(args, SENT_EXAMPLE),
        company=args.option_text("company")[:200],
        role=args.option_text("role")[:200],
    )


async def handle_sent(cmd: MarkSent, svc: Services) -> Reply:
    now = svc.clock.now()
    due = now + timedelta(days=FOLLOW_UP_DAYS)
    async with svc.uow() as uow:
        prefs = await uow.settings.get_or_default(cmd.actor)
        if isinstance(cmd.who, str) and is_id_shaped(cmd.who):
            contact, created = (
                await find_contact(uow, cmd.actor, cmd.who, example=SENT_EXAMPLE),
                False,
            )
        else:
            contact, created = await find_or_create_contact(
                uow, cmd.actor, cmd.who, company=cmd.company, role=cmd.role, now=now
            )
        contact_id = contact.id or 0
        interviews = await uow.interviews.list(cmd.actor, contact_ids=[contact_id])
        requested = [i for i in interviews if i.status == InterviewStatus.REQUESTED.value]
        planned = [i for i in interviews if i.status == InterviewStatus.SCHEDULED.value]
        if planned and not requested:
            # A "Mark as sent" from an old draft or follow-up must not invent a request.
            raise UsageError(
                f"You're already talking with {contact.name}: interview #{planned[0].number} is "
                f"planned for {format_local(planned[0].scheduled_at, prefs.timezone)}.",
                hint="Nothing to mark as sent. After the conversation, mark it done.",
                example=f"interview done {planned[0].number}",
            )
        if requested:
            interview = requested[0]  # a nudge on the same request, never a second one
        else:
            interview = Interview.first_ask(cmd.actor, contact_id, now=now)
        interview.request(at=now)
        if not requested:
            await uow.interviews.add(interview)
        ctx = lifecycle(svc, uow, cmd.actor, now=now, prefs=prefs)
        # The follow-up's words are written when it is sent, from the contact as it is
        # then (a renamed contact is never called by an old name); it ends by itself
        # once the interview leaves `requested` (bot.lifecycle.rules).
        pending = [
            r
            for r in await ctx.contact_reminders(contact_id)
            if r.kind == ReminderKind.FOLLOW_UP.value and r.status == ReminderStatus.PENDING.value
        ]
        if pending:
            pending[0].move(due)
            pending[0].interview_id = interview.id
        else:
            await ctx.add_reminders(
                [
                    Reminder(
                        platform=cmd.actor.platform,
                        workspace_id=cmd.actor.workspace_id,
                        user_id=cmd.actor.user_id,
                        kind=ReminderKind.FOLLOW_UP.value,
                        due_at=due,
                        contact_id=contact_id,
                        interview_id=interview.id,
                        created_at=now,
                    )
                ]
            )
        await publish(ctx, contact, interview)
        await uow.commit()
    actions = (
        Action(
            "Draft a follow-up",
            f"outreach draft #{contact.number} format:follow-up",
            target=Target.of(TargetKind.CONTACT, contact.number),
        ),
    )
    asked = format_local(interview.requested_at, prefs.timezone)
    return Reply(
        title=f"Follow-up to {contact.name} noted"
        if requested
        else f"Request to {contact.name} marked as sent",
        text=(
            f"Interview #{interview.number} stays one request (first asked {asked}). "
            if requested
            else f"Interview #{interview.number} is now requested. "
        )
        + f"If {contact.name} hasn't replied "
        f"by {format_local(due, prefs.timezone)}, I'll remind you to send a short follow-up."
        + (f"\n{added_note(contact)}" if created else ""),
        fields=(Field("Contact", contact_label(contact)),),  # what was saved, visibly
        actions=actions,
        tone=Tone.SUCCESS,
        footer=f'When they say yes: interview plan {quote(contact.name)} when:"next Tuesday 10am"',
    )
