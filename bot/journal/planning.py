"""`interview plan`, `done` and `thanked`: moving a conversation along its status flow.

requested → scheduled → held → thanked. Each command accepts only the statuses it can
follow and says which command fits instead, so the funnel in `inroads stats` stays true.
`plan` without `when:` records that you asked (requested); planning the same contact
again with a time turns that request into the plan, and planning someone whose
conversation is already planned moves it (the reply names the old and new time). A
second open conversation with the same person takes `another:yes`. The moves themselves
(and their checks) are the interview's own methods (:mod:`bot.lifecycle.interview`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.commands import Command, CommandSpec
from bot.domain import Actor, Interview, InterviewStatus
from bot.errors import UsageError
from bot.fields import (
    ACTIONS,
    ASKED,
    DURATION,
    INTERVIEW,
    MEDIUM,
    NOTES,
    REFERRALS,
    TAKEAWAYS,
    moment,
    person,
)
from bot.grammar import Mention, ParsedArgs
from bot.journal.contacts_lookup import clean_name, find_or_create_contact
from bot.journal.interview_ref import OPEN, InterviewRef
from bot.journal.interviews import conversation_fields
from bot.journal.parsing import (
    PLAN_EXAMPLE,
    Referral,
    future_moment,
    parse_duration_minutes,
    parse_id,
    parse_medium,
    parse_questions,
    parse_referrals,
    past_moment,
    who_from,
)
from bot.journal.plan_reply import already_open, plan_reply
from bot.journal.records import contact_of, get_interview, record_conversation
from bot.journal.render import contact_label
from bot.lifecycle.bus import lifecycle, publish
from bot.questions.prep import prep_pack
from bot.reply import Action, Field, Reply, Section, Target, TargetKind, Tone
from bot.schema import Form, choice
from bot.services import Services
from bot.timeparse import format_local, zone

DONE_EXAMPLE = 'interview done 3 notes:"Hiring in spring" takeaways:"Learn SQL"'
THANKED_EXAMPLE = "interview thanked 3"
ANOTHER_EXAMPLE = 'interview plan "Jane Doe" when:"next Tuesday 10am" another:yes'
THANK_WINDOW = timedelta(hours=24)
DEFAULT_MINUTES = 30


@dataclass(frozen=True, kw_only=True)
class PlanInterview(Command):
    who: str | Mention
    when: str = ""
    duration_minutes: int | None = None
    medium: str = ""
    company: str = ""
    role: str = ""
    industry: str = ""
    notes: str = ""
    #: Plan a second conversation even though one with this person is still open.
    another: bool = False


def build_plan(args: ParsedArgs, actor: Actor) -> PlanInterview:
    another = args.option_text("another").lower()
    if another not in ("", "yes", "no"):
        raise UsageError(
            "`another:` is `yes` (plan a second conversation) or `no`.", example=ANOTHER_EXAMPLE
        )
    return PlanInterview(
        actor=actor,
        who=clean_name(who_from(args, "with", "contact"), example=PLAN_EXAMPLE),
        when=args.option_text("when", "date"),
        duration_minutes=parse_duration_minutes(args.option_text("duration"), example=PLAN_EXAMPLE),
        medium=parse_medium(args.option_text("medium")),
        company=args.option_text("company"),
        role=args.option_text("role"),
        industry=args.option_text("industry"),
        notes=args.option_text("notes"),
        another=another == "yes",
    )


async def handle_plan(cmd: PlanInterview, svc: Services) -> Reply:
    """One open conversation per person unless asked: planning someone with an open
    interview moves that one (requested → scheduled, or to a new time), and says so."""
    now = svc.clock.now()
    async with svc.uow() as uow:
        prefs = await uow.settings.get_or_default(cmd.actor)
        tz = prefs.timezone
        scheduled_at = None
        if cmd.when:
            scheduled_at = future_moment(
                cmd.when,
                timezone=tz,
                now=now,
                example=PLAN_EXAMPLE,
                date_order=prefs.date_order,
            )
        contact, created = await find_or_create_contact(
            uow,
            cmd.actor,
            cmd.who,
            company=cmd.company,
            role=cmd.role,
            industry=cmd.industry,
            now=now,
        )
        open_ones = (
            []
            if created
            else [
                i
                for i in await uow.interviews.list(cmd.actor, contact_ids=[contact.id or 0])
                if i.is_open
            ]
        )
        touched = open_ones[0] if open_ones and not cmd.another else None
        previous = None
        if touched is not None:
            interview = touched
            if scheduled_at is None:
                raise already_open(interview, contact, tz)
            previous = interview.scheduled_at
            if cmd.duration_minutes is None and previous is None:
                interview.duration_minutes = DEFAULT_MINUTES
            interview.schedule(scheduled_at, now=now, tz=tz)
        else:
            interview = Interview.first_ask(cmd.actor, contact.id or 0, now=now)
            interview.request(at=now)
            if scheduled_at is not None:
                interview.duration_minutes = DEFAULT_MINUTES
                interview.schedule(scheduled_at, now=now, tz=tz)
            await uow.interviews.add(interview)
        if cmd.duration_minutes is not None:
            interview.duration_minutes = cmd.duration_minutes
        if cmd.medium:
            interview.medium = cmd.medium
        if cmd.notes:
            interview.notes = cmd.notes
        await publish(lifecycle(svc, uow, cmd.actor, now=now, prefs=prefs), contact, interview)
        # Sections other features add to the plan reply (e.g. a prep pack) go here, built
        # inside this unit of work so they can read the journal.
        sections: list[Section] = []
        if scheduled_at is not None:
            sections.extend(await prep_pack(uow, cmd.actor, contact, now=now, upcoming=interview))
        await uow.commit()
    return plan_reply(
        interview,
        contact,
        created=created,
        previous=previous,
        touched=touched is not None,
        others=len(open_ones) if cmd.another else 0,
        sections=sections,
        tz=tz,
        now=now,
    )


@dataclass(frozen=True, kw_only=True)
class MarkDone(Command):
    interview_id: InterviewRef
    when: str = ""
    notes: str = ""
    takeaways: str = ""
    action_items: str = ""
    referrals: tuple[Referral, ...] = ()
    questions_asked: tuple[str, ...] = ()


def build_done(args: ParsedArgs, actor: Actor) -> MarkDone:
    return MarkDone(
        actor=actor,
        interview_id=parse_id(args, what="interview", example=DONE_EXAMPLE),
        when=args.option_text("when", "date"),
        notes=args.option_text("notes"),
        takeaways=args.option_text("takeaways"),
        action_items=args.option_text("actions", "action_items"),
        referrals=parse_referrals(args.option_text("referrals"), example=DONE_EXAMPLE),
        questions_asked=tuple(parse_questions(args.option_text("asked"), example=DONE_EXAMPLE)),
    )


async def handle_done(cmd: MarkDone, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        prefs = await uow.settings.get_or_default(cmd.actor)
        interview = await get_interview(
            uow,
            cmd.actor,
            cmd.interview_id,
            example=DONE_EXAMPLE,
            fits=OPEN,
            doing="is still planned or asked for",
        )
        interview.check_can_hold(tz=prefs.timezone)
        if cmd.when:
            held_at = past_moment(
                cmd.when,
                timezone=prefs.timezone,
                now=now,
                example=DONE_EXAMPLE,
                date_order=prefs.date_order,
            )
        elif interview.scheduled_at is not None and interview.scheduled_at <= now:
            held_at = interview.scheduled_at
        else:
            held_at = now
        interview.hold(held_at, now=now, tz=prefs.timezone)
        contact = await contact_of(uow, cmd.actor, interview)
        for attr, value in (
            ("notes", cmd.notes),
            ("takeaways", cmd.takeaways),
            ("action_items", cmd.action_items),
        ):
            if value:
                setattr(interview, attr, value)
        if cmd.questions_asked:
            known = {q.lower() for q in interview.questions_asked}
            interview.questions_asked = [
                *interview.questions_asked,
                *(q for q in cmd.questions_asked if q.lower() not in known),
            ]
        ctx = lifecycle(svc, uow, cmd.actor, now=now, prefs=prefs)
        linked = await record_conversation(
            ctx, interview, contact, cmd.referrals, example=DONE_EXAMPLE
        )
        await uow.commit()
    fields = [
        Field("With", contact_label(contact)),
        Field("Held", format_local(held_at, prefs.timezone)),
    ]
    fields.extend(conversation_fields(interview, linked))
    return Reply(
        title=f"Interview #{interview.number} marked held",
        text="Send a thank-you within 24 hours, then tell me with the button below.",
        fields=tuple(fields),
        actions=(
            Action(
                "Thank-you sent",
                f"interview thanked {interview.number}",
                "primary",
                target=Target.of(TargetKind.INTERVIEW, interview.number),
            ),
        ),
        tone=Tone.SUCCESS,
    )


@dataclass(frozen=True, kw_only=True)
class MarkThanked(Command):
    interview_id: InterviewRef
    when: str = ""


def build_thanked(args: ParsedArgs, actor: Actor) -> MarkThanked:
    return MarkThanked(
        actor=actor,
        interview_id=parse_id(args, what="interview", example=THANKED_EXAMPLE),
        when=args.option_text("when", "date"),
    )


async def handle_thanked(cmd: MarkThanked, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        prefs = await uow.settings.get_or_default(cmd.actor)
        interview = await get_interview(
            uow,
            cmd.actor,
            cmd.interview_id,
            example=THANKED_EXAMPLE,
            # With when:, a talk already thanked is one whose thank-you time is moved.
            fits={InterviewStatus.HELD, InterviewStatus.THANKED}
            if cmd.when
            else {InterviewStatus.HELD},
            doing="was held and still needs its thank-you",
        )
        thanked_at = now
        if cmd.when:
            thanked_at = past_moment(
                cmd.when,
                timezone=prefs.timezone,
                now=now,
                example=THANKED_EXAMPLE,
                date_order=prefs.date_order,
                ahead_hint="Tell me once it's sent; without when: I record it as sent now.",
                ahead_example=f"interview thanked {interview.number}",
            )
        corrected = interview.status == InterviewStatus.THANKED.value and bool(cmd.when)
        if corrected:  # noted late at first: now the person says when it really went
            interview.correct_thanked_time(thanked_at, now=now, tz=prefs.timezone)
        else:
            interview.thank(thanked_at, now=now, tz=prefs.timezone)
        contact = await contact_of(uow, cmd.actor, interview)
        await publish(lifecycle(svc, uow, cmd.actor, now=now, prefs=prefs), contact, interview)
        await uow.commit()
    return Reply(
        title=f"Thank-you to {contact.name} "
        + ("moved" if corrected else "recorded")
        + f" (interview #{interview.number})",
        text=_thanks_verdict(interview, thanked_at, cmd, prefs.timezone),
        fields=(Field("Sent", format_local(thanked_at, prefs.timezone)),),
        tone=Tone.SUCCESS,
    )


def _thanks_verdict(interview: Interview, thanked_at: datetime, cmd: MarkThanked, tz: str) -> str:
    """How the thank-you's timing reads. Recorded late without `when:`, it may well have
    gone out on time and only been noted now: the reply says how to say so (with the
    evening of the talk as the example) rather than judging the moment they typed."""
    assert interview.held_at is not None  # `thank` allows only held conversations
    delay = thanked_at - interview.held_at
    if delay <= THANK_WINDOW:
        return "Within 24 hours: that's the habit that makes people remember you."
    hours = delay.total_seconds() / 3600
    late = f"{hours:.0f} hours" if hours < 48 else f"{hours / 24:.0f} days"
    if cmd.when:
        return (
            f"Sent {late} after the talk: it still counts. Next time, the same day makes it stick."
        )
    # Three hours after the talk: past (this is a day late at least) and after it.
    then = (interview.held_at + timedelta(hours=3)).astimezone(zone(tz))
    hour = f"{then.hour % 12 or 12}{'am' if then.hour < 12 else 'pm'}"
    return (
        f"I recorded it as sent now, {late} after the talk. If it went out earlier, say "
        "when, and your stats will count it then: "
        f'interview thanked {interview.number} when:"{then.day} {then:%b} {hour}"'
    )


SPECS = (
    CommandSpec(
        path=("interview", "plan"),
        summary="Plan a conversation (with a calendar file); without when: note that you asked.",
        example=PLAN_EXAMPLE,
        build=build_plan,
        handle=handle_plan,
        fields=(
            *person("Who will you talk to?"),
            moment("When it will happen, e.g. next Tuesday 10am", placeholder="next Tuesday 10am"),
            DURATION,
            MEDIUM,
            NOTES.but(placeholder="What you want to learn"),
            choice("another", "A second talk though one is open", "yes"),
        ),
        form=Form(
            "Plan an interview",
            "Plan it",
            omit=("with", "duration", "another"),
            short=("contact", "company", "when", "medium", "notes"),
            required=("contact", "when"),
            opens_without=("contact", "with"),
        ),
    ),
    CommandSpec(
        path=("interview", "done"),
        summary="Mark a planned conversation as held, with what you learned.",
        example=DONE_EXAMPLE,
        build=build_done,
        handle=handle_done,
        fields=(
            INTERVIEW,
            moment("When it happened (default: as planned)"),
            NOTES,
            TAKEAWAYS,
            ACTIONS,
            REFERRALS,
            ASKED,
        ),
    ),
    CommandSpec(
        path=("interview", "thanked"),
        summary="Record that you sent the thank-you.",
        example=THANKED_EXAMPLE,
        build=build_thanked,
        handle=handle_thanked,
        fields=(INTERVIEW, moment("When you sent it (default: now)")),
    ),
)
