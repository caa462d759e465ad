"""`outreach draft|sent`: write the request (or the thank-you), record that it went.

This module holds drafting, its buttons and the outreach command specs; the sent
handler lives in bot.outreach.sent so neither grows past the house limit.

Drafting only reads (you can draft for someone not yet in your contacts by giving
`company:`/`role:`); `outreach sent` is the step that writes: the contact, the interview
in status *requested*, and a follow-up check-in a week later that the check-in dispatcher
delivers if nothing has moved by then.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime

from bot.commands import Command, CommandSpec
from bot.domain import (
    Actor,
    Contact,
    InterviewStatus,
)
from bot.errors import NotFoundError, UsageError
from bot.fields import COMPANY, OUTREACH_FORMAT, REQUIRED_CONTACT, ROLE, STANDING
from bot.grammar import Mention, ParsedArgs, quote
from bot.ids import whole_number
from bot.journal.contacts_lookup import (
    added_note,
    find_contact,
    find_or_create_contact,
)
from bot.outreach.formats import FORMAT_ALIASES, FORMATS, LINKEDIN_LIMIT
from bot.outreach.keep import KEEP_FORMATS
from bot.outreach.profile import PROFILE_EXAMPLE, build_profile, handle_profile
from bot.outreach.quality import check, strengths
from bot.outreach.sent import SENT_EXAMPLE, build_sent, handle_sent, who_arg
from bot.outreach.templates import (
    NAME_PLACEHOLDER,
    DraftInput,
    render,
)
from bot.ports import UnitOfWork
from bot.reply import Action, Field, Reply, Section, Target, TargetKind, Tone
from bot.schema import text
from bot.services import Services
from bot.typos import not_a_choice

DRAFT_EXAMPLE = 'outreach draft "Jane Doe" reason:"I read your post on scaling payment teams"'
MAX_REASON_CHARS = 500
ACTION_LIMIT = 89
TITLES = {
    "email": "Email draft",
    "linkedin": "Connection note",
    "alumni": "Alumni email draft",
    "follow-up": "Follow-up nudge",
    "thank-you": "Thank-you note",
    "update": "Update on their advice",
    "congrats": "Congratulations note",
    "article": "Something to share",
    "reconnect": "Hello again",
}


def _format(text: str) -> str:
    if not text:
        return "email"
    fmt = FORMAT_ALIASES.get(text.strip().lower())
    if fmt is None:
        raise not_a_choice(
            f"`{text[:30]}` isn't a draft format.",
            text,
            FORMAT_ALIASES,
            hint="Formats: " + ", ".join(FORMATS) + ".",
            example='outreach draft "Jane Doe" format:linkedin',
        )
    return fmt


def _ref(contact: Contact, *, role: bool = False) -> str:
    """How an action names the contact: its number once saved, else its name (and what
    the draft was told about them, so "Mark as sent" saves the role it was drafted with)."""
    if contact.number is not None:
        return f"#{contact.number}"
    company = f" company:{quote(contact.company)}" if contact.company else ""
    title = f" role:{quote(contact.role)}" if role and contact.role else ""
    return quote(contact.name) + company + title


def _fitting(*commands: str) -> str:
    """The first command that fits in a button (the last one, shortest, regardless)."""
    return next((c for c in commands if _fits(c)), commands[-1])


def _fits(command: str) -> bool:
    return len(command) <= ACTION_LIMIT


@dataclass(frozen=True, kw_only=True)
class DraftOutreach(Command):
    who: str | Mention
    reason: str = ""
    format: str = "email"
    variant: int | None = None
    company: str = ""
    role: str = ""
    found: str = ""
    news: str = ""
    link: str = ""


def build_draft(args: ParsedArgs, actor: Actor) -> DraftOutreach:
    reason = " ".join(args.option_text("reason", "why").split())
    if len(reason) > MAX_REASON_CHARS:
        raise UsageError(
            f"The reason is {len(reason)} characters; one or two sentences will do "
            f"(under {MAX_REASON_CHARS}).",
            example=DRAFT_EXAMPLE,
        )
    variant_text = args.option_text("variant")
    if variant_text and whole_number(variant_text, 1, 99) is None:
        raise UsageError("`variant:` is a number from 1 to 99.", example=DRAFT_EXAMPLE)
    return DraftOutreach(
        actor=actor,
        who=who_arg(args, DRAFT_EXAMPLE),
        reason=reason,
        format=_format(args.option_text("format")),
        variant=int(variant_text) if variant_text else None,
        company=args.option_text("company")[:200],
        role=args.option_text("role")[:200],
        found=" ".join(args.option_text("found").split())[:200],
        news=" ".join(args.option_text("news").split())[:MAX_REASON_CHARS],
        link=args.option_text("link").strip()[:500],
    )


async def _draft_contact(
    uow: UnitOfWork, cmd: DraftOutreach, *, now: datetime
) -> tuple[Contact, bool]:
    """The contact the draft is for; someone new (with `company:` or `role:` to go on)
    joins the contacts, so the next command that names them finds them."""
    try:
        return await find_contact(uow, cmd.actor, cmd.who, example=DRAFT_EXAMPLE), False
    except NotFoundError:
        if not (cmd.company or cmd.role) or isinstance(cmd.who, Mention):
            raise NotFoundError(
                f"I can't find {cmd.who} in your contacts.",
                hint="Add `company:` and `role:` to draft for someone new, "
                "or add them first with `contact add`.",
                example=f"outreach draft {quote(str(cmd.who))} company:Acme role:Designer",
            ) from None
    return await find_or_create_contact(
        uow, cmd.actor, cmd.who, company=cmd.company, role=cmd.role, now=now
    )


async def handle_draft(cmd: DraftOutreach, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        prefs = await uow.settings.get_or_default(cmd.actor)
        contact, created = await _draft_contact(uow, cmd, now=now)
        referrer = ""
        if contact.referred_by_id is not None:
            found = await uow.contacts.get(cmd.actor, contact.referred_by_id)
            referrer = found.name if found else ""
        days: int | None = None
        takeaway = next_step = ""
        thanked_id: int | None = None
        since: int | None = None
        if contact.id is not None and cmd.format in KEEP_FORMATS:
            held = await uow.interviews.list(cmd.actor, contact_ids=[contact.id])
            latest = next((i for i in held if i.held_at is not None), None)
            if latest is not None:
                takeaway, next_step = latest.takeaways, latest.action_items
            last = contact.last_interaction_at or (latest.held_at if latest else None)
            since = (now - last).days if last is not None else None
        elif contact.id is not None and cmd.format == "thank-you":
            held = await uow.interviews.list(cmd.actor, contact_ids=[contact.id])
            latest = next((i for i in held if i.held_at is not None), None)
            if latest is not None and latest.held_at is not None:
                takeaway, next_step = latest.takeaways, latest.action_items
                days = (now - latest.held_at).days
                thanked_id = latest.number if latest.status == InterviewStatus.HELD.value else None
        elif contact.id is not None:
            interviews = await uow.interviews.list(
                cmd.actor, status=InterviewStatus.REQUESTED.value, contact_ids=[contact.id]
            )
            asked = [i.requested_at for i in interviews if i.requested_at is not None]
            days = (now - max(asked)).days if asked else None
        if created:
            await uow.commit()
    seed = zlib.crc32(contact.name.lower().encode())
    variant = (cmd.variant - 1) if cmd.variant else seed % 3
    inputs = DraftInput(
        sender=prefs.display_name or cmd.actor.display_name or NAME_PLACEHOLDER,
        about=prefs.about_me,
        school=prefs.school,
        name=contact.name,
        role=cmd.role or contact.role,
        company=cmd.company or contact.company,
        industry=contact.industry,
        reason=cmd.reason,
        how_known=contact.how_known,
        referrer=referrer,
        days_since_request=days,
        takeaway=takeaway,
        next_step=next_step,
        variant=variant,
        standing=prefs.standing,
        year=prefs.class_year,
        goal=prefs.goal,
        found=cmd.found,
        news=cmd.news,
        link=cmd.link,
        days_since_contact=since,
    )
    draft = render(cmd.format, inputs)
    warnings = check(cmd.format, inputs, draft.text())
    fields: list[Field] = []
    if cmd.format == "linkedin":
        note = f"{len(draft.body)}/{LINKEDIN_LIMIT} characters"
        fields.append(Field("Length", note + (" (shortened to fit)" if draft.shortened else "")))
    review = (
        Section("Before you send", tuple(w.line() for w in warnings))
        if warnings
        else Section("Check", strengths(cmd.format, inputs))
    )
    return Reply(
        title=f"{TITLES[cmd.format]} for {contact.name}",
        text=draft.text(),
        fields=tuple(fields),
        sections=(review,),
        actions=_draft_actions(cmd, contact, variant, thanked_id),
        tone=Tone.WARNING if warnings else Tone.INFO,
        footer=(added_note(contact) + " " if created else "")
        + (
            "Copy it, make it yours, send it, then log it so I know you've been in touch."
            if cmd.format in KEEP_FORMATS
            else "Copy it, make it yours, send it, then mark the interview as thanked."
            if cmd.format == "thank-you"
            else "Copy it, make it yours, send it, then mark it as sent so I can remind you "
            "to follow up."
        ),
    )


def _draft_actions(
    cmd: DraftOutreach, contact: Contact, variant: int, thanked_id: int | None = None
) -> tuple[Action, ...]:
    """Mark it done, switch format, or reword. A thank-you is its own path: it marks the
    interview thanked, and requests never offer a thank-you before you have met."""
    ref = _ref(contact)
    full = _ref(contact, role=True)
    about = Target.of(TargetKind.CONTACT, contact.number)  # every button names this contact
    reason = f" reason:{quote(cmd.reason)}" if cmd.reason else ""
    reason += f" found:{quote(cmd.found)}" if cmd.found else ""
    if cmd.format in KEEP_FORMATS:
        log = Action("Log it", f"interview log {quote(contact.name)}", "primary", target=about)
        others = [
            Action(TITLES[f], f"outreach draft {ref} format:{f}", target=about)
            for f in KEEP_FORMATS
            if f != cmd.format
        ]
        reword = Action(
            "Another wording",
            f"outreach draft {ref} format:{cmd.format} variant:{variant + 2}",
            target=about,
        )
        return tuple(a for a in (log, *others, reword) if _fits(a.command))
    if cmd.format == "thank-you":
        wanted = (
            [
                Action(
                    "Mark thanked",
                    f"interview thanked {thanked_id}",
                    "primary",
                    target=Target.of(TargetKind.INTERVIEW, thanked_id),
                )
            ]
            if (thanked_id is not None)
            else []
        )
        again = f"outreach draft {ref} format:thank-you variant:{variant + 2}"
        wanted.append(Action("Another wording", again, target=about))
        return tuple(a for a in wanted if _fits(a.command))
    sent = _fitting(f"outreach sent {full}", f"outreach sent {ref}")
    wanted = [Action("Mark as sent", sent, "primary", target=about)]
    for fmt in FORMATS:
        if fmt not in (cmd.format, "thank-you", *KEEP_FORMATS):
            base = _fitting(
                f"outreach draft {full} format:{fmt}", f"outreach draft {ref} format:{fmt}"
            )
            command = _fitting(base + reason, base)
            wanted.append(Action(TITLES[fmt], command, target=about))
    tail = f"format:{cmd.format} variant:{variant + 2}"
    again = _fitting(f"outreach draft {full} {tail}", f"outreach draft {ref} {tail}")
    again = _fitting(again + reason, again)
    wanted.append(Action("Another wording", again, target=about))
    return tuple(a for a in wanted if _fits(a.command))


_TO = REQUIRED_CONTACT.but(aliases=("for", "to"))

SPECS = (
    CommandSpec(
        path=("outreach", "draft"),
        summary="Draft a personal request for a short conversation (email, LinkedIn, ...).",
        example=DRAFT_EXAMPLE,
        build=build_draft,
        handle=handle_draft,
        fields=(
            _TO,
            OUTREACH_FORMAT,
            text("reason", "Why you chose them, specifically", aliases=("why",)),
            text("found", "How you found them, e.g. the alumni directory"),
            text("news", "For keep-in-touch notes: your news, or theirs to congratulate"),
            text("link", "For format:article, the link to share"),
            COMPANY,
            ROLE,
        ),
        options=("variant",),
    ),
    CommandSpec(
        path=("outreach", "sent"),
        summary="Mark your request as sent; I'll remind you to follow up in a week.",
        example=SENT_EXAMPLE,
        build=build_sent,
        handle=handle_sent,
        fields=(_TO, COMPANY, ROLE),
    ),
    CommandSpec(
        path=("outreach", "profile"),
        summary="Set how drafts introduce you: about line, school, name.",
        example=PROFILE_EXAMPLE,
        build=build_profile,
        handle=handle_profile,
        fields=(
            text("about", "Who you are, e.g. a final-year economics student"),
            text("school", "Your school, for alumni drafts"),
            text("name", "Your name as it should appear"),
            STANDING.but(aliases=("standing",)),
            text("year", "The year you graduated, or will"),
        ),
    ),
)
