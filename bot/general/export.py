"""`inroads export` and `inroads forget-me`: your data out, and your data gone.

Export gives every row Inroads holds about the person, in JSON (one file, nested by
table) and CSV (a zip with one file per table, headers even when empty, so a
spreadsheet opens them the same way every time). Forget-me asks first, then erases every
row the person owns through :meth:`UnitOfWork.forget_user`, reminders included.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from bot.commands import Command, CommandSpec
from bot.directory.requests_answer import close_for_leaver
from bot.directory.requests_export import EXPORT_COLUMNS, export_rows
from bot.domain import (
    ActionItem,
    Actor,
    Contact,
    CustomQuestion,
    Interview,
    Outcome,
    Profile,
    Reminder,
    UserSettings,
)
from bot.errors import UsageError
from bot.fields import CONFIRM
from bot.grammar import ParsedArgs
from bot.ports import UnitOfWork
from bot.reply import Action, Attachment, Field, Reply, Tone
from bot.services import Services
from bot.states import ROUND_MESSAGE_KINDS

#: Bookkeeping of the reminder dispatcher; meaningless outside it. `number` is written as
#: `id` (below), so it is not a column of its own.
INTERNAL_FIELDS = {"claim_token", "claimed_until", "number"}
TABLES: tuple[tuple[str, type[Any]], ...] = (
    ("contacts", Contact),
    ("interviews", Interview),
    ("outcomes", Outcome),
    ("action_items", ActionItem),
    ("reminders", Reminder),
    ("settings", UserSettings),
    ("custom_questions", CustomQuestion),
    ("mentoring_profile", Profile),
)
#: Tables whose rows have a per-person number: their `id` in the export is that number.
NUMBERED = {Contact, Interview, ActionItem, Reminder, CustomQuestion}
#: Fields naming another of the person's rows, and the table whose numbers they take.
REFERENCES = {
    "contact_id": "contacts",
    "referred_by_id": "contacts",
    "interview_id": "interviews",
    "reminder_id": "reminders",
    "match_id": "matches",  # a mentoring match: the group's number for it
}
FORGET_CONFIRM = "inroads forget-me confirm:yes"


def _columns(cls: type[Any]) -> list[str]:
    """The export's columns: a row's `id` only where it is the person's own number (the
    server's global ids would tell how busy everyone else is)."""
    names = [f.name for f in fields(cls) if f.name not in INTERNAL_FIELDS]
    return names if cls in NUMBERED else [n for n in names if n != "id"]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _row(item: Any, numbers: dict[str, dict[int, int | None]]) -> dict[str, Any]:
    """One row as plain values: `id` and references are the numbers the person sees."""
    row: dict[str, Any] = {}
    for name in _columns(type(item)):
        value = getattr(item, name)
        if name == "id":
            value = item.number
        elif name in REFERENCES and value is not None:
            value = numbers[REFERENCES[name]].get(value)
        elif name == "text" and getattr(item, "kind", "") in ROUND_MESSAGE_KINDS:
            value = ""  # `round:<server id>`: the outbox's bookkeeping, not the person's
        row[name] = _plain(value)
    return row


async def collect(uow: UnitOfWork, actor: Actor) -> dict[str, list[dict[str, Any]]]:
    """Every row the person owns, as plain dicts per table, in number order."""
    settings = await uow.settings.get(actor)
    profile = await uow.profiles.get(actor)
    rows: dict[str, Sequence[Any]] = {
        "contacts": await uow.contacts.list(actor),
        "interviews": await uow.interviews.list(actor),
        "outcomes": await uow.outcomes.list(actor),
        "action_items": await uow.action_items.list(actor),
        "reminders": await uow.reminders.list(actor),
        "settings": [settings] if settings else [],
        "custom_questions": await uow.custom_questions.list(actor),
        "mentoring_profile": [profile] if profile else [],
    }
    numbers = {
        name: {i.id: i.number for i in rows[name]}
        for name in set(REFERENCES.values())
        if name in rows
    }
    numbers["matches"] = {m.id: m.number for m in await uow.matches.list_for_member(actor)}
    found = {
        name: [
            _row(i, numbers)
            for i in sorted(items, key=lambda i: getattr(i, "number", None) or i.id or 0)
        ]
        for name, items in rows.items()
    }
    # Requests are shared rows: only this person's side of each (requests_export.py).
    return found | await export_rows(uow, actor)


