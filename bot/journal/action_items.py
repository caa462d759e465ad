"""Action items as records: split from what a conversation's `actions:` said, or added by
hand, each with an optional due date that becomes a check-in.

The interview keeps the words the person wrote (`interview show` quotes them as written);
the items are what can be ticked off. Item numbers are scoped by owner like every other
id, so a number that is someone else's answers "not found".
"""

from __future__ import annotations

import re
from datetime import datetime

from bot.domain import ActionItem, Actor, Contact, Interview, Reminder, ReminderKind
from bot.domain import ReminderStatus as S
from bot.errors import UsageError
from bot.journal.render import shorten
from bot.ports import UnitOfWork
from bot.timeparse import parse_when

MAX_ITEM_CHARS = 300
#: "Learn SQL by March": the words after the last " by " may be a due date.
_BY = re.compile(r"^(?P<what>.+?)\s+by\s+(?P<when>[^;]+)$", re.IGNORECASE)


def split_items(text: str) -> list[str]:
    """One item per ";" or line; empty pieces and bullets dropped, duplicates once."""
    seen: set[str] = set()
    items = []
    for piece in re.split(r"[;\n]", text):
        piece = piece.strip().lstrip("-•*").strip()
        if piece and piece.lower() not in seen:
            seen.add(piece.lower())
            items.append(piece[:MAX_ITEM_CHARS])
    return items


def due_in(text: str, *, timezone: str, now: datetime, date_order: str) -> datetime | None:
    """The due date a piece ends with ("… by March"), if those words read as a future
    moment; otherwise None and the whole piece is the item (no guessing aloud)."""
    found = _BY.match(text)
    if found is None:
        return None
    # "by March" names a month: read it as its first day (a date the reader accepts).
    for when in (found["when"], f"1 {found['when']}"):
        try:
            due = parse_when(
                when, timezone=timezone, now=now, prefer="future", date_order=date_order
            )
        except UsageError:
            continue
        return due if due > now else None
    return None


def new_item(actor: Actor, text: str, *, now: datetime, **links: object) -> ActionItem:
    item = ActionItem(
        platform=actor.platform,
        workspace_id=actor.workspace_id,
        user_id=actor.user_id,
        text=text,
        created_at=now,
    )
    for name, value in links.items():
        setattr(item, name, value)
    return item


async def schedule_checkin(uow: UnitOfWork, item: ActionItem, *, now: datetime) -> Reminder | None:
    """A due item gets a custom check-in on its day (tied to the contact when it has
    one), so it comes back as a nudge like any other promise to someone."""
    if item.due_at is None:
        return None
    reminder = Reminder(
        platform=item.platform,
        workspace_id=item.workspace_id,
        user_id=item.user_id,
        kind=ReminderKind.CUSTOM.value,
        due_at=item.due_at,
        text=f"Action item #{item.number}: {shorten(item.text, 200)}",
        contact_id=item.contact_id,
        interview_id=item.interview_id,
        created_at=now,
    )
    await uow.reminders.add(reminder)
    item.reminder_id = reminder.id
    return reminder


async def cancel_checkin(uow: UnitOfWork, owner: Actor, item: ActionItem) -> bool:
    """Finishing an item makes its nudge pointless: cancel it if it has not gone out."""
    if item.reminder_id is None:
        return False
    reminder = await uow.reminders.get(owner, item.reminder_id)
    if reminder is None or reminder.status not in (S.PENDING.value, S.CLAIMED.value):
        return False
    reminder.cancel()
    return True


async def record_items(
    uow: UnitOfWork,
    actor: Actor,
    interview: Interview,
    text: str,
    *,
    now: datetime,
    timezone: str,
    date_order: str = "",
) -> list[ActionItem]:
    """Turn an interview's `actions:` text into items; a piece already recorded for this
    interview (same words, any case) is not added twice, so editing the text again only
    adds what is new. Items are never removed here: ticking or removing is explicit."""
    assert interview.id is not None
    known = {i.text.lower() for i in await uow.action_items.list(actor, interview_id=interview.id)}
    added = []
    for piece in split_items(text):
        if piece.lower() in known:
            continue
        item = new_item(
            actor,
            piece,
            now=now,
            interview_id=interview.id,
            contact_id=interview.contact_id,
            due_at=due_in(piece, timezone=timezone, now=now, date_order=date_order),
        )
        await uow.action_items.add(item)
        await schedule_checkin(uow, item, now=now)
        added.append(item)
    return added


def item_line(
    item: ActionItem, contact: Contact | None, *, due: str = "", interview: int | None = None
) -> str:
    """`#4 ☐ Send CV · Jane Doe · interview #2 · due Mon 3 Mar` (ticked items say so);
    `interview` is the number of the conversation it came from, when it should show."""
    box = "☑" if item.done_at else "☐"
    parts = [f"#{item.number} {box} {shorten(item.text, 120)}"]
    if contact is not None:
        parts.append(contact.name)
    if interview is not None:
        parts.append(f"interview #{interview}")
    if due and not item.done_at:
        parts.append(f"due {due}")
    return " · ".join(parts)
