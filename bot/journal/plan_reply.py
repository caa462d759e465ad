"""What `interview plan` answers: the interview it touched, described as it now is.

The reply always names the interview the command created or moved, with that
interview's own time, so a person with several conversations never sees another one's.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain import Contact, Interview, InterviewStatus
from bot.errors import UsageError
from bot.grammar import quote
from bot.journal.contacts_lookup import added_note
from bot.journal.ics import ics_attachment
from bot.journal.render import contact_label
from bot.reply import Action, Field, Reply, Section, Target, TargetKind, Tone
from bot.timeparse import format_local


def already_open(interview: Interview, contact: Contact, tz: str) -> UsageError:
    """Planning without a time someone you already asked or planned: say what is open."""
    name = quote(contact.name)
    if interview.status == InterviewStatus.SCHEDULED.value:
        return UsageError(
            f"Interview #{interview.number} with {contact.name} is already planned for "
            f"{format_local(interview.scheduled_at, tz)}.",
            hint=f"To move it, give the new time; to change details, `interview edit "
            f"{interview.number}`; for a second conversation, add `another:yes`.",
            example=f'interview plan {name} when:"next Tuesday 10am"',
        )
    return UsageError(
        f"You already asked {contact.name} (interview #{interview.number}, "
        f"{format_local(interview.requested_at, tz)}).",
        hint="When they say yes, add the time.",
        example=f'interview plan {name} when:"next Tuesday 10am"',
    )


def plan_reply(
    interview: Interview,
    contact: Contact,
    *,
    created: bool,
    previous: datetime | None,
    touched: bool,
    others: int,
    sections: list[Section],
    tz: str,
    now: datetime,
) -> Reply:
    label = contact_label(contact)
    added = f"\n{added_note(contact)}" if created else ""
    name = quote(contact.name)
    edit_line = f'To change it later: interview edit {interview.number} when:"Friday 2pm"'
    also = (
        f"This is another conversation with {contact.name}, besides the {others} still open. "
        if others
        else ""
    )
    if interview.scheduled_at is None:
        return Reply(
            title=f"Noted: you asked {contact.name} for a conversation (#{interview.number})",
            text=also + "When they say yes, add the time and I'll make a calendar entry." + added,
            fields=(Field("With", label), Field("Status", interview.status)),
            footer=f'e.g. interview plan {name} when:"next Tuesday 10am"',
            tone=Tone.SUCCESS,
        )
    when = format_local(interview.scheduled_at, tz)
    if previous is not None:
        title = f"Moved interview #{interview.number} with {contact.name} to {when}"
        text = (
            f"It was planned for {format_local(previous, tz)}; I moved it rather than add a "
            "second one. The new calendar file replaces the old entry."
        )
        footer = f"For a second conversation instead: interview plan {name} when:... another:yes"
    elif touched:
        title = f"{contact.name} said yes: interview #{interview.number} is planned"
        text = "Your request became this plan. Add the calendar file below to your calendar."
        footer = edit_line
    else:
        title = f"Planned interview #{interview.number} with {contact.name}"
        text = also + (
            "Add the calendar file below to your calendar. Afterwards, mark it done and note "
            "what you learned."
        )
        footer = edit_line
    fields = [
        Field("With", label),
        Field("When", when),
        Field("Duration", f"{interview.duration_minutes} min"),
    ]
    if interview.medium:
        fields.append(Field("Medium", interview.medium))
    this = Target.of(TargetKind.INTERVIEW, interview.number)
    return Reply(
        title=title,
        text=text + added,
        fields=tuple(fields),
        sections=tuple(sections),
        actions=(
            Action("Mark done", f"interview done {interview.number}", "primary", target=this),
            Action("Cancel", f"interview delete {interview.number}", "danger", target=this),
        ),
        attachments=(ics_attachment(interview, contact, now=now),),
        footer=footer,
        tone=Tone.SUCCESS,
    )
