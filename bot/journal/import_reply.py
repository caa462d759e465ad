"""What `contact import` says: the preview before anything is written, and what came of it.

The preview is the person's one chance to catch a wrong file, so it shows counts and a
few real examples of each kind (new, updated with what it adds, already there, skipped
with the reason and the lines), and the buttons carry the batch number: a preview left
open in an old message can never confirm a newer upload.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from bot.journal.import_plan import LABELS, Plan
from bot.journal.import_rows import ImportRow
from bot.ports.imports import ContactImport
from bot.reply import Action, Field, Reply, Section, Target, TargetKind, Tone

EXAMPLES = 5


def row_label(row: ImportRow) -> str:
    extra = ", ".join(p for p in (row.role, row.company) if p)
    return f"{row.name} ({extra})" if extra else row.name


def plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def skipped_lines(skipped: Sequence[tuple[int, str]]) -> tuple[str, ...]:
    """One line per reason, with how many and the first line numbers."""
    by_reason: dict[str, list[int]] = defaultdict(list)
    for line, reason in skipped:
        by_reason[reason].append(line)
    out = []
    for reason, lines in sorted(by_reason.items(), key=lambda item: -len(item[1]))[:EXAMPLES]:
        where = ", ".join(str(n) for n in lines[:5]) + (", …" if len(lines) > 5 else "")
        out.append(
            f"{reason}: {plural(len(lines), 'row')} (line{'s' if len(lines) > 1 else ''} {where})"
        )
    if len(by_reason) > EXAMPLES:
        out.append(f"and {len(by_reason) - EXAMPLES} other reasons")
    return tuple(out)


def _more(total: int) -> tuple[str, ...]:
    return (f"… and {total - EXAMPLES:,} more",) if total > EXAMPLES else ()


def counts(plan: Plan, skipped: int) -> tuple[Field, ...]:
    return (
        Field("New", f"{len(plan.new):,}"),
        Field("Updated", f"{len(plan.updates):,}"),
        Field("Already there", f"{len(plan.duplicates):,}"),
        Field("Skipped", f"{skipped:,}"),
    )


def preview(batch: ContactImport, plan: Plan, skipped: Sequence[tuple[int, str]]) -> Reply:
    sections = []
    if plan.new:
        lines = tuple(row_label(r) for r in plan.new[:EXAMPLES]) + _more(len(plan.new))
        sections.append(Section("New contacts", lines))
    if plan.updates:
        lines = tuple(
            f"{u.contact.name} (#{u.contact.number}): adds {', '.join(LABELS[a] for a in u.fills)}"
            for u in plan.updates[:EXAMPLES]
        ) + _more(len(plan.updates))
        sections.append(Section("Updated (only empty details are filled in)", lines))
    if plan.duplicates:
        lines = tuple(f"{row.name}: {why}" for row, why in plan.duplicates[:EXAMPLES]) + _more(
            len(plan.duplicates)
        )
        sections.append(Section("Already there, or twice in the file (nothing to add)", lines))
    if skipped:
        sections.append(Section("Skipped", skipped_lines(skipped)))
    number = batch.number
    this = Target.of(TargetKind.IMPORT, batch.number)
    rows = len(plan.new) + len(plan.updates) + len(plan.duplicates) + len(skipped)
    return Reply(
        title=f"Import preview: {plural(rows, 'row')} from your {batch.kind}",
        text="Nothing is saved yet. Import these people?",
        fields=counts(plan, len(skipped)),
        sections=tuple(sections),
        actions=(
            Action(
                f"Import {plural(plan.writes, 'contact')}"[:75],
                f"contact import confirm {number}",
                "primary",
                target=this,
            ),
            Action("Cancel", f"contact import cancel {number}", target=this),
        ),
        footer=f"Or type: contact import confirm {number} (or cancel). "
        "I keep this preview for 24 hours; after that the file's rows are gone.",
        tone=Tone.INFO,
    )


def nothing_to_import(plan: Plan, skipped: Sequence[tuple[int, str]], kind: str) -> Reply:
    sections = []
    if plan.duplicates:
        lines = tuple(f"{row.name}: {why}" for row, why in plan.duplicates[:EXAMPLES])
        sections.append(Section("Already there", lines + _more(len(plan.duplicates))))
    if skipped:
        sections.append(Section("Skipped", skipped_lines(skipped)))
    return Reply(
        title=f"Nothing to import from your {kind}",
        text="Everyone in it is already in your contacts with these details, or was "
        "skipped. Nothing changed.",
        fields=counts(plan, len(skipped)),
        sections=tuple(sections),
        footer="See them with: contact list",
    )


def applied(batch: ContactImport, plan: Plan, previewed: int) -> Reply:
    text = ""
    if plan.writes != previewed:
        text = (
            f"Your contacts changed since the preview, so {plural(plan.writes, 'contact')} "
            f"changed instead of the {previewed:,} shown."
        )
    done = [plural(len(plan.new), "new contact")] if plan.new else []
    if plan.updates:
        done.append(f"filled in details on {plural(len(plan.updates), 'contact')}")
    return Reply(
        title="Imported " + (" and ".join(done) if done else "nothing new"),
        text=text,
        footer="See them with: contact list. Changed your mind? "
        f"contact import undo {batch.number}",
        tone=Tone.SUCCESS,
    )
