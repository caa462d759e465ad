"""`actions`, `actions add|done|undo|remove`: one to-do list across every conversation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.commands import Command, CommandSpec
from bot.domain import ActionItem, Actor, Contact
from bot.errors import NotFoundError, UsageError
from bot.fields import ACTION_NUMBER
from bot.grammar import Mention, ParsedArgs, quote
from bot.ids import record_id
from bot.journal.action_items import (
    MAX_ITEM_CHARS,
    cancel_checkin,
    item_line,
    new_item,
    schedule_checkin,
)
from bot.journal.contacts_lookup import find_contact
from bot.ports import UnitOfWork
from bot.reply import Action, Reply, Tone
from bot.schema import Form, text
from bot.services import Services
from bot.timeparse import format_local, parse_future

ADD_EXAMPLE = 'actions add "Send Jane my CV" for:"Jane Doe" due:"next Friday"'
LIST_LIMIT = 40


@dataclass(frozen=True, kw_only=True)
class ListItems(Command):
    pass


async def handle_list(cmd: ListItems, svc: Services) -> Reply:
    async with svc.uow() as uow:
        prefs = await uow.settings.get_or_default(cmd.actor)
        items = await uow.action_items.list(cmd.actor)
        names = {c.id: c for c in await uow.contacts.list(cmd.actor)}
        numbers = {i.id: i.number for i in await uow.interviews.list(cmd.actor)}
    if not items:
        return Reply(
            text="Nothing on your list yet. Things you promise in a conversation "
            '(`interview done 3 actions:"Send CV; Read their blog"`) land here, or add one:',
            footer=ADD_EXAMPLE,
        )
    open_count = sum(1 for i in items if i.is_open)
    lines = [
        item_line(
            i,
            names.get(i.contact_id) if i.contact_id is not None else None,
            due=format_local(i.due_at, prefs.timezone) if i.due_at else "",
            interview=numbers.get(i.interview_id) if i.interview_id is not None else None,
        )
        for i in items[:LIST_LIMIT]
    ]
    more = f"Showing {LIST_LIMIT} of {len(items)}. " if len(items) > LIST_LIMIT else ""
    return Reply(
        title=f"Your action items ({open_count} open)",
        items=tuple(lines),
        footer=more + "`actions done <number>` ticks one off; `actions undo <number>` reopens it.",
    )


@dataclass(frozen=True, kw_only=True)
class AddItem(Command):
    text: str
    link: str | Mention = ""
    due: str = ""


def build_add(args: ParsedArgs, actor: Actor) -> AddItem:
    text = args.option_text("text") or args.text()
    text = " ".join(text.split())
    if not text:
        raise UsageError("What's the action item?", example=ADD_EXAMPLE)
    if len(text) > MAX_ITEM_CHARS:
        raise UsageError(f"Keep it under {MAX_ITEM_CHARS} characters.", example=ADD_EXAMPLE)
    link = args.option("for", "contact")
    return AddItem(
        actor=actor,
        text=text,
        link=link if isinstance(link, Mention) else str(link or "").strip(),
        due=args.option_text("due", "by"),
    )


async def _link(uow: UnitOfWork, cmd: AddItem) -> tuple[Contact | None, int | None]:
    """`for:#12` is interview 12 (and its contact); anything else names a contact."""
    if not cmd.link:
        return None, None
    if isinstance(cmd.link, str) and cmd.link.startswith("#"):
        number = record_id(cmd.link[1:])
        interview = await uow.interviews.by_number(cmd.actor, number) if number else None
        if interview is None:
            raise NotFoundError(
                f"I can't find interview {cmd.link} among yours.",
                hint="`interview list` shows the numbers; or name the contact instead.",
                example=ADD_EXAMPLE,
            )
        return await uow.contacts.get(cmd.actor, interview.contact_id), interview.id
    return await find_contact(uow, cmd.actor, cmd.link, example=ADD_EXAMPLE), None


async def handle_add(cmd: AddItem, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        prefs = await uow.settings.get_or_default(cmd.actor)
        due = None
        if cmd.due:
            due = parse_future(
                cmd.due,
                timezone=prefs.timezone,
                now=now,
                field_name="due",
                date_order=prefs.date_order,
                example=ADD_EXAMPLE,
            )
        contact, interview_id = await _link(uow, cmd)
        item = new_item(
            cmd.actor,
            cmd.text,
            now=now,
            contact_id=contact.id if contact else None,
            interview_id=interview_id,
            due_at=due,
        )
        await uow.action_items.add(item)
        reminder = await schedule_checkin(uow, item, now=now)
        await uow.commit()
    text = f"Added #{item.number}: {item.text}"
    if contact is not None:
        text += f" (for {contact.name})"
    if reminder is not None and due is not None:
        text += f". I'll nudge you on {format_local(due, prefs.timezone)}"
    return Reply(text=text + ".", tone=Tone.SUCCESS)


@dataclass(frozen=True, kw_only=True)
class ActOnItem(Command):
    item_id: int
    verb: str


def _builder(verb: str) -> Callable[[ParsedArgs, Actor], ActOnItem]:
    def build(args: ParsedArgs, actor: Actor) -> ActOnItem:
        words = args.words()
        raw = (args.option_text("id") or (words[0] if words else "")).lstrip("#")
        number = record_id(raw)
        if number is None:
            raise UsageError(
                f"`actions {verb}` needs the item's number.",
                hint="`actions` lists them with their numbers.",
                example=f"actions {verb} 4",
            )
        return ActOnItem(actor=actor, item_id=number, verb=verb)

    return build


async def _own(uow: UnitOfWork, actor: Actor, item_id: int, verb: str) -> ActionItem:
    item = await uow.action_items.by_number(actor, item_id)
    if item is None:
        raise NotFoundError(
            f"I can't find action item #{item_id} among yours.",
            hint="`actions` lists your items with their numbers.",
            example=f"actions {verb} 4",
        )
    return item


async def handle_act(cmd: ActOnItem, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        item = await _own(uow, cmd.actor, cmd.item_id, cmd.verb)
        label = f"#{item.number} ({item.text[:80]})"
        if cmd.verb == "done":
            if item.done_at is not None:
                return Reply(text=f"{label} is already ticked off.")
            item.done_at = now
            cancelled = await cancel_checkin(uow, cmd.actor, item)
            text = f"Ticked off {label}. Well done."
            if cancelled:
                text += " Its reminder is cancelled."
        elif cmd.verb == "undo":
            if item.done_at is None:
                return Reply(text=f"{label} is still open; nothing to undo.")
            item.done_at = None
            text = f"Reopened {label}."
            prefs = await uow.settings.get_or_default(cmd.actor)
            if item.due_at is not None and item.due_at > now:
                await schedule_checkin(uow, item, now=now)
                text += f" I'll nudge you again on {format_local(item.due_at, prefs.timezone)}."
        else:
            await cancel_checkin(uow, cmd.actor, item)
            await uow.action_items.delete(item)
            text = f"Removed {label}."
        await uow.commit()
    return Reply(
        text=text,
        tone=Tone.SUCCESS,
        actions=(Action("Undo", f"actions undo {item.number}"),) if cmd.verb == "done" else (),
    )


_SUMMARIES = {
    "done": "Tick an action item off (its reminder is cancelled).",
    "undo": "Reopen an action item you ticked off.",
    "remove": "Delete an action item for good.",
}


def build_list(args: ParsedArgs, actor: Actor) -> ListItems:
    """The list takes nothing: stray words are most likely an item to add or a verb
    mistyped, so say which line would work rather than list and ignore them."""
    if args.positionals or args.options:
        typed = args.text() or "Send Jane my CV"
        raise UsageError(
            f"`actions` on its own lists your items; I don't know `actions {typed}`.",
            hint="To add an item, use `actions add`; to tick one off, `actions done <number>`.",
            example=f"actions add {quote(typed)}",
        )
    return ListItems(actor=actor)


SPECS = (
    CommandSpec(
        path=("actions",),
        summary="Every action item from your conversations, open ones first.",
        example="actions",
        build=build_list,
        handle=handle_list,
        bare_name="list",
    ),
    CommandSpec(
        path=("actions", "add"),
        summary="Add an action item, for a contact or an interview, with a due date if any.",
        example=ADD_EXAMPLE,
        build=build_add,
        handle=handle_add,
        fields=(
            text("text", "What to do", required=True, positional=True, label="What will you do?"),
            text(
                "for",
                "A contact's name, or #12 for interview 12",
                aliases=("contact",),
                label="For whom",
                placeholder="Jane Doe, or #12",
            ),
            text(
                "due",
                "When it is due, e.g. next Friday",
                aliases=("by",),
                label="By when",
                placeholder="next Friday",
            ),
        ),
        form=Form("Add an action item", "Add it"),
    ),
    *(
        CommandSpec(
            path=("actions", verb),
            summary=_SUMMARIES[verb],
            example=f"actions {verb} 4",
            build=_builder(verb),
            handle=handle_act,
            fields=(ACTION_NUMBER,),
        )
        for verb in ("done", "undo", "remove")
    ),
)
