"""`checkin list`: the person's check-ins, waiting and recently sent, one line each."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from bot.commands import Command
from bot.domain import Actor, Reminder, ReminderKind
from bot.domain import ReminderStatus as S
from bot.grammar import ParsedArgs
from bot.journal.render import shorten
from bot.ports import UnitOfWork
from bot.reply import Reply
from bot.services import Services
from bot.states import ROUND_MESSAGE_KINDS
from bot.timeparse import format_local

ADD_EXAMPLE = 'checkin add "Jane Doe" "next Friday 9am" "Send her the article on data teams"'
LIST_LIMIT = 40
OPEN = (S.PENDING.value, S.CLAIMED.value)
#: Sent (or undelivered) check-ins stay on the list this long.
RECENT = timedelta(days=14)


@dataclass(frozen=True, kw_only=True)
class ListCheckins(Command):
    pass


def build_list(args: ParsedArgs, actor: Actor) -> ListCheckins:
    return ListCheckins(actor=actor)


async def handle_list(cmd: ListCheckins, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        prefs = await uow.settings.get_or_default(cmd.actor)
        rows = [
            r
            for r in await uow.reminders.list(cmd.actor)
            if r.kind not in ROUND_MESSAGE_KINDS
            and (
                r.status in OPEN
                or (
                    r.status in (S.SENT.value, S.FAILED.value)
                    and (r.sent_at or r.due_at) > now - RECENT
                )
            )
        ]
        names = {c.id: c.name for c in await uow.contacts.list(cmd.actor)}
        talks = await _talks_to_tell_apart(uow, cmd.actor, rows[:LIST_LIMIT])
    if not rows:
        return Reply(text="No check-ins waiting. Add one:", footer=ADD_EXAMPLE)
    lines = [
        _line(r, names.get(r.contact_id), prefs.timezone, talks.get(r.id))
        for r in rows[:LIST_LIMIT]
    ]
    more = f"Showing {LIST_LIMIT} of {len(rows)}." if len(rows) > LIST_LIMIT else ""
    paused = (
        "Check-ins are paused (`checkin settings pause:off` resumes them). " if prefs.paused else ""
    )
    return Reply(
        title=f"Your check-ins ({len(rows)})",
        items=tuple(lines),
        footer=(
            paused + more + " `checkin done|snooze|skip|cancel <number>` to act on one."
        ).strip(),
    )


async def _talks_to_tell_apart(
    uow: UnitOfWork, owner: Actor, rows: Sequence[Reminder]
) -> dict[int | None, int]:
    """The interview number of each check-in that would otherwise read like one for
    another talk (two reflections on two talks with Dana, due the same morning). Two
    prep nudges for one planned talk need no number: they are plainly the same talk's."""
    talks_of: dict[tuple[str, int | None], set[int]] = {}
    for row in rows:
        if row.interview_id is not None:
            talks_of.setdefault((row.kind, row.contact_id), set()).add(row.interview_id)
    talks: dict[int | None, int] = {}
    for row in rows:
        if row.interview_id is not None and len(talks_of[(row.kind, row.contact_id)]) > 1:
            interview = await uow.interviews.get(owner, row.interview_id)
            if interview is not None and interview.number is not None:
                talks[row.id] = interview.number
    return talks


def _line(row: Reminder, name: str | None, timezone: str, talk: int | None = None) -> str:
    who = f" · {name}" if name else ""
    if talk is not None:
        who += f" (interview #{talk})"
    when = format_local(row.due_at, timezone)
    state = {
        S.PENDING.value: "due",
        S.CLAIMED.value: "sending",
        S.SENT.value: "sent",
        S.FAILED.value: "not delivered",
    }.get(row.status, row.status)
    extra = f" ({shorten(row.last_error, 80)})" if row.status == S.FAILED.value else ""
    custom = row.kind == ReminderKind.CUSTOM.value and row.text
    text = f" — {shorten(row.text, 80)}" if custom else ""
    return f"#{row.number} {row.kind}{who} · {state} {when}{extra}{text}"
