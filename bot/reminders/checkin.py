"""`checkin add|list|snooze|done|skip|cancel`: the person's own view of the outbox.

Ids are scoped by owner: someone else's check-in number answers "not found", exactly
like a number that does not exist, so ids reveal nothing about other people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.commands import Command, CommandSpec
from bot.domain import Actor, Contact, InterviewStatus, Reminder, ReminderKind, UserSettings
from bot.domain import ReminderStatus as S
from bot.errors import NotFoundError, UsageError
from bot.fields import CHECKIN_NUMBER, REQUIRED_CONTACT
from bot.grammar import Mention, ParsedArgs
from bot.ids import record_id
from bot.journal.contacts_lookup import added_note, clean_name, find_or_create_contact
from bot.journal.names import named_in, reads_as_note
from bot.journal.render import shorten
from bot.lifecycle.bus import EventContext, lifecycle, publish
from bot.ports import UnitOfWork
from bot.reminders.checkin_list import ADD_EXAMPLE, build_list, handle_list
from bot.reminders.freshness import snooze_refusal
from bot.reminders.quiet import next_allowed
from bot.reply import Reply, Tone
from bot.schema import Kind, text
from bot.services import Services
from bot.states import ROUND_MESSAGE_KINDS
from bot.timeparse import format_local, parse_duration, parse_when

MAX_WHAT_CHARS = 500


@dataclass(frozen=True, kw_only=True)
class AddCheckin(Command):
    who: str | Mention
    words: tuple[str, ...] = ()
    when: str = ""
    what: str = ""


def build_add(args: ParsedArgs, actor: Actor) -> AddCheckin:
    rest = list(args.positionals)
    who_value = args.option("contact", "with") or (rest.pop(0) if rest else None)
    who = clean_name(who_value, example=ADD_EXAMPLE)
    what = args.option_text("what", "note")
    if len(what) > MAX_WHAT_CHARS:
        raise UsageError(f"Keep the note under {MAX_WHAT_CHARS} characters.", example=ADD_EXAMPLE)
    return AddCheckin(
        actor=actor,
        who=who,
        words=tuple(str(w) for w in rest),
        when=args.option_text("when"),
        what=what,
    )


def _split_when_what(cmd: AddCheckin) -> list[tuple[str, str]]:
    """Readings of the words to try in order: (when, what)."""
    words = list(cmd.words)
    if cmd.when:
        return [(cmd.when, cmd.what or " ".join(words))]
    if cmd.what:
        return [(" ".join(words), cmd.what)]
    # Longest time first: `in 3 days` is a time, not "in 3" plus a note "days"; a quoted
    # note arrives as one word, so `"next Friday 9am" "Ask about the team"` splits right.
    return [(" ".join(words[:k]), " ".join(words[k:])) for k in range(len(words), 0, -1)]


async def handle_add(cmd: AddCheckin, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        prefs = await uow.settings.get_or_default(cmd.actor)
        due, what = _read_when(cmd, prefs, now)
        contact: Contact | None = None
        created = False
        if isinstance(cmd.who, str) and reads_as_note(cmd.who):
            # "ask Tom Okafor for a coffee" is the thing to do, not a person to add: the
            # check-in is about the contact it names, if one, and says it in full.
            what = "; ".join(t for t in (cmd.who, what) if t)
            named = named_in(cmd.who, await uow.contacts.names(cmd.actor))
            contact = await uow.contacts.get(cmd.actor, named) if named is not None else None
        else:
            contact, created = await find_or_create_contact(uow, cmd.actor, cmd.who, now=now)
        if len(what) > MAX_WHAT_CHARS:
            raise UsageError(f"Keep the note under {MAX_WHAT_CHARS} characters.")
        reminder = Reminder(
            platform=cmd.actor.platform,
            workspace_id=cmd.actor.workspace_id,
            user_id=cmd.actor.user_id,
            kind=ReminderKind.CUSTOM.value,
            due_at=due,
            # Without a note the DM says "check in with <name>" when it is sent, naming
            # the contact as it is called then (never a name frozen today).
            text=what,
            contact_id=contact.id if contact is not None else None,
            created_at=now,
        )
        await uow.reminders.add(reminder)
        await uow.commit()
    moved = next_allowed(due, prefs)
    note = (
        f"\nThat's inside your quiet hours, so it will arrive at "
        f"{format_local(moved, prefs.timezone)}."
        if moved != due
        else ""
    )
    about = f" about {contact.name}" if contact is not None else ""
    name = contact.name if contact is not None else ""
    return Reply(
        title=f"Check-in #{reminder.number} set",
        text=f"I'll remind you{about} on {format_local(due, prefs.timezone)}: "
        + shorten(reminder.text or f"check in with {name}.", 300)
        + note
        + (f"\n{added_note(contact)}" if created and contact is not None else ""),
        tone=Tone.SUCCESS,
    )


def _read_when(cmd: AddCheckin, prefs: UserSettings, now: datetime) -> tuple[datetime, str]:
    problems: list[tuple[str, UsageError]] = []
    for when, what in _split_when_what(cmd):
        if not when.strip():
            continue
        try:
            due = parse_when(
                when,
                timezone=prefs.timezone,
                now=now,
                prefer="future",
                date_order=prefs.date_order,
            )
        except UsageError as exc:
            problems.append((when, exc))
            continue
        if due < now - timedelta(minutes=1):
            raise UsageError(
                f"`{when[:60]}` is in the past ({format_local(due, prefs.timezone)}).",
                hint="A check-in needs a future time.",
                example=ADD_EXAMPLE,
            )
        return due, what.strip()
    if problems:
        problem = _telling_problem(cmd, problems)
        raise UsageError(
            problem.problem, hint=problem.hint, example=ADD_EXAMPLE, fixes=problem.fixes
        )
    raise UsageError("When should I remind you?", example=ADD_EXAMPLE)


def _telling_problem(cmd: AddCheckin, problems: list[tuple[str, UsageError]]) -> UsageError:
    """The refusal that speaks about the words the person meant as the time.

    Every split was tried, so the longest one's complaint would quote the note too
    ("next tuesdy send samples"). A quoted first word is the time the person wrote; else
    the shortest reading whose complaint comes with a correction names just the time.
    """
    if cmd.words and any(ch.isspace() for ch in cmd.words[0]):
        for when, exc in problems:
            if when == cmd.words[0]:
                return exc
    with_fixes = [exc for _when, exc in problems if exc.fixes]
    return with_fixes[-1] if with_fixes else problems[0][1]


@dataclass(frozen=True, kw_only=True)
class ActOnCheckin(Command):
    reminder_id: int
    verb: str
    duration: timedelta | None = None


def _reminder_id(args: ParsedArgs, verb: str, example: str) -> int:
    words = args.words()
    raw = args.option_text("id") or (words[0] if words else "")
    number = record_id(raw)
    if number is None:
        raise UsageError(
            f"`checkin {verb}` needs the check-in number.",
            hint="`checkin list` shows the numbers.",
            example=example,
        )
    return number


def _builder(verb: str, example: str) -> Callable[[ParsedArgs, Actor], ActOnCheckin]:
    def build(args: ParsedArgs, actor: Actor) -> ActOnCheckin:
        rid = _reminder_id(args, verb, example)
        duration = None
        if verb == "snooze":
            words = args.words()[1:]
            text = args.option_text("for", "by") or " ".join(words) or "1d"
            duration = parse_duration(text)
        return ActOnCheckin(actor=actor, reminder_id=rid, verb=verb, duration=duration)

    return build


async def _own(uow: UnitOfWork, actor: Actor, rid: int, example: str) -> Reminder:
    row = await uow.reminders.by_number(actor, rid)
    if row is None or row.kind in ROUND_MESSAGE_KINDS:  # a round's message, not a check-in
        raise NotFoundError(
            f"I can't find check-in #{rid} among yours.",
            hint="`checkin list` shows your check-ins.",
            example=example,
        )
    return row


async def handle_act(cmd: ActOnCheckin, svc: Services) -> Reply:
    """Every move is the reminder's own (:mod:`bot.lifecycle.reminder`), published in this
    unit of work: done on a thank-you nudge thanks the interview exactly as `interview
    thanked` does, a skipped keep-in-touch hands over to the next one."""
    now = svc.clock.now()
    example = EXAMPLES[cmd.verb]
    async with svc.uow() as uow:
        prefs = await uow.settings.get_or_default(cmd.actor)
        row = await _own(uow, cmd.actor, cmd.reminder_id, example)
        if cmd.verb == "snooze":
            assert cmd.duration is not None
            base = max(row.due_at, now) if row.status == S.PENDING.value else now
            if refusal := await snooze_refusal(uow, cmd.actor, row, base, cmd.duration):
                return refusal
            row.snooze(base + cmd.duration)
            text = (
                f"Snoozed check-in #{row.number} until {format_local(row.due_at, prefs.timezone)}."
            )
        elif row.finished:
            return Reply(text=f"Check-in #{row.number} is already {row.status}.", tone=Tone.INFO)
        elif cmd.verb == "done":
            row.done()
            text = f"Marked check-in #{row.number} done. Nice."
        else:  # skip / cancel: the same end state; the words fit different moments
            row.cancel()
            text = (
                f"Skipped check-in #{row.number}."
                if cmd.verb == "skip"
                else f"Cancelled check-in #{row.number}; it won't be sent."
            )
        ctx = lifecycle(svc, uow, cmd.actor, now=now, prefs=prefs)
        await publish(ctx, row)
        text += await _what_followed(ctx, row)
        await uow.commit()
    return Reply(text=text, tone=Tone.SUCCESS)


async def _what_followed(ctx: EventContext, row: Reminder) -> str:
    """Say what the move changed beyond the check-in (read from the context's cache)."""
    if row.kind == ReminderKind.THANK_YOU.value and row.status == S.DONE.value:
        interview = await ctx.interview(row.interview_id)
        if interview is not None and interview.status == InterviewStatus.THANKED.value:
            return f" Interview #{interview.number} is marked thanked too."
    if row.kind == ReminderKind.KEEP_IN_TOUCH.value and row.contact_id is not None:
        contact = await ctx.contact(row.contact_id)
        upcoming = [
            r
            for r in await ctx.contact_reminders(row.contact_id)
            if r.kind == row.kind and r.status == S.PENDING.value and r is not row
        ]
        if contact is not None and upcoming:
            when = format_local(upcoming[0].due_at, (await ctx.settings()).timezone)
            return (
                f" Next catch-up with {contact.name}: {when} "
                f"(`checkin stop #{contact.number}` ends them)."
            )
    return ""


EXAMPLES = {
    "snooze": "checkin snooze 12 1w",
    "done": "checkin done 12",
    "skip": "checkin skip 12",
    "cancel": "checkin cancel 12",
}
_SUMMARIES = {
    "snooze": "Push a check-in later (30m, 2h, 1d, 1w).",
    "done": "Mark a check-in done.",
    "skip": "Skip this check-in (it won't be sent again).",
    "cancel": "Cancel a check-in so it is never sent.",
}

_SNOOZE = (
    text(
        "for",
        "How long, e.g. 2 days",
        kind=Kind.DURATION,
        required=True,
        positional=True,
        aliases=("by",),
    ),
)

SPECS = (
    CommandSpec(
        path=("checkin", "add"),
        summary="Ask for a reminder about a contact at a time you choose.",
        example=ADD_EXAMPLE,
        build=build_add,
        handle=handle_add,
        fields=(
            REQUIRED_CONTACT.but(aliases=("with",)),
            text(
                "when",
                "When to nudge you, e.g. in 2 weeks",
                kind=Kind.MOMENT,
                required=True,
                bare=True,
            ),
            text("what", "What to do then", aliases=("note",), bare=True),
        ),
    ),
    CommandSpec(
        path=("checkin", "list"),
        summary="Your upcoming and recent check-ins.",
        example="checkin list",
        build=build_list,
        handle=handle_list,
    ),
    *(
        CommandSpec(
            path=("checkin", verb),
            summary=_SUMMARIES[verb],
            example=EXAMPLES[verb],
            build=_builder(verb, EXAMPLES[verb]),
            handle=handle_act,
            fields=(CHECKIN_NUMBER, *_SNOOZE) if verb == "snooze" else (CHECKIN_NUMBER,),
        )
        for verb in ("snooze", "done", "skip", "cancel")
    ),
)