def _all_columns() -> list[tuple[str, list[str]]]:
    return [(name, _columns(cls)) for name, cls in TABLES] + list(EXPORT_COLUMNS.items())


def to_json(actor: Actor, data: dict[str, list[dict[str, Any]]], *, now: datetime) -> bytes:
    document = {
        "exported_at": now.isoformat(),
        "person": {
            "platform": actor.platform,
            "workspace_id": actor.workspace_id,
            "user_id": actor.user_id,
        },
        **data,
    }
    return json.dumps(document, indent=2, ensure_ascii=False).encode()


def to_csv_zip(data: dict[str, list[dict[str, Any]]], *, now: datetime) -> bytes:
    buffer = io.BytesIO()
    stamp = (now.year, now.month, now.day, now.hour, now.minute, now.second)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, columns in _all_columns():
            text = io.StringIO()
            writer = csv.DictWriter(text, fieldnames=columns, lineterminator="\n")
            writer.writeheader()
            for row in data[name]:
                writer.writerow(
                    {
                        k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v
                        for k, v in row.items()
                    }
                )
            archive.writestr(zipfile.ZipInfo(f"{name}.csv", stamp), text.getvalue())
    return buffer.getvalue()


def count_fields(data: dict[str, list[dict[str, Any]]]) -> tuple[Field, ...]:
    return tuple(
        Field(name.replace("_", " ").capitalize(), str(len(data[name])))
        for name, _ in _all_columns()
    )


@dataclass(frozen=True, kw_only=True)
class Export(Command):
    pass


def build_export(args: ParsedArgs, actor: Actor) -> Export:
    return Export(actor=actor)


async def handle_export(cmd: Export, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        data = await collect(uow, cmd.actor)
    total = sum(len(rows) for rows in data.values())
    stamp = now.strftime("%Y%m%d")
    return Reply(
        title=f"Your Inroads data ({total} records)",
        text="Everything Inroads keeps about you here, as JSON and as CSV files (zipped).",
        fields=count_fields(data),
        attachments=(
            Attachment(
                f"inroads-export-{stamp}.json",
                to_json(cmd.actor, data, now=now),
                "application/json",
            ),
            Attachment(
                f"inroads-export-{stamp}-csv.zip", to_csv_zip(data, now=now), "application/zip"
            ),
        ),
    )


@dataclass(frozen=True, kw_only=True)
class ForgetMe(Command):
    confirmed: bool = False


def build_forget(args: ParsedArgs, actor: Actor) -> ForgetMe:
    confirm = args.option_text("confirm").lower()
    if confirm not in ("", "yes"):
        raise UsageError("To erase everything, answer `confirm:yes`.", example=FORGET_CONFIRM)
    return ForgetMe(actor=actor, confirmed=confirm == "yes")


async def handle_forget(cmd: ForgetMe, svc: Services) -> Reply:
    async with svc.uow() as uow:
        if not cmd.confirmed:
            data = await collect(uow, cmd.actor)
            return Reply(
                title="Erase everything Inroads keeps about you?",
                text="Contacts, interviews, outcomes, action items, reminders, settings, your "
                "questions and your mentoring profile in this workspace. This can't be undone; "
                "export first if you want a copy.",
                fields=count_fields(data),
                actions=(
                    Action("Export first", "inroads export"),
                    Action("Erase everything", FORGET_CONFIRM, "danger"),
                ),
                tone=Tone.WARNING,
            )
        # Requests waiting on them close kindly first (their seekers hear, "a member").
        await close_for_leaver(uow, cmd.actor, svc.clock.now())
        removed = await uow.forget_user(cmd.actor)
        await uow.commit()
    return Reply(
        title="Done: your data is erased",
        text=f"{removed} records removed. If you come back, you start fresh.",
        tone=Tone.SUCCESS,
    )


SPECS = (
    CommandSpec(
        path=("inroads", "export"),
        summary="Download all your data as JSON and CSV.",
        example="inroads export",
        build=build_export,
        handle=handle_export,
    ),
    CommandSpec(
        path=("inroads", "forget-me"),
        summary="Erase all your data (asks first).",
        example="inroads forget-me",
        build=build_forget,
        handle=handle_forget,
        fields=(CONFIRM,),
    ),
)
