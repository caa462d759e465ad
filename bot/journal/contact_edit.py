"""`contact edit`: fix or complete what the journal knows about someone.

Referrals arrive as a bare name ("Bo Chen (Globex)"); the draft check then asks for their
role, so the details must be editable after the fact. An empty value clears a detail
(`role:""`), except the name, which a contact always has. Renaming or moving someone to a
company where the same person already exists is refused with the merge line instead:
two records of one person should become one, not two identical ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.commands import Command, CommandSpec
from bot.domain import Actor, Contact
from bot.errors import UsageError
from bot.fields import COMPANY, INDUSTRY, NOTES, REQUIRED_CONTACT, ROLE
from bot.grammar import Mention, ParsedArgs, quote
from bot.journal.contacts_lookup import clean_name, find_contact, same_person
from bot.journal.names import fold
from bot.journal.parsing import who_from
from bot.journal.render import contact_label, shorten
from bot.lifecycle.bus import lifecycle, publish
from bot.reply import Field, Reply, Tone
from bot.schema import choice, text
from bot.services import Services

EDIT_EXAMPLE = 'contact edit "Bo Chen" role:"Data Engineer" seniority:senior'
MAX_LINKS = 10
MAX_LINK_CHARS = 300
MAX_NOTES = 5_000
_LINK = re.compile(r"(?:https?://)?[^\s/.,:;<>\"']+(?:\.[^\s/.,:;<>\"']+)+(?:[/?#]\S*)?", re.I)


@dataclass(frozen=True, slots=True)
class Detail:
    """One editable detail: its option, the Contact attribute, its label and length cap."""

    option: str
    attr: str
    label: str
    limit: int


DETAILS = (
    Detail("name", "name", "Name", 200),
    Detail("company", "company", "Company", 200),
    Detail("role", "role", "Role", 200),
    Detail("industry", "industry", "Industry", 200),
    Detail("seniority", "seniority", "Seniority", 50),
    Detail("how", "how_known", "How you know them", 500),
    Detail("notes", "notes", "Notes", MAX_NOTES),
    Detail("links", "links", "Links", MAX_LINKS * (MAX_LINK_CHARS + 1)),
)
BY_OPTION = {d.option: d for d in DETAILS}


def read_links(text: str, *, example: str) -> str:
    """Web addresses separated by spaces, commas or new lines; stored one per line."""
    found: list[str] = []
    for part in re.split(r"[\s,;]+", text.strip()):
        link = part.strip().rstrip(".")
        if not link:
            continue
        if len(link) > MAX_LINK_CHARS or not _LINK.fullmatch(link):
            raise UsageError(
                f"`{link[:60]}` doesn't look like a web address.",
                hint="Give addresses such as linkedin.com/in/bo-chen, separated by spaces.",
                example='contact edit "Bo Chen" links:"linkedin.com/in/bo-chen bochen.dev"',
            )
        if link.lower() not in (f.lower() for f in found):
            found.append(link)
    if len(found) > MAX_LINKS:
        raise UsageError(f"That's {len(found)} links; keep at most {MAX_LINKS}.", example=example)
    return "\n".join(found)


def read_detail(detail: Detail, raw: str, *, example: str) -> str:
    """The value to store for one detail, checked; raises a friendly UsageError."""
    if detail.option == "links":
        return read_links(raw, example=example)
    value = raw.strip() if detail.option == "notes" else " ".join(raw.split())
    if detail.option == "name" and not value:
        raise UsageError("A contact always has a name; `name:` can't be empty.", example=example)
    if len(value) > detail.limit:
        raise UsageError(
            f"`{detail.option}:` is {len(value):,} characters; keep it under {detail.limit:,}.",
            example=example,
        )
    return value


def edit_line(contact: Contact, changes: dict[str, str]) -> str:
    """The `contact edit` command that makes `changes` (option → value) to `contact`."""
    parts = [f"contact edit #{contact.number}"]
    parts += [
        f"{option}:{quote(value) if value else chr(34) * 2}" for option, value in changes.items()
    ]
    return " ".join(parts)


@dataclass(frozen=True, kw_only=True)
class EditContact(Command):
    who: str | Mention
    changes: tuple[tuple[str, str], ...]
    #: `keep_in_touch:on|off`: the contact's own move, as `checkin start|stop` makes it.
    keep_in_touch: bool | None = None


_SWITCH = {"on": True, "yes": True, "off": False, "no": False}


def _keep_in_touch(args: ParsedArgs) -> bool | None:
    raw = args.option_text("keep_in_touch", "keep-in-touch")
    if not raw:
        return None
    value = _SWITCH.get(raw.strip().lower())
    if value is None:
        raise UsageError(
            f"`keep_in_touch:` is `on` or `off`, not `{raw[:20]}`.",
            example='contact edit "Bo Chen" keep_in_touch:off',
        )
    return value


def build_edit(args: ParsedArgs, actor: Actor) -> EditContact:
    who = clean_name(who_from(args, "contact"), example=EDIT_EXAMPLE)
    changes = []
    for detail in DETAILS:
        raw = args.option(detail.option)
        if raw is not None:
            changes.append((detail.option, read_detail(detail, str(raw), example=EDIT_EXAMPLE)))
    keep = _keep_in_touch(args)
    if not changes and keep is None:
        raise UsageError(
            "Say what to change with key:value (an empty value clears it).",
            hint="You can change: " + ", ".join(f"`{d.option}:`" for d in DETAILS) + ".",
            example=EDIT_EXAMPLE,
        )
    return EditContact(actor=actor, who=who, changes=tuple(changes), keep_in_touch=keep)


async def handle_edit(cmd: EditContact, svc: Services) -> Reply:
    async with svc.uow() as uow:
        contact = await find_contact(uow, cmd.actor, cmd.who, example=EDIT_EXAMPLE)
        changed = [
            (BY_OPTION[option], value)
            for option, value in cmd.changes
            if getattr(contact, BY_OPTION[option].attr) != value
        ]
        switched = cmd.keep_in_touch is not None and contact.set_keep_in_touch(cmd.keep_in_touch)
        if switched:  # its pending nudge goes, or comes back, as with `checkin stop|start`
            await publish(lifecycle(svc, uow, cmd.actor, now=svc.clock.now()), contact)
        if not changed and not switched:
            return Reply(
                title=f"#{contact.number} {contact_label(contact)} already reads like that.",
                text="Nothing changed.",
                footer=f"See them with: contact show #{contact.number}",
            )
        new = {d.attr: v for d, v in changed}
        name, company = new.get("name", contact.name), new.get("company", contact.company)
        if "name" in new or "company" in new:
            twins = [
                c
                for c in await same_person(uow, cmd.actor, name, company)
                if c.id != contact.id and fold(c.company) == fold(company)
            ]
            if twins:
                twin = twins[0]
                raise UsageError(
                    f"You already have {contact_label(twin)} (#{twin.number}); the journal keeps "
                    "one record per person.",
                    hint="If they are the same person, merge the two records.",
                    example=f"contact merge #{twin.number} #{contact.number}",
                )
        for attr, value in new.items():
            setattr(contact, attr, value)
        await uow.commit()
    fields = tuple(
        Field(d.label, (shorten(v, 300) if v else "(cleared)").replace("\n", ", "))
        for d, v in changed
    ) + ((Field("Keep-in-touch nudges", "on" if cmd.keep_in_touch else "off"),) if switched else ())
    return Reply(
        title=f"Updated #{contact.number} {contact_label(contact)}",
        fields=fields,
        footer=f"See them with: contact show #{contact.number}",
        tone=Tone.SUCCESS,
    )


SPECS = (
    CommandSpec(
        path=("contact", "edit"),
        summary="Change a contact's name, company, role, notes or links (empty clears).",
        example=EDIT_EXAMPLE,
        build=build_edit,
        handle=handle_edit,
        fields=(
            REQUIRED_CONTACT,
            text("name", "Their name, spelt right"),
            COMPANY,
            ROLE,
            INDUSTRY,
            text("seniority", "How senior, e.g. junior, senior, director"),
            text("how", "How you know them"),
            NOTES,
            text("links", "Web addresses (profile, portfolio), separated by spaces"),
            choice(
                "keep_in_touch",
                "Keep-in-touch nudges about them: on or off",
                "on",
                "off",
                aliases=("keep-in-touch",),
            ),
        ),
    ),
)
