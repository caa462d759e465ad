"""`interview show`, `edit`, `delete` and `outcome`: looking after one interview.

`outcome` is handled in bot.journal.outcome (what came of a conversation is its own
record), kept apart so this module stays under the house limit; its spec is here.

Status never changes through `edit`: it moves only through plan/done/thanked, which
check the flow. Delete asks first, with a button that carries the confirmed command.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command, CommandSpec
from bot.domain import Actor, Interview, InterviewStatus
from bot.errors import UsageError
from bot.fields import (
    ACTIONS,
    ASKED,
    CONFIRM,
    DURATION,
    INTERVIEW,
    MEDIUM,
    NOTES,
    OUTCOME,
    TAKEAWAYS,
)
from bot.fields import (
    moment as moment_field,
)
from bot.grammar import ParsedArgs, quote
from bot.journal.action_items import item_line, record_items
from bot.journal.ics import ics_attachment
from bot.journal.interview_ref import InterviewRef
from bot.journal.outcome import OUTCOME_EXAMPLE, build_outcome, handle_outcome
from bot.journal.parsing import (
    future_moment,
    parse_duration_minutes,
    parse_id,
    parse_medium,
    parse_questions,
    past_moment,
)
from bot.journal.records import contact_of, get_interview
from bot.journal.render import contact_label, shorten
from bot.lifecycle.bus import lifecycle, publish
from bot.reply import Action, Attachment, Field, Reply, Section, Target, TargetKind, Tone
from bot.schema import text as text_field
from bot.services import Services
from bot.timeparse import format_local

SHOW_EXAMPLE = "interview show 3"
EDIT_EXAMPLE = 'interview edit 3 notes:"Follow up in March" medium:video'
DELETE_EXAMPLE = "interview delete 3"
EDITABLE = ("when", "duration", "medium", "notes", "takeaways", "actions", "asked")


def next_actions(interview: Interview) -> tuple[Action, ...]:
    """The buttons that fit the interview's place in the flow."""
    n = interview.number
    this = Target.of(TargetKind.INTERVIEW, n)
    step = {
        InterviewStatus.REQUESTED.value: (),
        InterviewStatus.SCHEDULED.value: (
            Action("Mark done", f"interview done {n}", "primary", target=this),
        ),
        InterviewStatus.HELD.value: (
            Action("Thank-you sent", f"interview thanked {n}", "primary", target=this),
        ),
        InterviewStatus.THANKED.value: (),
    }.get(interview.status, ())
    return (*step, Action("Delete", f"interview delete {n}", "danger", target=this))


@dataclass(frozen=True, kw_only=True)
class ShowInterview(Command):
    interview_id: InterviewRef


def build_show(args: ParsedArgs, actor: Actor) -> ShowInterview:
    return ShowInterview(
        actor=actor, interview_id=parse_id(args, what="interview", example=SHOW_EXAMPLE)
    )


