"""`interview log` and `interview list`: record conversations and look back at them."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command, CommandSpec
from bot.domain import Actor, Contact, Interview
from bot.fields import (
    ACTIONS,
    ASKED,
    COMPANY,
    CONTACT_FILTER,
    MEDIUM,
    NOTES,
    REFERRALS,
    STATUS,
    TAKEAWAYS,
    moment,
    person,
)
from bot.grammar import Mention, ParsedArgs
from bot.journal.contacts_lookup import (
    added_note,
    clean_name,
    find_contact,
    find_or_create_contact,
)
from bot.journal.open_talks import became_note, open_talk_logged, planned_note, still_planned
from bot.journal.parsing import (
    Referral,
    parse_medium,
    parse_questions,
    parse_referrals,
    parse_status,
    past_moment,
    who_from,
)
from bot.journal.records import record_conversation
from bot.journal.render import contact_label, interview_line, shorten
from bot.lifecycle.bus import lifecycle
from bot.reply import Action, Field, Reply, Target, TargetKind, Tone
from bot.schema import Form
from bot.services import Services
from bot.timeparse import format_local

LOG_EXAMPLE = (
    'interview log "Jane Doe" company:Acme role:"Product Manager" when:"yesterday 3pm" '
    'medium:coffee notes:"Start with the data team" referrals:"Ann Lee, Bo Chen (Globex)"'
)
LIST_EXAMPLE = "interview list status:held company:Acme"
LIST_SHOWN = 40


@dataclass(frozen=True, kw_only=True)
class LogInterview(Command):
    who: str | Mention
    company: str = ""
    role: str = ""
    industry: str = ""
    when: str = ""
    medium: str = ""
    notes: str = ""
    takeaways: str = ""
    action_items: str = ""
    referrals: tuple[Referral, ...] = ()
    questions_asked: tuple[str, ...] = ()


def build_log(args: ParsedArgs, actor: Actor) -> LogInterview:
    who = clean_name(who_from(args, "with", "contact"), example=LOG_EXAMPLE)
    return LogInterview(
        actor=actor,
        who=who,
        company=args.option_text("company"),
        role=args.option_text("role"),
        industry=args.option_text("industry"),
        when=args.option_text("when", "date"),
        medium=parse_medium(args.option_text("medium")),
        notes=args.option_text("notes"),
        takeaways=args.option_text("takeaways"),
        action_items=args.option_text("actions", "action_items"),
        referrals=parse_referrals(args.option_text("referrals"), example=LOG_EXAMPLE),
        questions_asked=tuple(parse_questions(args.option_text("asked"), example=LOG_EXAMPLE)),
    )


def conversation_fields(interview: Interview, linked: list[tuple[Contact, bool]]) -> list[Field]:
    """What was recorded about a held conversation, cut for display (stored whole)."""
    fields: list[Field] = []
    for label, text in (
        ("Notes", interview.notes),
        ("Takeaways", interview.takeaways),
        ("Action items", interview.action_items),
    ):
        if text:
            fields.append(Field(label, shorten(text)))
    if interview.questions_asked:
        fields.append(Field("Questions asked", str(len(interview.questions_asked))))
    if linked:
        fields.append(
            Field(
                "Referrals",
                ", ".join(
                    contact_label(c) + (" (new contact)" if new else "") for c, new in linked
                ),
            )
        )
    return fields


async def handle_log(cmd: LogInterview, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        prefs = await uow.settings.get_or_default(cmd.actor)
        given = (
            past_moment(
                cmd.when,
                timezone=prefs.timezone,
                now=now,
                example=LOG_EXAMPLE,
                date_order=prefs.date_order,
            )
            if cmd.when
            else None
        )
        contact, created = await find_or_create_contact(
            uow,
            cmd.actor,
            cmd.who,
            company=cmd.company,
            role=cmd.role,
            industry=cmd.industry,
            now=now,
            met_at=given or now,
        )
        # A talk planned or asked for and still open: this log is that talk happening.
        # Someone new has no talks: the lookup is for people already known.
        theirs = (
            [] if created else await uow.interviews.list(cmd.actor, contact_ids=[contact.id or 0])
        )
        completed = open_talk_logged(theirs, given=given, now=now)
        if completed is not None:
            interview = completed.interview
            held_at = completed.held_at
            _fill(interview, cmd)
            interview.hold(held_at, now=now, tz=prefs.timezone)
        else:
            held_at = given or now
            interview = Interview.first_ask(cmd.actor, contact.id or 0, now=now)
            _fill(interview, cmd)
            # Every conversation began with an ask; logging it afterwards is the `hold`
            # move (recorded before the row is written: inserted once, already held).
            interview.hold(held_at, now=now, tz=prefs.timezone)
            await uow.interviews.add(interview)
        ctx = lifecycle(svc, uow, cmd.actor, now=now, prefs=prefs)
        if created:
            ctx.created(contact)
        linked = await record_conversation(
            ctx, interview, contact, cmd.referrals, example=LOG_EXAMPLE
        )
        planned = still_planned(theirs, now)
        await uow.commit()
    fields = [
        Field("With", contact_label(contact)),
        Field("When", format_local(held_at, prefs.timezone)),
    ]
    if cmd.medium:
        fields.append(Field("Medium", cmd.medium))
    fields.extend(conversation_fields(interview, linked))
    return Reply(
        title=f"Logged interview #{interview.number}",
        text="Nice work. Send a thank-you within 24 hours while the conversation is fresh."
        + (f"\n{added_note(contact)}" if created else "")
        + ("" if completed is None else became_note(completed, contact)),
        fields=tuple(fields),
        actions=(
            Action(
                "Thank-you sent",
                f"interview thanked {interview.number}",
                "primary",
                target=Target.of(TargetKind.INTERVIEW, interview.number),
            ),
            *(
                Action(
                    f"That was #{p.number}: remove it",
                    f"interview delete {p.number}",
                    target=Target.of(TargetKind.INTERVIEW, p.number),
                )
                for p in planned[:1]
            ),
        ),
        footer=planned_note(contact, planned, prefs.timezone),
        tone=Tone.SUCCESS,
    )


def _fill(interview: Interview, cmd: LogInterview) -> None:
    """What the log says of the conversation; notes a request already had are kept."""
    if cmd.medium:
        interview.medium = cmd.medium
    earlier = (interview.notes or "").strip()
    interview.notes = f"{earlier}\n{cmd.notes}" if earlier and cmd.notes else cmd.notes or earlier
    interview.takeaways = cmd.takeaways or interview.takeaways
    interview.action_items = cmd.action_items or interview.action_items
    interview.questions_asked = list(cmd.questions_asked or interview.questions_asked or [])


@dataclass(frozen=True, kw_only=True)
class ListInterviews(Command):
    status: str | None = None
    contact: str | Mention | None = None
    company: str = ""


def build_list(args: ParsedArgs, actor: Actor) -> ListInterviews:
    contact = args.option("contact", "with")
    return ListInterviews(
        actor=actor,
        status=parse_status(args.option_text("status") or args.text(), example=LIST_EXAMPLE),
        contact=contact if contact is None or isinstance(contact, Mention) else str(contact),
        company=args.option_text("company"),
    )


async def handle_list(cmd: ListInterviews, svc: Services) -> Reply:
    """One page, counted and loaded by the database: a long journal is never read whole."""
    async with svc.uow() as uow:
        prefs = await uow.settings.get_or_default(cmd.actor)
        contact_ids: list[int] | None = None
        if cmd.contact is not None:
            one = await find_contact(uow, cmd.actor, cmd.contact, example=LIST_EXAMPLE)
            contact_ids = [one.id or 0]
        if cmd.company:
            wanted = cmd.company.lower()
            everyone = await uow.contacts.list(cmd.actor)
            by_company = [c.id for c in everyone if c.company.lower() == wanted and c.id]
            contact_ids = (
                by_company
                if contact_ids is None
                else [cid for cid in contact_ids if cid in by_company]
            )
        status = cmd.status
        total = await uow.interviews.count(cmd.actor, status=status, contact_ids=contact_ids)
        shown = await uow.interviews.list(
            cmd.actor, status=status, contact_ids=contact_ids, limit=LIST_SHOWN
        )
        people = await uow.contacts.get_many(cmd.actor, [i.contact_id for i in shown])
        contacts = {c.id: c for c in people}
    if not total:
        return Reply(
            text="No interviews match that yet."
            if (cmd.status or cmd.contact or cmd.company)
            else "Your journal is empty. Log your first conversation:",
            footer=LOG_EXAMPLE,
        )
    footer = (
        "" if total <= LIST_SHOWN else f"Showing {LIST_SHOWN} of {total}; filter to see others."
    )
    return Reply(
        title=f"Your interviews ({total})",
        items=tuple(interview_line(i, contacts.get(i.contact_id), prefs.timezone) for i in shown),
        footer=footer,
    )


SPECS = (
    CommandSpec(
        path=("interview", "log"),
        summary="Record a conversation you have had.",
        example=LOG_EXAMPLE,
        build=build_log,
        handle=handle_log,
        fields=(
            *person("Who did you talk to?"),
            moment("When it happened, e.g. yesterday 3pm", placeholder="yesterday 3pm"),
            MEDIUM,
            NOTES,
            TAKEAWAYS,
            ACTIONS,
            REFERRALS,
            ASKED,
        ),
        form=Form(
            "Log an interview",
            "Log it",
            omit=("with", "asked"),
            short=("contact", "company", "when", "notes", "takeaways"),
            required=("contact",),
            opens_without=("contact", "with"),
        ),
    ),
    CommandSpec(
        path=("interview", "list"),
        summary="List your interviews, optionally filtered.",
        example=LIST_EXAMPLE,
        build=build_list,
        handle=handle_list,
        fields=(STATUS, CONTACT_FILTER.but(aliases=("with",)), COMPANY),
    ),
)
