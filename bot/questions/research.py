"""`contact research`: what you found out about someone before talking to them.

Research is kept apart from a contact's notes because it has a different life: it is
gathered before the call, read again in the prep pack ("What you found"), and each
finding is dated, since "their company just raised money" goes stale. Each use adds one
dated line; `clear:yes` empties it.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command, CommandSpec
from bot.domain import Actor
from bot.errors import UsageError
from bot.fields import REQUIRED_CONTACT
from bot.fields import YES as SURE
from bot.grammar import Mention, ParsedArgs
from bot.journal.contacts_lookup import clean_name, find_contact
from bot.journal.render import contact_label
from bot.reply import Action, Reply, Target, TargetKind, Tone
from bot.schema import Kind, text
from bot.services import Services
from bot.timeparse import zone

RESEARCH_EXAMPLE = 'contact research "Dana Lee" "Spoke at a retail logistics panel in May"'
MAX_LINE = 500
MAX_RESEARCH = 5_000
YES = ("yes", "y", "true", "1")


@dataclass(frozen=True, kw_only=True)
class AddResearch(Command):
    who: str | Mention
    text: str = ""
    clear: bool = False


def build_research(args: ParsedArgs, actor: Actor) -> AddResearch:
    clear = args.option_text("clear").lower() in YES
    raw_who = args.option("for", "contact")
    rest = list(args.positionals)
    if raw_who is None and rest:
        raw_who = rest.pop(0)
    who = clean_name(raw_who, example=RESEARCH_EXAMPLE)
    text = args.option_text("found", "text") or " ".join(str(p) for p in rest)
    text = " ".join(text.split())
    if clear:
        return AddResearch(actor=actor, who=who, clear=True)
    if not text:
        raise UsageError(
            "Say what you found, in quotes after the name.",
            hint="To empty the research notes instead, add `clear:yes`.",
            example=RESEARCH_EXAMPLE,
        )
    if len(text) > MAX_LINE:
        raise UsageError(
            f"That finding is {len(text):,} characters; keep one under {MAX_LINE}. "
            "Several short ones read better in a prep pack anyway.",
            example=RESEARCH_EXAMPLE,
        )
    return AddResearch(actor=actor, who=who, text=text)


async def handle_research(cmd: AddResearch, svc: Services) -> Reply:
    async with svc.uow() as uow:
        contact = await find_contact(uow, cmd.actor, cmd.who, example=RESEARCH_EXAMPLE)
        ref = f"#{contact.number}"
        if cmd.clear:
            had = bool(contact.research.strip())
            contact.research = ""
            await uow.commit()
            return Reply(
                title=f"Research notes on {contact_label(contact)} "
                + ("cleared." if had else "were already empty."),
                footer=f'Add one with: contact research {ref} "what you found"',
                tone=Tone.SUCCESS if had else Tone.INFO,
            )
        prefs = await uow.settings.get_or_default(cmd.actor)
        day = svc.clock.now().astimezone(zone(prefs.timezone)).strftime("%d %b %Y")
        line = f"{day}: {cmd.text}"
        combined = f"{contact.research.rstrip()}\n{line}".strip()
        if len(combined) > MAX_RESEARCH:
            raise UsageError(
                f"The research notes on {contact.name} are full ({MAX_RESEARCH:,} characters).",
                hint="Clear them with `clear:yes` and keep what still matters.",
                example=f"contact research {ref} clear:yes",
            )
        contact.research = combined
        await uow.commit()
        count = len(combined.splitlines())
    this = Target.of(TargetKind.CONTACT, contact.number)
    return Reply(
        title=f"Noted for {contact_label(contact)}",
        text=line,
        footer=f"{count} finding{'s' if count != 1 else ''} so far; "
        f"they show in the prep pack under What you found.",
        actions=(Action("Prep pack", f"interview prep {ref}", target=this),),
        tone=Tone.SUCCESS,
    )


RESEARCH_SPEC = CommandSpec(
    path=("contact", "research"),
    summary="Note what you found out about a contact before talking (shown in prep).",
    example=RESEARCH_EXAMPLE,
    build=build_research,
    handle=handle_research,
    fields=(
        REQUIRED_CONTACT.but(aliases=("for",)),
        text(
            "found",
            "What you found, e.g. a talk they gave or news about their company",
            positional=True,
            aliases=("text",),
        ),
        text("clear", "Empty the research notes", kind=Kind.CHOICE, choices=SURE),
    ),
)
