"""`people ask|edit|send|cancel`: the seeker's side of a conversation request.

`people ask` only drafts: the outreach writer (bot.outreach.templates) writes who you
are, why them (your reason, else their listed work), about the minutes they prefer and
thanks either way, from your outreach profile and their *public* listing fields. A
reason that asks for a job or sells is held back by the writer (a bracket stands in its
place), and `send` refuses any draft still holding a bracket, so nothing half-written or
job-asking ever reaches a member. Nothing leaves until Send; then the request goes to
the member through the outbox, rendered from the row when it is delivered.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from bot.asks import job_ask, sales_pitch
from bot.commands import Command
from bot.directory.request_model import DRAFT, ConversationRequest, outbox_row
from bot.directory.requests_rules import askable, check_seeker, draft_to
from bot.domain import Actor, Profile, ReminderKind, UserSettings
from bot.errors import NotFoundError, UsageError
from bot.grammar import Mention, ParsedArgs
from bot.ids import record_id
from bot.outreach.quality import Warning, check
from bot.outreach.templates import (
    ABOUT_PLACEHOLDER,
    HELD_BACK_REASON,
    NAME_PLACEHOLDER,
    SCHOOL_PLACEHOLDER,
    DraftInput,
    render,
)
from bot.ports import UnitOfWork
from bot.reply import Action, Reply, Section, Tone
from bot.services import Services

ASK_EXAMPLE = 'people ask @jane reason:"how you moved from teaching into UX research"'
MAX_REASON_CHARS = 500
MAX_MESSAGE_CHARS = 2000
FOUND = "our community's open-to-chat directory"
#: Why a job or sales ask never goes out through a conversation request.
AGREED = (
    "Members agree to a conversation to share what they know; a request that asks for a "
    "job or sells is one they never agreed to."
)
PLACEHOLDERS = (NAME_PLACEHOLDER, ABOUT_PLACEHOLDER, SCHOOL_PLACEHOLDER, HELD_BACK_REASON)


@dataclass(frozen=True, kw_only=True)
class AskMember(Command):
    member: str
    reason: str = ""
    again: int | None = None


def _reason(args: ParsedArgs) -> str:
    reason = " ".join(args.option_text("reason", "why").split())
    if len(reason) > MAX_REASON_CHARS:
        raise UsageError(
            f"The reason is {len(reason)} characters; a sentence or two will do "
            f"(under {MAX_REASON_CHARS}).",
            example=ASK_EXAMPLE,
            field="reason",
        )
    return reason


def build_ask(args: ParsedArgs, actor: Actor) -> AskMember:
    who = args.option("member") or (args.positionals[0] if args.positionals else None)
    if not isinstance(who, Mention):
        raise UsageError(
            "Say who to ask by mentioning them (from `people find`, or @name).",
            example=ASK_EXAMPLE,
            field="member",
        )
    again = args.option_text("again")
    return AskMember(
        actor=actor,
        member=who.user_id,
        reason=_reason(args),
        again=record_id(again) if again else None,
    )


def write_request(
    prefs: UserSettings, seeker: Actor, helper: Profile, reason: str
) -> tuple[str, list[Warning]]:
    """The request text and what to fix before sending (the outreach writer's checks)."""
    shared_school = bool(
        helper.school and prefs.school and helper.school.lower() == prefs.school.lower()
    )
    fmt = "alumni" if shared_school else "email"
    inputs = DraftInput(
        sender=prefs.display_name or seeker.display_name or NAME_PLACEHOLDER,
        about=prefs.about_me,
        school=prefs.school,
        name="there",
        role=helper.roles[0] if helper.roles else "",
        company=helper.company,
        industry=helper.industries[0] if helper.industries else "",
        reason=reason,
        minutes=helper.chat_minutes or 20,
        variant=zlib.crc32(helper.user_id.encode()) % 3,
        standing=prefs.standing,
        year=prefs.class_year,
        goal=prefs.goal,
        found=FOUND,
    )
    draft = render(fmt, inputs)
    return draft.body, check(fmt, inputs, draft.text())


def draft_reply(request: ConversationRequest, warnings: list[Warning] | None = None) -> Reply:
    rid = request.id
    holes = [p for p in PLACEHOLDERS if p in request.message]
    notes: list[str] = [w.line() for w in warnings or []]
    if holes and not notes:
        notes.append("Fill in every [bracket] before sending: `people edit` replaces the text.")
    return Reply(
        title=f"Your request #{rid}, ready to check",
        text=request.message,
        sections=(
            Section("Before you send", tuple(notes))
            if notes
            else Section(
                "Check",
                (
                    "It says who you are, why them, and asks for a short conversation.",
                    "Make it yours: one line only you could write goes a long way.",
                ),
            ),
        ),
        actions=(
            Action("Send", f"people send {rid}", "primary"),
            Action("Edit", f"people edit {rid}"),
            Action("Cancel", f"people cancel {rid}", "danger"),
        ),
        tone=Tone.WARNING if notes else Tone.INFO,
        footer="Nothing is sent until you press Send. They'll see your message, your public "
        "directory fields (if you're listed) and nothing else.",
    )


async def handle_ask(cmd: AskMember, svc: Services) -> Reply:
    now, actor = svc.clock.now(), cmd.actor
    async with svc.uow() as uow:
        reason = cmd.reason
        if cmd.again is not None and not reason:
            earlier = await _own(uow, actor, cmd.again)
            reason = earlier.reason
        helper = await askable(uow, actor, cmd.member, now)
        await check_seeker(uow, actor, cmd.member)
        prefs = await uow.settings.get_or_default(actor)
        text, warnings = write_request(prefs, actor, helper, reason)
        request = await draft_to(uow, actor, cmd.member)
        if request is None:
            request = ConversationRequest(
                platform=actor.platform,
                workspace_id=actor.workspace_id,
                seeker_id=actor.user_id,
                helper_id=cmd.member,
                created_at=now,
            )
        request.reason, request.message = reason, text
        await uow.requests.add(request)
        await uow.commit()
    return draft_reply(request, warnings)


async def _own(uow: UnitOfWork, actor: Actor, request_id: int) -> ConversationRequest:
    """The seeker's own request; someone else's (or none) reads as not found."""
    found = await uow.requests.get(actor.platform, actor.workspace_id, request_id)
    if found is None or found.seeker_id != actor.user_id:
        raise NotFoundError(f"You have no request #{request_id}.", example="people requests")
    return found


@dataclass(frozen=True, kw_only=True)
class RequestStep(Command):
    request_id: int
    message: str = ""


def build_step(args: ParsedArgs, actor: Actor) -> RequestStep:
    words = args.words()
    request_id = record_id(words[0]) if words else None
    if request_id is None:
        raise UsageError(
            "Give the request's number (from `people requests`).",
            example="people send 3",
            field="request",
        )
    message = args.option_text("message", "text").strip()
    if len(message) > MAX_MESSAGE_CHARS:
        raise UsageError(
            f"That message is {len(message)} characters; keep it under "
            f"{MAX_MESSAGE_CHARS}: a short request gets more yeses.",
            example=f'people edit {request_id} message:"…"',
            field="message",
        )
    return RequestStep(actor=actor, request_id=request_id, message=message)


async def edit_form(cmd: RequestStep, svc: Services) -> dict[str, str]:
    """The edit form's starting text: the seeker's own draft as it stands. Someone else's
    request reads as not found, a sent one as not editable; no form opens for either."""
    async with svc.uow() as uow:
        request = await _own(uow, cmd.actor, cmd.request_id)
    request.must_be(DRAFT, "edited")
    return {"message": request.message}


async def handle_edit(cmd: RequestStep, svc: Services) -> Reply:
    async with svc.uow() as uow:
        request = await _own(uow, cmd.actor, cmd.request_id)
        if not cmd.message:
            request.must_be(DRAFT, "edited")
            return Reply(
                title=f"Editing request #{request.id}",
                text=request.message,
                footer="Here it is as it stands. To change it, send the whole new text in "
                f'one go: `people edit {request.id} message:"…"` (copy it, change what you '
                "like). Nothing is sent until you press Send.",
            )
        request.edit(cmd.message)
        await uow.commit()
    return draft_reply(request)


async def handle_send(cmd: RequestStep, svc: Services) -> Reply:
    now, actor = svc.clock.now(), cmd.actor
    async with svc.uow() as uow:
        request = await _own(uow, actor, cmd.request_id)
        if request.status == DRAFT:
            holes = [p for p in PLACEHOLDERS if p in request.message]
            asks = job_ask(request.message, by_writer=False) or sales_pitch(
                request.message, by_writer=False
            )
            if holes or asks:
                if holes:
                    # A held-back reason was a job or sales ask: say why it can't go.
                    problem = f"The draft still holds “{holes[0]}”" + (
                        f". {AGREED}"
                        if holes[0] == HELD_BACK_REASON
                        else ": fill it in so they know who's asking and why."
                    )
                else:
                    problem = f"The message asks for something they didn't offer (“{asks}”). "
                    problem += AGREED
                about_you = any(p in (NAME_PLACEHOLDER, ABOUT_PLACEHOLDER) for p in holes)
                raise UsageError(
                    problem,
                    hint="Set your name and a line about you with `outreach profile`, then "
                    "ask again."
                    if about_you
                    else "Ask again with a reason about what you'd like to learn from them, "
                    "or replace the whole text with `people edit`.",
                    example=f'people edit {request.id} message:"…"',
                )
            await askable(uow, actor, request.helper_id, now)
            await check_seeker(uow, actor, request.helper_id)
        request.send(now)
        await uow.reminders.add_all(
            [outbox_row(request, ReminderKind.REQUEST_ASK, request.helper_id, now)]
        )
        await uow.commit()
    return Reply(
        title=f"Request #{request.id} is on its way",
        text="They get it as a direct message, with a choice to accept, suggest times, say "
        "“not this month” or decline. They have five days; you'll hear either way, "
        "and a no is never held against anyone.",
        tone=Tone.SUCCESS,
        actions=(
            Action("My requests", "people requests"),
            Action("Withdraw", f"people cancel {request.id}", "danger"),
        ),
    )


async def handle_cancel(cmd: RequestStep, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        request = await _own(uow, cmd.actor, cmd.request_id)
        was_draft = request.status == DRAFT
        request.cancel(now)
        await uow.commit()
    return Reply(
        text="Draft discarded; nothing was sent."
        if was_draft
        else f"Request #{request.id} withdrawn. If it hasn't reached them yet it never "
        "will; if it has, its buttons now say it was withdrawn.",
        tone=Tone.SUCCESS,
    )