async def handle_show(cmd: ShowInterview, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        prefs = await uow.settings.get_or_default(cmd.actor)
        interview = await get_interview(uow, cmd.actor, cmd.interview_id, example=SHOW_EXAMPLE)
        contact = await contact_of(uow, cmd.actor, interview)
        outcomes = [o for o in await uow.outcomes.list(cmd.actor) if o.interview_id == interview.id]
        items = await uow.action_items.list(cmd.actor, interview_id=interview.id)
    tz = prefs.timezone
    fields = [Field("With", contact_label(contact)), Field("Status", interview.status)]
    for label, moment in (
        ("Asked", interview.requested_at),
        ("Scheduled for", interview.scheduled_at),
        ("Held", interview.held_at),
        ("Thank-you sent", interview.thanked_at),
    ):
        if moment is not None:
            fields.append(Field(label, format_local(moment, tz)))
    if interview.medium:
        fields.append(Field("Medium", interview.medium))
    if interview.status == InterviewStatus.SCHEDULED.value:
        fields.append(Field("Duration", f"{interview.duration_minutes} min"))
    for label, text in (
        ("Notes", interview.notes),
        ("Takeaways", interview.takeaways),
        # Older entries have only the words; newer ones show their items, ticks and all.
        ("Action items", "" if items else interview.action_items),
    ):
        if text:
            fields.append(Field(label, shorten(text)))
    sections = []
    if items:
        lines = tuple(
            item_line(i, None, due=format_local(i.due_at, tz) if i.due_at else "") for i in items
        )
        sections.append(Section("Action items", lines))
    if interview.questions_asked:
        sections.append(Section("Questions you asked", tuple(interview.questions_asked)))
    if outcomes:
        sections.append(
            Section(
                "What came of it",
                tuple(o.kind + (f": {shorten(o.note, 300)}" if o.note else "") for o in outcomes),
            )
        )
    attachments: tuple[Attachment, ...] = ()
    if interview.status == InterviewStatus.SCHEDULED.value and interview.scheduled_at:
        attachments = (ics_attachment(interview, contact, now=now),)
    return Reply(
        title=f"Interview #{interview.number} with {contact.name}",
        fields=tuple(fields),
        sections=tuple(sections),
        actions=next_actions(interview),
        attachments=attachments,
    )


@dataclass(frozen=True, kw_only=True)
class EditInterview(Command):
    interview_id: InterviewRef
    changes: tuple[tuple[str, str], ...]


def build_edit(args: ParsedArgs, actor: Actor) -> EditInterview:
    interview_id = parse_id(args, what="interview", example=EDIT_EXAMPLE)
    if "status" in args.options:
        raise UsageError(
            "The status changes through its own commands, so the flow stays right.",
            hint="`interview plan` (scheduled), `interview done` (held), "
            "`interview thanked` (thanked).",
            example=f"interview done {interview_id}",
        )
    changes: list[tuple[str, str]] = []
    for key in EDITABLE:
        value = args.option(key, "action_items" if key == "actions" else key)
        if value is None:
            continue
        text = str(value).strip()
        if key == "medium":
            text = parse_medium(text)
        elif key in ("when", "duration") and not text:
            # Both always have a value (duration defaults to 20 minutes): nothing to clear.
            raise UsageError(f"`{key}:` is empty.", example=EDIT_EXAMPLE)
        elif key == "duration":
            text = str(parse_duration_minutes(text, example=EDIT_EXAMPLE))
        changes.append((key, text))
    if not changes:
        raise UsageError(
            "Say what to change with key:value.",
            hint="You can change: " + ", ".join(f"`{k}:`" for k in EDITABLE) + ".",
            example=EDIT_EXAMPLE,
        )
    return EditInterview(actor=actor, interview_id=interview_id, changes=tuple(changes))


async def handle_edit(cmd: EditInterview, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        prefs = await uow.settings.get_or_default(cmd.actor)
        interview = await get_interview(uow, cmd.actor, cmd.interview_id, example=EDIT_EXAMPLE)
        contact = await contact_of(uow, cmd.actor, interview)
        tz = prefs.timezone
        shown: list[Field] = []
        for key, value in cmd.changes:
            if key == "when":
                if interview.status == InterviewStatus.REQUESTED.value:
                    raise UsageError(
                        f"Interview #{interview.number} is a request without a time yet.",
                        hint="When they say yes, plan it to set the time.",
                        example=f'interview plan {quote(contact.name)} when:"next Tuesday 10am"',
                    )
                if interview.status == InterviewStatus.SCHEDULED.value:
                    moved_to = future_moment(
                        value,
                        timezone=tz,
                        now=now,
                        example=EDIT_EXAMPLE,
                        date_order=prefs.date_order,
                    )
                    interview.schedule(moved_to, now=now, tz=tz)
                    shown.append(Field("Scheduled for", format_local(interview.scheduled_at, tz)))
                else:
                    held_at = past_moment(
                        value,
                        timezone=tz,
                        now=now,
                        example=EDIT_EXAMPLE,
                        date_order=prefs.date_order,
                    )
                    interview.correct_held_time(held_at, now=now, tz=tz)
                    shown.append(Field("Held", format_local(held_at, tz)))
            elif key == "duration":
                interview.duration_minutes = int(value)
                shown.append(Field("Duration", f"{value} min"))
            elif key == "medium":
                interview.medium = value
                shown.append(Field("Medium", value or "—"))
            elif key == "asked":
                interview.questions_asked = parse_questions(value, example=EDIT_EXAMPLE)
                shown.append(Field("Questions asked", str(len(interview.questions_asked))))
            else:
                attr = "action_items" if key == "actions" else key
                setattr(interview, attr, value)
                if key == "actions":  # new pieces become items; ticked ones stay
                    await record_items(
                        uow,
                        cmd.actor,
                        interview,
                        value,
                        now=now,
                        timezone=prefs.timezone,
                        date_order=prefs.date_order,
                    )
                shown.append(Field(attr.replace("_", " ").capitalize(), shorten(value) or "—"))
        interview.edited(now=now)
        await publish(lifecycle(svc, uow, cmd.actor, now=now, prefs=prefs), contact, interview)
        await uow.commit()
    attachments: tuple[Attachment, ...] = ()
    if interview.status == InterviewStatus.SCHEDULED.value and any(
        k in ("when", "duration", "medium") for k, _ in cmd.changes
    ):
        attachments = (ics_attachment(interview, contact, now=now),)
    return Reply(
        title=f"Interview #{interview.number} with {contact.name} updated",
        fields=tuple(shown),
        attachments=attachments,
        footer="The updated calendar file replaces the old entry." if attachments else "",
        tone=Tone.SUCCESS,
    )


@dataclass(frozen=True, kw_only=True)
class DeleteInterview(Command):
    interview_id: InterviewRef
    confirmed: bool = False


def build_delete(args: ParsedArgs, actor: Actor) -> DeleteInterview:
    interview_id = parse_id(args, what="interview", example=DELETE_EXAMPLE)
    confirm = args.option_text("confirm").lower()
    if confirm not in ("", "yes"):
        raise UsageError(
            "To delete for good, answer `confirm:yes`.",
            example=f"interview delete {interview_id} confirm:yes",
        )
    return DeleteInterview(actor=actor, interview_id=interview_id, confirmed=confirm == "yes")


async def handle_delete(cmd: DeleteInterview, svc: Services) -> Reply:
    async with svc.uow() as uow:
        prefs = await uow.settings.get_or_default(cmd.actor)
        interview = await get_interview(uow, cmd.actor, cmd.interview_id, example=DELETE_EXAMPLE)
        contact = await contact_of(uow, cmd.actor, interview)
        if not cmd.confirmed:
            return Reply(
                title=f"Delete interview #{interview.number} with {contact.name}?",
                text="Its notes and reminders go too; the contact stays. This can't be undone.",
                actions=(
                    Action(
                        "Delete for good",
                        f"interview delete {interview.number} confirm:yes",
                        "danger",
                        target=Target.of(TargetKind.INTERVIEW, interview.number),
                    ),
                ),
                tone=Tone.WARNING,
            )
        for outcome in await uow.outcomes.list(cmd.actor):
            if outcome.interview_id == interview.id:
                outcome.interview_id = None
        interview.discard()
        await publish(lifecycle(svc, uow, cmd.actor, now=svc.clock.now()), interview)
        for reminder in await uow.reminders.list_for_interview(cmd.actor, interview.id or 0):
            await uow.reminders.delete(reminder)
        await uow.interviews.delete(interview)
        await uow.commit()
    when = format_local(interview.held_at or interview.scheduled_at, prefs.timezone)
    return Reply(
        title=f"Deleted interview #{interview.number} with {contact.name} ({when})",
        tone=Tone.SUCCESS,
    )


SPECS = (
    CommandSpec(
        path=("interview", "show"),
        summary="Everything about one interview.",
        example=SHOW_EXAMPLE,
        build=build_show,
        handle=handle_show,
        fields=(INTERVIEW,),
    ),
    CommandSpec(
        path=("interview", "edit"),
        summary="Change an interview's time, medium, notes or questions.",
        example=EDIT_EXAMPLE,
        build=build_edit,
        handle=handle_edit,
        fields=(
            INTERVIEW,
            moment_field("New date and time").but(aliases=()),
            DURATION,
            MEDIUM,
            NOTES,
            TAKEAWAYS,
            ACTIONS,
            ASKED,
        ),
        options=("status",),
    ),
    CommandSpec(
        path=("interview", "delete"),
        summary="Delete an interview (asks first).",
        example=DELETE_EXAMPLE,
        build=build_delete,
        handle=handle_delete,
        fields=(INTERVIEW, CONFIRM),
    ),
    CommandSpec(
        path=("interview", "outcome"),
        summary="Record what came of a conversation: referral, job lead, job interview, offer.",
        example=OUTCOME_EXAMPLE,
        build=build_outcome,
        handle=handle_outcome,
        fields=(INTERVIEW, OUTCOME, text_field("note", "A detail to remember", aliases=("notes",))),
    ),
)
