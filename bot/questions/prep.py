"""Prep packs: what to read, what to ask, and what you learned last time, for one contact.

:func:`prep_pack` returns plain :class:`Section` objects so every caller can attach it to
its own reply: `interview prep`, `interview plan`, and the prep reminder the check-in
engine sends before a conversation. It only reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.commands import Command, CommandSpec
from bot.domain import Actor, Contact, Interview, InterviewStatus
from bot.grammar import Mention, ParsedArgs
from bot.journal.contacts_lookup import clean_name, find_contact
from bot.journal.render import contact_label, interview_when
from bot.ports import UnitOfWork
from bot.questions.suggest import HELD, build_pack
from bot.reply import Action, Reply, Section, Target, TargetKind
from bot.services import Services
from bot.timeparse import format_local

PREP_EXAMPLE = 'interview prep "Jane Doe"'
LINE_LIMIT = 400
SECTION_LIMIT = 2_700  # Slack caps a section at 3,000 characters
EARLIER_SHOWN = 3


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


def first_name(contact: Contact) -> str:
    return contact.name.split()[0] if contact.name.split() else contact.name


async def research_checklist(
    uow: UnitOfWork, actor: Actor, contact: Contact, upcoming: Interview | None, timezone: str
) -> list[str]:
    name = first_name(contact)
    lines: list[str] = []
    if contact.role and contact.company:
        lines.append(
            f"Read {name}'s profile and recent posts: how did they get to "
            f"{contact.role} at {contact.company}?"
        )
    elif contact.role:
        lines.append(f"Read {name}'s profile: what led them to work as {contact.role}?")
    else:
        lines.append(f"Find out {name}'s current role and the path that led there.")
    if contact.company:
        lines.append(
            f"Skim {contact.company}'s website and news from the last six months: what it "
            "sells, to whom, and what changed recently. Note one thing you'd like explained."
        )
    else:
        lines.append(f"Find out where {name} works and what that organisation does.")
    if contact.industry:
        lines.append(f"Pick one recent development in {contact.industry} to ask {name} about.")
    if contact.how_known:
        lines.append(f"How you know {name}: {_cut(contact.how_known, 200)}.")
    if contact.referred_by_id is not None:
        referrer = await uow.contacts.get(actor, contact.referred_by_id)
        if referrer is not None:
            lines.append(
                f"{referrer.name} introduced you: mention it, and tell them how it went after."
            )
    lines.append(f"Write two sentences on who you are and why you chose to ask {name}.")
    if upcoming is not None:
        when = format_local(interview_when(upcoming), timezone)
        medium = f" ({upcoming.medium})" if upcoming.medium else ""
        lines.append(
            f"Confirm {when}{medium}; plan to finish within {upcoming.duration_minutes} minutes."
        )
    return lines


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


async def prep_pack(
    uow: UnitOfWork,
    actor: Actor,
    contact: Contact,
    *,
    now: datetime,
    upcoming: Interview | None = None,
) -> tuple[Section, ...]:
    """Research checklist, tailored question pack, and earlier notes for `contact`.

    `upcoming` is the conversation the pack is for, when the caller knows it (a plan, a
    prep reminder): its time is the one to confirm, whatever else is on the calendar."""
    prefs = await uow.settings.get_or_default(actor)
    interviews = list(await uow.interviews.list(actor, contact_ids=[contact.id or 0]))
    upcoming = upcoming or min(
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
    pack = await build_pack(uow, actor, contact, goal=prefs.goal or None)
    name = first_name(contact)
    checklist = await research_checklist(uow, actor, contact, upcoming, prefs.timezone)
    used: set[str] = set()
    questions = [f"{s.question.text} — {s.reason_in(used)}" for s in pack.suggestions]
    return (
        Section(f"Research before you talk to {name}", _fit(checklist)),
        Section(f"Questions to ask {name}", _fit(questions)),
        Section(
            f"From earlier conversations with {name}",
            _fit(earlier_notes(contact, interviews, prefs.timezone)),
        ),
    )


@dataclass(frozen=True, kw_only=True)
class PrepInterview(Command):
    who: str | Mention


def build_prep(args: ParsedArgs, actor: Actor) -> PrepInterview:
    raw = args.option("for", "contact", "with")
    if raw is None and args.positionals:
        only = args.positionals[0]
        raw = only if len(args.positionals) == 1 and isinstance(only, Mention) else args.text()
    return PrepInterview(actor=actor, who=clean_name(raw, example=PREP_EXAMPLE))


async def handle_prep(cmd: PrepInterview, svc: Services) -> Reply:
    async with svc.uow() as uow:
        contact = await find_contact(uow, cmd.actor, cmd.who, example=PREP_EXAMPLE)
        sections = await prep_pack(uow, cmd.actor, contact, now=svc.clock.now())
    this = Target.of(TargetKind.CONTACT, contact.id)
    return Reply(
        title=f"Prep pack: {contact_label(contact)}",
        text="Ten minutes with this before the call makes the twenty minutes count.",
        sections=sections,
        actions=(
            Action("More questions", f"questions for:#{contact.id} page:2", target=this),
            Action("Draft outreach", f"outreach draft #{contact.id}", target=this),
        ),
    )


PREP_SPEC = CommandSpec(
    path=("interview", "prep"),
    summary="A prep pack for a contact: research checklist, questions, earlier notes.",
    usage="interview prep <contact|@member>",
    example=PREP_EXAMPLE,
    build=build_prep,
    handle=handle_prep,
    options=("for", "contact", "with"),
)
