"""`contact import`: bring in LinkedIn connections, a vCard or a CSV, as one batch.

Nothing is written from the file itself: the upload gives a preview (new, updated,
already there, skipped with reasons) and stages the usable rows; `contact import
confirm` sorts them again against the journal as it is then (someone added meanwhile is
not added twice) and writes them in one transaction; `contact import cancel` drops them.
`contact import undo` takes a confirmed batch back: it removes the contacts it added,
except any the person has since talked with, planned something for or added their own
details to (they are named),
and empties the details it filled in, unless the person has changed them since.

The file's bytes reach the command through the adapter (a Slack upload, a Discord
attachment, a console path); a line typed without them says how to attach one.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command, CommandSpec
from bot.domain import Actor
from bot.errors import NotFoundError, UsageError
from bot.fields import CONFIRM
from bot.grammar import ParsedArgs
from bot.ids import record_id
from bot.journal.import_files import read_file, too_big
from bot.journal.import_plan import FILLED, make_plan, new_contact, row_from_json, row_json
from bot.journal.import_reply import applied, nothing_to_import, plural, preview
from bot.journal.import_rows import IMPORT_EXAMPLE, MAX_FILE_BYTES
from bot.ports import UnitOfWork
from bot.ports.imports import STAGED_FOR, UNDO_FOR, ContactImport, ImportStatus
from bot.reply import Action, Reply, Target, TargetKind, Tone
from bot.schema import Field, Kind
from bot.services import Services

CONFIRM_EXAMPLE = "contact import confirm"
UNDO_EXAMPLE = "contact import undo"
ATTACH = {
    "slack": "Upload the file in our direct messages (drop it in the message box); I answer "
    "with a preview before anything is saved.",
    "discord": "Use /contact import file and attach the file in its `file` option; I answer "
    "with a preview before anything is saved.",
    "console": "Give the file's path: contact import ~/Downloads/Connections.csv",
}


@dataclass(frozen=True, kw_only=True)
class ImportContacts(Command):
    #: The path or file name as given: a hint of the format, shown to nobody, never logged.
    source: str = ""
    data: bytes | None = None
    #: The size the platform announced; over the limit, the adapter leaves `data` out.
    size: int = 0
    columns: str = ""


@dataclass(frozen=True, kw_only=True)
class ImportStep(Command):
    """confirm, cancel or undo; `number` 0 means the newest batch it applies to."""

    number: int = 0
    confirmed: bool = False


def build_import(args: ParsedArgs, actor: Actor) -> ImportContacts:
    return ImportContacts(actor=actor, source=args.text(), columns=args.option_text("columns"))


def _number(args: ParsedArgs, example: str) -> int:
    words = args.words()
    if not words:
        return 0
    number = record_id(words[0]) if len(words) == 1 else None
    if not number:
        raise UsageError(
            f"`{args.text()[:40]}` isn't an import number.",
            hint="Leave it out to use your latest import, or give the number the preview showed.",
            example=example,
        )
    return number


def build_step(args: ParsedArgs, actor: Actor) -> ImportStep:
    confirm = args.option_text("confirm").lower()
    if confirm not in ("", "yes"):
        raise UsageError(
            "To go ahead, answer `confirm:yes`.", example=f"{UNDO_EXAMPLE} confirm:yes"
        )
    return ImportStep(
        actor=actor, number=_number(args, CONFIRM_EXAMPLE), confirmed=confirm == "yes"
    )


async def handle_import(cmd: ImportContacts, svc: Services) -> Reply:
    if cmd.size > MAX_FILE_BYTES:
        raise too_big(cmd.size)
    if cmd.data is None:
        how = ATTACH.get(cmd.actor.platform, ATTACH["console"])
        raise UsageError(f"I need the file itself. {how}", example=IMPORT_EXAMPLE)
    parsed = read_file(cmd.data, name=cmd.source, columns=cmd.columns)
    now = svc.clock.now()
    async with svc.uow() as uow:
        await _expire(uow, cmd.actor, svc)
        plan = await make_plan(uow, cmd.actor, parsed.rows, parsed.kind)
        skipped = [*parsed.skipped, *plan.skipped]
        if not plan.writes:
            await uow.commit()
            return nothing_to_import(plan, skipped, parsed.kind)
        staged = [row_json(r) for r in plan.new] + [row_json(u.row) for u in plan.updates]
        batch = await uow.contact_imports.stage(
            ContactImport(
                platform=cmd.actor.platform,
                workspace_id=cmd.actor.workspace_id,
                user_id=cmd.actor.user_id,
                status=ImportStatus.STAGED.value,
                kind=parsed.kind,
                rows=staged,
                skipped=len(skipped),
                created_at=now,
            )
        )
        await uow.commit()
    return preview(batch, plan, skipped)


async def _expire(uow: UnitOfWork, owner: Actor, svc: Services) -> None:
    now = svc.clock.now()
    await uow.contact_imports.expire(
        owner, staged_before=now - STAGED_FOR, applied_before=now - UNDO_FOR
    )


async def _batch(uow: UnitOfWork, cmd: ImportStep, status: ImportStatus) -> ContactImport:
    repo = uow.contact_imports
    if cmd.number:
        batch = await repo.by_number(cmd.actor, cmd.number)
        if batch is not None and batch.status == status.value:
            return batch
        if batch is not None and status is ImportStatus.STAGED:
            raise UsageError(f"Import {batch.number} was already {batch.status}; nothing changed.")
    else:
        found = await repo.latest(cmd.actor, status.value)
        if found is not None:
            return found
    what = "waiting for you to confirm" if status is ImportStatus.STAGED else "to undo"
    raise NotFoundError(
        f"There's no import {what}" + (f" with the number {cmd.number}." if cmd.number else "."),
        hint="A preview is kept for 24 hours and an import can be undone for 30 days.",
        example=IMPORT_EXAMPLE,
    )


async def handle_confirm(cmd: ImportStep, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        await _expire(uow, cmd.actor, svc)
        batch = await _batch(uow, cmd, ImportStatus.STAGED)
        previewed = len(batch.rows)
        plan = await make_plan(uow, cmd.actor, [row_from_json(r) for r in batch.rows], batch.kind)
        repo = uow.contact_imports
        batch.added_ids = await repo.add_contacts(
            cmd.actor, [new_contact(row, batch.kind) for row in plan.new], now=now
        )
        batch.changes = [
            {
                "id": u.contact.id,
                "before": {attr: getattr(u.contact, attr) for attr in u.fills},
                "after": u.fills,
            }
            for u in plan.updates
        ]
        await repo.fill(cmd.actor, [(u.contact.id, u.fills) for u in plan.updates])
        batch.status, batch.rows, batch.applied_at = ImportStatus.APPLIED.value, [], now
        await repo.save(batch)
        await uow.commit()
    return applied(batch, plan, previewed)


async def handle_cancel(cmd: ImportStep, svc: Services) -> Reply:
    async with svc.uow() as uow:
        batch = await _batch(uow, cmd, ImportStatus.STAGED)
        await uow.contact_imports.discard(cmd.actor, batch.id or 0)
        await uow.commit()
    return Reply(
        title="Import cancelled",
        text="Nothing was imported, and I no longer keep the file's rows.",
        footer=IMPORT_EXAMPLE,
    )


async def handle_undo(cmd: ImportStep, svc: Services) -> Reply:
    async with svc.uow() as uow:
        await _expire(uow, cmd.actor, svc)
        batch = await _batch(uow, cmd, ImportStatus.APPLIED)
        repo = uow.contact_imports
        gone = await repo.removable(cmd.actor, batch.added_ids)
        going = set(gone)
        numbers = {c.id: c.number for c in await repo.details(cmd.actor)}
        kept = [numbers[cid] for cid in batch.added_ids if cid not in going and cid in numbers]
        if not cmd.confirmed:
            return _undo_question(batch, len(gone), kept)
        await repo.remove_contacts(cmd.actor, gone)
        reverts = await _reverts(uow, cmd.actor, batch)
        await repo.fill(cmd.actor, reverts)
        batch.status, batch.added_ids, batch.changes = ImportStatus.UNDONE.value, [], []
        await repo.save(batch)
        await uow.commit()
    text = ""
    if kept:
        text = (
            f"I kept {plural(len(kept), 'contact')} you have since talked with, planned "
            f"something for or added details to: "
            + ", ".join(f"#{number}" for number in kept[:10])
            + ("…" if len(kept) > 10 else "")
            + "."
        )
    return Reply(
        title=f"Undid import {batch.number}: removed {plural(len(gone), 'contact')}, took back "
        f"details on {len(reverts):,}",
        text=text,
        tone=Tone.SUCCESS,
    )


def _undo_question(batch: ContactImport, removable: int, kept: list[int]) -> Reply:
    text = (
        f"This removes the {plural(removable, 'contact')} import {batch.number} added and empties "
        f"the details it filled in on {plural(len(batch.changes), 'contact')} (unless you "
        "changed them since)."
    )
    if kept:
        text += (
            f" {plural(len(kept), 'contact')} you have since talked with or added details to stay."
        )
    line = f"{UNDO_EXAMPLE} {batch.number} confirm:yes"
    return Reply(
        title=f"Undo import {batch.number}?",
        text=text,
        actions=(
            Action(
                "Undo the import", line, "danger", target=Target.of(TargetKind.IMPORT, batch.number)
            ),
        ),
        footer=f"Or type: {line}",
        tone=Tone.WARNING,
    )


async def _reverts(
    uow: UnitOfWork, owner: Actor, batch: ContactImport
) -> list[tuple[int, dict[str, str]]]:
    """Per changed contact, the details to set back: only those still as the import left
    them (an edit made since wins)."""
    by_id = {int(c["id"]): c for c in batch.changes}
    out: list[tuple[int, dict[str, str]]] = []
    if not by_id:
        return out
    for contact in await uow.contact_imports.details(owner):
        change = by_id.get(contact.id)
        if change is None:
            continue
        back = {
            attr: str(change["before"].get(attr, ""))
            for attr, value in change["after"].items()
            if attr in FILLED and getattr(contact, attr) == value
        }
        if back:
            out.append((contact.id, back))
    return out


IMPORT_FILE = Field(
    "file",
    "LinkedIn's Connections.csv (or its export zip), a .vcf or a .csv",
    Kind.FILE,
    required=True,
    positional=True,
    keyword=False,
)
IMPORT_COLUMNS = Field("columns", "For another CSV: which column is which, e.g. name=Full name")
IMPORT_NUMBER = Field(
    "number", "The import's number (default: your latest)", Kind.NUMBER, positional=True
)

SPECS = (
    CommandSpec(
        path=("contact", "import"),
        summary="Import contacts from LinkedIn's Connections.csv, a vCard or a CSV.",
        example=IMPORT_EXAMPLE,
        build=build_import,
        handle=handle_import,
        fields=(IMPORT_FILE, IMPORT_COLUMNS),
        bare_name="file",
    ),
    CommandSpec(
        path=("contact", "import", "confirm"),
        summary="Save the contacts an import preview showed.",
        example=CONFIRM_EXAMPLE,
        build=build_step,
        handle=handle_confirm,
        fields=(IMPORT_NUMBER,),
    ),
    CommandSpec(
        path=("contact", "import", "cancel"),
        summary="Drop an import preview without saving anything.",
        example="contact import cancel",
        build=build_step,
        handle=handle_cancel,
        fields=(IMPORT_NUMBER,),
    ),
    CommandSpec(
        path=("contact", "import", "undo"),
        summary="Take back an import: its new contacts go, filled-in details are emptied.",
        example=UNDO_EXAMPLE,
        build=build_step,
        handle=handle_undo,
        fields=(IMPORT_NUMBER, CONFIRM.but(description="Answer yes to go ahead")),
    ),
)
