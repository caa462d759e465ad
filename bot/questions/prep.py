"""Prep packs: what to read, what to ask, and what you learned last time, for one contact.

:func:`prep_pack` returns plain :class:`Section` objects so every caller can attach it to
its own reply: `interview prep`, `interview plan`, and the prep reminder the check-in
engine sends before a conversation. It only reads; `interview prep … done:role` is the
one place that writes, ticking research-checklist items on the contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.commands import Command, CommandSpec
from bot.domain import Actor, Contact, Interview, InterviewStatus
from bot.errors import UsageError
from bot.fields import REQUIRED_CONTACT
from bot.grammar import Mention, ParsedArgs
from bot.journal.contacts_lookup import clean_name, find_contact
from bot.journal.render import contact_label, interview_when
from bot.ports import UnitOfWork
from bot.questions.checklist import checklist_items, checklist_lines, first_name, read_done
from bot.questions.mistakes import mistakes_to_avoid
from bot.questions.suggest import HELD, build_pack
from bot.reply import Action, Reply, Section, Target, TargetKind
from bot.schema import text
from bot.services import Services
from bot.timeparse import format_local

PREP_EXAMPLE = 'interview prep "Jane Doe"'
DONE_EXAMPLE = 'interview prep "Jane Doe" done:role,company'
LINE_LIMIT = 400
SECTION_LIMIT = 2_700  # Slack caps a section at 3,000 characters
EARLIER_SHOWN = 3
#: Under the questions when nothing says what the person is after: questions that
#: presume it (a career change, a student, a business) are held back until they say.
GOAL_HINT = (
    "Say what you're after and the questions fit you better: `questions goal:breaking-in`, "
    "`goal:changing-careers`, `goal:business-research` or `goal:exploring`."
)


def _cut(text: str, limit: int = LINE_LIMIT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _fit(lines: list[str]) -> tuple[str, ...]:
    """Keep a section under the platform limit by dropping its last lines."""
    kept: list[str] = []
    used = 0
    for line in lines:
        if used + len(line) + 3 > SECTION_LIMIT:
            break
        kept.append(line)
        used += len(line) + 3
    return tuple(kept)


def earlier_notes(contact: Contact, interviews: list[Interview], timezone: str) -> list[str]:
    held = [i for i in interviews if i.status in HELD]
    if not held:
        return [f"This is your first conversation with {first_name(contact)}: no earlier notes."]
    lines: list[str] = []
    for interview in held[:EARLIER_SHOWN]:
        parts = [
            f"{label}: {_cut(text, 300)}"
            for label, text in (
                ("takeaways", interview.takeaways),
                ("notes", interview.notes),
                ("action items", interview.action_items),
            )
            if text.strip()
        ]
        when = format_local(interview_when(interview), timezone)
        lines.append(f"{when}: " + ("; ".join(parts) if parts else "no notes recorded"))
    asked = sum(len(i.questions_asked) for i in interviews)
    if asked:
        lines.append(f"You already asked {asked} question(s); they are left out of the pack.")
    if len(held) > EARLIER_SHOWN:
        lines.append(f"…and {len(held) - EARLIER_SHOWN} older conversation(s).")
    return lines


def next_conversation(interviews: list[Interview], now: datetime) -> Interview | None:
    """The earliest scheduled conversation still ahead, if any."""
    return min(
        (
            i
            for i in interviews
            if i.status == InterviewStatus.SCHEDULED.value
            and i.scheduled_at is not None
            and i.scheduled_at >= now
        ),
        key=lambda i: i.scheduled_at or now,
        default=None,
    )


def research_lines(contact: Contact) -> list[str]:
    """What you found (`contact research`), newest first: the latest finding matters most."""
    return [_cut(line) for line in reversed(contact.research.splitlines()) if line.strip()]


async def prep_pack(
    uow: UnitOfWork,
    actor: Actor,
    contact: Contact,
    *,
    now: datetime,
    upcoming: Interview | None = None,
    mistakes: bool = False,
) -> tuple[Section, ...]:
    """Research checklist, what you found, tailored questions and earlier notes.

    `upcoming` is the conversation the pack is for, when the caller knows it (a plan, a
    prep reminder): its time is the one to confirm, whatever else is on the calendar.
    `mistakes` adds the mistakes to avoid, which belong right before the call (the prep
    reminder), not in every pack."""
    prefs = await uow.settings.get_or_default(actor)
    interviews = list(await uow.interviews.list(actor, contact_ids=[contact.id or 0]))
    upcoming = upcoming or next_conversation(interviews, now)
    pack = await build_pack(uow, actor, contact, goal=prefs.goal or None)
    name = first_name(contact)
    items = await checklist_items(uow, actor, contact, upcoming, prefs.timezone)
    checklist = checklist_lines(items, contact.research_done, f"#{contact.number}")
    used: set[str] = set()
    questions = [f"{s.question.text} — {s.reason_in(used)}" for s in pack.suggestions]
    if pack.target.goal is None:
        questions.append(GOAL_HINT)
    sections = [Section(f"Research before you talk to {name}", _fit(checklist))]
    found = research_lines(contact)
    if found:
        sections.append(Section("What you found", _fit(found)))
    sections += [
        Section(f"Questions to ask {name}", _fit(questions)),
        Section(
            f"From earlier conversations with {name}",
            _fit(earlier_notes(contact, interviews, prefs.timezone)),
        ),
    ]
    if mistakes:
        minutes = upcoming.duration_minutes if upcoming else None
        sections.append(
            Section(
                "Mistakes to avoid",
                tuple(mistakes_to_avoid(pack.target.goal or "", contact, minutes)),
            )
        )
    return tuple(sections)


MAX_DONE_BUTTONS = 3


@dataclass(frozen=True, kw_only=True)
class PrepInterview(Command):
    who: str | Mention
    #: Checklist keys to tick before showing the pack (`done:role,company`).
    done: tuple[str, ...] = ()


def build_prep(args: ParsedArgs, actor: Actor) -> PrepInterview:
    raw = args.option("for", "contact", "with")
    if raw is None and args.positionals:
        only = args.positionals[0]
        raw = only if len(args.positionals) == 1 and isinstance(only, Mention) else args.text()
    done_raw = args.option_text("done")
    done = read_done(done_raw, example=DONE_EXAMPLE) if args.option("done") is not None else ()
    return PrepInterview(actor=actor, who=clean_name(raw, example=PREP_EXAMPLE), done=done)


async def _tick(uow: UnitOfWork, cmd: PrepInterview, contact: Contact, now: datetime) -> str:
    """Tick `cmd.done` on the contact's checklist; refuses keys this checklist lacks."""
    prefs = await uow.settings.get_or_default(cmd.actor)
    interviews = list(await uow.interviews.list(cmd.actor, contact_ids=[contact.id or 0]))
    items = await checklist_items(
        uow, cmd.actor, contact, next_conversation(interviews, now), prefs.timezone
    )
    keys = [i.key for i in items]
    missing = [k for k in cmd.done if k not in keys]
    if missing:
        raise UsageError(
            f"{first_name(contact)}'s checklist has no `{missing[0]}` item.",
            hint="Their checklist has: " + ", ".join(f"`{k}`" for k in keys) + ".",
            example=f"interview prep #{contact.number} done:{keys[0]}",
        )
    new = [k for k in cmd.done if k not in contact.research_done]
    if new:
        contact.research_done = [*contact.research_done, *new]
        await uow.commit()
        return "Ticked: " + ", ".join(new) + "."
    return "Those were already ticked."


