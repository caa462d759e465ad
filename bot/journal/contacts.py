"""`contact add|list|show|chain`: the people in your journal and how you reached them.

Contacts are deduplicated per person: the same workspace member, or the same name (case
and accents aside) at the same company (a missing company fits any), is one contact.
Adding someone who is already there changes nothing by itself, because silently merging
fields would overwrite what you wrote before; when the new line brings details, the reply
offers a button with the `contact edit` line that would apply them.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot import mentions
from bot.choices import MAX_BUTTON_COMMAND
from bot.commands import Command, CommandSpec
from bot.domain import Actor, Contact
from bot.errors import UsageError
from bot.fields import COMPANY, CONTACT, INDUSTRY, NOTES, REQUIRED_CONTACT, ROLE
from bot.grammar import Mention, ParsedArgs, quote
from bot.journal.chain import describe_path, led_to, path_to
from bot.journal.contact_edit import edit_line
from bot.journal.contacts_lookup import NEW_MARK, clean_name, find_contact, same_person
from bot.journal.names import fold
from bot.journal.parsing import MAX_NAME_CHARS, who_from
from bot.journal.records import record_referral
from bot.journal.render import contact_label, interview_line, shorten
from bot.reply import Action, Field, Reply, Section, Tone
from bot.schema import Form, Kind, text
from bot.services import Services
from bot.timeparse import format_local

ADD_EXAMPLE = 'contact add "Ann Lee" company:Globex role:"Data Scientist" referred_by:"Jane Doe"'
SHOW_EXAMPLE = 'contact show "Ann Lee"'
CHAIN_EXAMPLE = 'contact chain "Ann Lee"'
MAX_CONTACT_NOTES = 5_000


@dataclass(frozen=True, kw_only=True)
class AddContact(Command):
    who: str | Mention
    company: str = ""
    role: str = ""
    industry: str = ""
    how_known: str = ""
    referred_by: str | Mention | None = None
    notes: str = ""


def build_add(args: ParsedArgs, actor: Actor) -> AddContact:
    texts = {k: args.option_text(k) for k in ("company", "role", "industry")}
    for key, value in texts.items():
        if len(value) > MAX_NAME_CHARS:
            raise UsageError(
                f"`{key}:` is {len(value)} characters; keep it under {MAX_NAME_CHARS}.",
                example=ADD_EXAMPLE,
            )
    referrer = args.option("referred_by", "via")
    notes = args.option_text("notes")
    if len(notes) > MAX_CONTACT_NOTES:
        raise UsageError(
            f"The notes are {len(notes):,} characters; keep a contact's notes under "
            f"{MAX_CONTACT_NOTES:,} (interview notes can be longer).",
            example=ADD_EXAMPLE,
        )
    return AddContact(
        actor=actor,
        who=clean_name(who_from(args, "name"), example=ADD_EXAMPLE),
        company=texts["company"],
        role=texts["role"],
        industry=texts["industry"],
        how_known=args.option_text("how")[:500],
        referred_by=None
        if referrer is None
        else clean_name(referrer, what="referrer", example=ADD_EXAMPLE),
        notes=notes,
    )


async def handle_add(cmd: AddContact, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        if isinstance(cmd.who, Mention):
            existing = await uow.contacts.find_by_member(cmd.actor, cmd.who.user_id)
            name = cmd.who.label or cmd.who.user_id
        else:
            # "+Dana" asks for a new person even beside another Dana (same company aside).
            forced = cmd.who.startswith(NEW_MARK)
            name = cmd.who.removeprefix(NEW_MARK).strip() or cmd.who
            found = await same_person(uow, cmd.actor, name, cmd.company)
            if forced:
                found = [c for c in found if c.company and fold(c.company) == fold(cmd.company)]
            if len(found) > 1:
                raise UsageError(
                    f"You already have {len(found)} contacts called {name}: "
                    + "; ".join(f"#{c.number} {contact_label(c)}" for c in found)
                    + ".",
                    hint="To add another one, give their company.",
                    example=f"contact add {quote(name)} company:Globex",
                )
            existing = found[0] if found else None
        if existing is not None:
            return _already_there(existing, cmd)
        referrer = None
        if cmd.referred_by is not None:
            referrer = await find_contact(uow, cmd.actor, cmd.referred_by, example=ADD_EXAMPLE)
        contact = Contact(
            platform=cmd.actor.platform,
            workspace_id=cmd.actor.workspace_id,
            user_id=cmd.actor.user_id,
            name=name,
            company=cmd.company,
            role=cmd.role,
            industry=cmd.industry,
            member_id=cmd.who.user_id if isinstance(cmd.who, Mention) else None,
            how_known=cmd.how_known or (f"referred by {referrer.name}" if referrer else ""),
            referred_by_id=referrer.id if referrer else None,
            notes=cmd.notes,
            created_at=now,
        )
        await uow.contacts.add(contact)
        if referrer is not None:
            await record_referral(uow, cmd.actor, referrer, contact, interview_id=None, now=now)
        await uow.commit()
    fields = [Field("Referred by", referrer.name)] if referrer else []
    return Reply(
        title=f"Added {contact_label(contact)} to your contacts (#{contact.number})",
        fields=tuple(fields),
        footer=f'Plan a conversation: interview plan #{contact.number} when:"next Tuesday 10am"',
        tone=Tone.SUCCESS,
    )


def _already_there(existing: Contact, cmd: AddContact) -> Reply:
    """Say "already there", with the edit that would add what this line brings, if anything.
    New notes are offered after the old ones, never instead of them."""
    offered: dict[str, str] = {}
    fields: list[Field] = []
    for option, attr, value in (
        ("company", "company", cmd.company),
        ("role", "role", cmd.role),
        ("industry", "industry", cmd.industry),
        ("how", "how_known", cmd.how_known),
        ("notes", "notes", cmd.notes),
    ):
        now = getattr(existing, attr)
        if not value or fold(value) == fold(now) or (attr == "notes" and value in now):
            continue
        offered[option] = f"{now} {value}" if attr == "notes" and now else value
        before = shorten(now, 200) or "empty"
        fields.append(Field(option.capitalize(), f"{shorten(value, 200)} (now: {before})"))
    title = f"{contact_label(existing)} is already in your contacts (#{existing.number})."
    if not offered:
        return Reply(
            title=title,
            text="Nothing changed.",
            footer=f"See them with: contact show #{existing.number}",
        )
    line = edit_line(existing, offered)
    button = Action(f"Update {existing.name}"[:75], line, "primary")
    return Reply(
        title=title,
        text="Nothing changed yet. Update them with what you just wrote?",
        fields=tuple(fields),
        actions=(button,) if len(line) <= MAX_BUTTON_COMMAND else (),
        footer=f"Or type: {line}",
    )


@dataclass(frozen=True, kw_only=True)
class ListContacts(Command):
    company: str = ""


def build_list(args: ParsedArgs, actor: Actor) -> ListContacts:
    return ListContacts(actor=actor, company=args.option_text("company"))


async def handle_list(cmd: ListContacts, svc: Services) -> Reply:
    async with svc.uow() as uow:
        contacts = list(await uow.contacts.list(cmd.actor))
        counts = await uow.interviews.count_by_contact(cmd.actor)  # not every interview
    by_id = {c.id: c for c in contacts}
    if cmd.company:
        contacts = [c for c in contacts if c.company.lower() == cmd.company.lower()]
    if not contacts:
        return Reply(
            text="No contacts match." if cmd.company else "You have no contacts yet.",
            footer=ADD_EXAMPLE,
        )
    lines = []
    for c in contacts[:60]:
        n = counts.get(c.id or 0, 0)
        line = f"#{c.number} {contact_label(c)} · {n} interview{'s' if n != 1 else ''}"
        parent = by_id.get(c.referred_by_id) if c.referred_by_id else None
        if parent is not None:
            line += f" · via {parent.name}"
        lines.append(line)
    footer = "" if len(contacts) <= 60 else f"Showing 60 of {len(contacts)}; filter by company:"
    return Reply(title=f"Your contacts ({len(contacts)})", items=tuple(lines), footer=footer)


@dataclass(frozen=True, kw_only=True)
class ShowContact(Command):
    who: str | Mention
    chain: bool = False


def build_show(args: ParsedArgs, actor: Actor) -> ShowContact:
    return ShowContact(actor=actor, who=clean_name(who_from(args, "name"), example=SHOW_EXAMPLE))


def build_chain(args: ParsedArgs, actor: Actor) -> ShowContact:
    who = clean_name(who_from(args, "name"), example=CHAIN_EXAMPLE)
    return ShowContact(actor=actor, who=who, chain=True)


async def handle_show(cmd: ShowContact, svc: Services) -> Reply:
    example = CHAIN_EXAMPLE if cmd.chain else SHOW_EXAMPLE
    async with svc.uow() as uow:
        prefs = await uow.settings.get_or_default(cmd.actor)
        contact = await find_contact(uow, cmd.actor, cmd.who, example=example)
        everyone = {c.id: c for c in await uow.contacts.list(cmd.actor) if c.id is not None}
        if cmd.chain:
            return chain_reply(contact, everyone)
        interviews = await uow.interviews.list(cmd.actor, contact_ids=[contact.id or 0])
        outcomes = [o for o in await uow.outcomes.list(cmd.actor) if o.contact_id == contact.id]
    fields = [Field(label, value) for label, value in _details(contact, everyone)]
    if contact.last_interaction_at:
        fields.append(
            Field("Last spoke", format_local(contact.last_interaction_at, prefs.timezone))
        )
    sections = []
    if interviews:
        sections.append(
            Section(
                "Interviews",
                tuple(interview_line(i, contact, prefs.timezone) for i in interviews[:20]),
            )
        )
    direct = [c for depth, c in led_to(everyone, contact) if depth == 1]
    if direct:
        sections.append(Section("Led you to", tuple(contact_label(c) for c in direct)))
    if outcomes:
        sections.append(
            Section(
                "What came of it",
                tuple(o.kind + (f": {shorten(o.note, 300)}" if o.note else "") for o in outcomes),
            )
        )
    return Reply(
        title=f"#{contact.number} {contact_label(contact)}",
        fields=tuple(fields),
        sections=tuple(sections),
        footer=f"How you reached them: contact chain #{contact.number}",
    )


def _details(contact: Contact, everyone: dict[int, Contact]) -> list[tuple[str, str]]:
    parent = everyone.get(contact.referred_by_id) if contact.referred_by_id else None
    rows = [
        ("Company", contact.company),
        ("Role", contact.role),
        ("Industry", contact.industry),
        ("Seniority", contact.seniority),
        ("Member", mentions.member(contact.member_id) if contact.member_id else ""),
        ("How you know them", contact.how_known),
        ("Referred by", parent.name if parent else ""),
        ("Notes", shorten(contact.notes)),
        ("What you found", shorten(contact.research).replace("\n", "; ")),
        ("Links", ", ".join(contact.links.splitlines())),
    ]
    return [(label, value) for label, value in rows if value]


def _where_it_started(first: Contact) -> str:
    """How the chain's first person came into the journal, as the person recorded it
    (nobody referred them, which says nothing about whether you knew them before)."""
    return f" — {first.how_known}" if first.how_known else " — where it started"


def chain_reply(contact: Contact, everyone: dict[int, Contact]) -> Reply:
    path = path_to(everyone, contact)
    reached = tuple(
        f"{n}. {contact_label(p)}" + (_where_it_started(p) if n == 1 else "")
        for n, p in enumerate(path.people, start=1)
    )
    descendants = led_to(everyone, contact)
    by_id = everyone
    led = tuple(
        "  " * (depth - 1) + f"{contact_label(c)} (referred by {by_id[c.referred_by_id].name})"
        for depth, c in descendants
        if c.referred_by_id in by_id
    )
    sections = [Section(f"How you reached {contact.name}", reached)]
    sections.append(
        Section(
            f"Whom {contact.name} led you to",
            led or ("No one yet. Ask who else you should talk to!",),
        )
    )
    return Reply(
        title=f"Referral chain of {contact.name}",
        text=describe_path(path),
        sections=tuple(sections),
    )


SPECS = (
    CommandSpec(
        path=("contact", "add"),
        summary="Add someone to your contacts (duplicates are recognised).",
        example=ADD_EXAMPLE,
        build=build_add,
        handle=handle_add,
        fields=(
            text("name", "Their name", required=True, positional=True),
            COMPANY,
            ROLE,
            INDUSTRY,
            text("how", "How you know them"),
            text(
                "referred_by",
                "Who referred you (one of your contacts)",
                kind=Kind.CONTACT,
                aliases=("via",),
            ),
            NOTES,
        ),
        # Opened by "Save as contact" (a Slack message shortcut, a Discord user menu),
        # prefilled from the message; typing `contact add` alone opens it on Slack too.
        form=Form(
            "Save as a contact",
            "Save",
            omit=("referred_by",),
            short=("name", "company", "role", "how", "notes"),
        ),
    ),
    CommandSpec(
        path=("contact", "list"),
        summary="Your contacts, with how many conversations and who referred them.",
        example="contact list company:Globex",
        build=build_list,
        handle=handle_list,
        fields=(COMPANY,),
    ),
    CommandSpec(
        path=("contact", "show"),
        summary="One contact: details, interviews, whom they led you to.",
        example=SHOW_EXAMPLE,
        build=build_show,
        handle=handle_show,
        fields=(REQUIRED_CONTACT.but(keyword=False, aliases=("name",)),),
    ),
    CommandSpec(
        path=("contact", "chain"),
        summary="How you reached someone (who referred whom), and whom they led you to.",
        example=CHAIN_EXAMPLE,
        build=build_chain,
        handle=handle_show,
        fields=(CONTACT.but(keyword=False, aliases=("name",)),),
    ),
)
