"""`people requests` (mine, both ways), `people block` and `people unblock`.

The list shows each side only what is theirs to see: a seeker sees the status of what
they sent (and times offered to them), a helper sees who asked and their own private
note, never the other way round. Blocking is silent: the blocked member simply stops
seeing the blocker in searches and can't ask them; nothing tells them why.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.commands import Command
from bot.directory.request_model import (
    ACCEPTED,
    CANCELLED,
    DRAFT,
    TIMES,
    ConversationRequest,
    MemberBlock,
)
from bot.directory.requests_room import month_start
from bot.directory.requests_view import who
from bot.domain import Actor
from bot.errors import UsageError
from bot.grammar import Mention, ParsedArgs, member_argument
from bot.mentions import scrub
from bot.ports.intros import IntroStatus
from bot.reply import Action, Reply, Section, Tone
from bot.services import Services
from bot.timeparse import format_local

SHOWN = 15
SAID = {
    DRAFT: "draft, not sent",
    "open": "waiting for an answer",
    TIMES: "times offered",
    ACCEPTED: "accepted",
    "not-now": "not this month",
    "declined": "didn't work out",
    "expired": "expired unanswered",
    CANCELLED: "withdrawn",
}


@dataclass(frozen=True, kw_only=True)
class ListRequests(Command):
    pass


def build_list(args: ParsedArgs, actor: Actor) -> ListRequests:
    return ListRequests(actor=actor)


def _when(moment: datetime | None, tz: str) -> str:
    return format_local(moment, tz) if moment else ""


def _sent_line(r: ConversationRequest, tz: str) -> str:
    line = f"#{r.id} to {who(r.helper_id)}: {SAID.get(r.status, r.status)}"
    if r.sent_at:
        line += f" (sent {_when(r.sent_at, tz)})"
    if r.status == TIMES and r.times:
        line += f". Their times: {scrub(r.times)}"
    if r.status == ACCEPTED and r.agreed_at:
        line += f", for {_when(r.agreed_at, tz)}"
    return line


def _received_line(r: ConversationRequest, tz: str) -> str:
    status = "you helped" if r.status == ACCEPTED else SAID.get(r.status, r.status)
    line = f"#{r.id} from {who(r.seeker_id)}: {status}"
    if r.sent_at:
        line += f" (asked {_when(r.sent_at, tz)})"
    if r.decline_note:
        line += f". Your private note: {scrub(r.decline_note)}"
    return line


async def handle_list(cmd: ListRequests, svc: Services) -> Reply:
    now, me = svc.clock.now(), cmd.actor.user_id
    async with svc.uow() as uow:
        rows = list(await uow.requests.list_for(cmd.actor, limit=200))
        tz = (await uow.settings.get_or_default(cmd.actor)).timezone
        # Introductions are asked and answered elsewhere (`people intros list`); someone
        # who asked for one looks here first, so say where they are.
        intros = len(await uow.intros.requests_by(cmd.actor)) + len(
            await uow.intros.requests_to(cmd.actor, status=IntroStatus.OPEN.value)
        )
    elsewhere = (
        f"Your introduction request{'s are' if intros != 1 else ' is'} in `people intros list`."
        if intros
        else ""
    )
    sent = [r for r in rows if r.seeker_id == me and r.status != CANCELLED]
    received = [r for r in rows if r.helper_id == me and r.status not in (DRAFT, CANCELLED)]
    helped = [r for r in received if r.status == ACCEPTED]
    this_month = [r for r in helped if r.answered_at and r.answered_at >= month_start(now)]
    sections = []
    if sent:
        sections.append(Section("You asked", tuple(_sent_line(r, tz) for r in sent[:SHOWN])))
    if received:
        sections.append(
            Section("You were asked", tuple(_received_line(r, tz) for r in received[:SHOWN]))
        )
    if not sections:
        return Reply(
            text="No conversation requests yet, either way. `people find` shows who is open "
            "to a conversation; `people ask @name` drafts a request you can check before "
            "sending." + (f"\n{elsewhere}" if elsewhere else ""),
            actions=(Action("My introductions", "people intros list"),) if intros else (),
        )
    actions = [
        Action(f"Send #{r.id}", f"people send {r.id}", "primary") for r in sent if r.status == DRAFT
    ][:3]
    return Reply(
        title="Your conversation requests",
        text=(
            f"You've helped {len(helped)} member{'s' if len(helped) != 1 else ''} "
            f"({len(this_month)} this month); only you see this."
            if received
            else ""
        ),
        sections=tuple(sections),
        actions=tuple(actions),
        footer="Requests wait five days for an answer; “not this month” and expiry never "
        "count against anyone." + (f" {elsewhere}" if elsewhere else ""),
    )


@dataclass(frozen=True, kw_only=True)
class BlockMember(Command):
    member: str


def build_block(args: ParsedArgs, actor: Actor) -> BlockMember:
    who_arg = args.option("member") or (args.positionals[0] if args.positionals else None)
    if not isinstance(who_arg, Mention):
        raise UsageError(
            "Mention the member, e.g. `people block @name`.",
            example="people block @name",
            field="member",
        )
    if who_arg.user_id == actor.user_id:
        raise UsageError("That's you; there's nobody to block.", field="member")
    return BlockMember(actor=actor, member=who_arg.user_id)


async def handle_block(cmd: BlockMember, svc: Services) -> Reply:
    a = cmd.actor
    async with svc.uow() as uow:
        added = await uow.requests.block(
            MemberBlock(a.platform, a.workspace_id, a.user_id, cmd.member, svc.clock.now())
        )
        await uow.commit()
    return Reply(
        text="Done: they won't see you in the directory and can't send you requests. "
        "They aren't told; to them you simply aren't listed."
        if added
        else "They were already blocked.",
        tone=Tone.SUCCESS,
        actions=(Action("Undo", f"people unblock {member_argument(cmd.member)}"),),
    )


async def handle_unblock(cmd: BlockMember, svc: Services) -> Reply:
    async with svc.uow() as uow:
        removed = await uow.requests.unblock(cmd.actor, cmd.member)
        await uow.commit()
    return Reply(
        text="Unblocked: they can find and ask you again." if removed else "They weren't blocked.",
        tone=Tone.SUCCESS if removed else Tone.INFO,
    )