async def handle_prep(cmd: PrepInterview, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        contact = await find_contact(uow, cmd.actor, cmd.who, example=PREP_EXAMPLE)
        ticked = await _tick(uow, cmd, contact, now) if cmd.done else ""
        prefs = await uow.settings.get_or_default(cmd.actor)
        interviews = list(await uow.interviews.list(cmd.actor, contact_ids=[contact.id or 0]))
        upcoming = next_conversation(interviews, now)
        items = await checklist_items(uow, cmd.actor, contact, upcoming, prefs.timezone)
        sections = await prep_pack(uow, cmd.actor, contact, now=now, upcoming=upcoming)
    this = Target.of(TargetKind.CONTACT, contact.number)
    length = f"the {upcoming.duration_minutes} minutes" if upcoming else "the conversation"
    intro = f"Ten minutes with this before the call makes {length} count."
    left = [i for i in items if i.key not in contact.research_done]
    done_buttons = tuple(
        Action(f"Done: {i.label}", f"interview prep #{contact.number} done:{i.key}", target=this)
        for i in left[:MAX_DONE_BUTTONS]
    )
    return Reply(
        title=f"Prep pack: {contact_label(contact)}",
        text=f"{ticked} {intro}".strip(),
        sections=sections,
        actions=(
            *done_buttons,
            Action("More questions", f"questions for:#{contact.number} page:2", target=this),
            Action("Draft outreach", f"outreach draft #{contact.number}", target=this),
        ),
    )


PREP_SPEC = CommandSpec(
    path=("interview", "prep"),
    summary="A prep pack for a contact: research checklist, questions, earlier notes.",
    example=PREP_EXAMPLE,
    build=build_prep,
    handle=handle_prep,
    fields=(
        REQUIRED_CONTACT.but(aliases=("for", "with")),
        text("done", "Checklist items you have done, e.g. role,company"),
    ),
)
