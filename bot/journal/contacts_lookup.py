"""The one resolver every command that names a person goes through.

A person is named by a mention, a number (``#12``, as `contact list` shows it) or words.
Words go through the steps of :mod:`bot.journal.names` (exact, then case and accents set
aside, then a first name or the first words, then a "did you mean"). Whatever the command:

- a sure match is used ("Dana" is Dana Whitfield when she is the only Dana);
- a name that fits several contacts, or only nearly fits one, changes nothing: the reply
  asks which one, with a button per contact (:class:`bot.errors.ChoiceError`), and for
  commands that may add someone, a button to add them as someone new;
- only a name that fits nobody adds a contact, and the command's reply says so
  (:func:`added_note`), so nobody appears in the journal unannounced.

A name that starts with ``+`` ("+Dana") asks for someone new on purpose: it is what the
"someone new" button sends, and what a person types to add a second Dana.
"""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from datetime import datetime

from bot.domain import Actor, Contact
from bot.errors import ChoiceError, NotFoundError, UsageError
from bot.grammar import Mention, Value, quote
from bot.ids import is_id_shaped, record_id
from bot.journal.names import NameMatch, Step, fold, match_name, same_company
from bot.journal.render import contact_label
from bot.ports import UnitOfWork

MAX_NAME_CHARS = 200
NEW_MARK = "+"
MAX_CHOICES = 5


def clean_name(value: Value | None, *, what: str = "contact", example: str) -> str | Mention:
    """A mention as is, or a stripped, non-empty name of sane length."""
    if isinstance(value, Mention):
        return value
    name = " ".join((value or "").split())
    if not name or name == NEW_MARK:
        raise UsageError(f"The {what}'s name is missing.", example=example)
    if len(name) > MAX_NAME_CHARS:
        raise UsageError(
            f"The {what}'s name is {len(name)} characters; keep it under {MAX_NAME_CHARS}.",
            example=example,
        )
    return name


def added_note(contact: Contact) -> str:
    """The sentence every reply carries when a command added someone."""
    return f"I added {contact.name} to your contacts (#{contact.number})."


async def find_contact(
    uow: UnitOfWork, owner: Actor, who: str | Mention, *, example: str
) -> Contact:
    """An existing contact by mention, number or name; asks (ChoiceError) when the name
    fits several or only nearly fits; NotFoundError when it fits nobody."""
    contact, _ = await _resolve(uow, owner, who, example=example, create=False)
    return contact


async def find_or_create_contact(
    uow: UnitOfWork,
    owner: Actor,
    who: str | Mention,
    *,
    company: str = "",
    role: str = "",
    industry: str = "",
    now: datetime,
    met_at: datetime | None = None,
) -> tuple[Contact, bool]:
    """Return (contact, created). Fills empty company/role/industry on an existing one.

    `met_at`: when the conversation that brings a new contact in was held. A new contact
    starts with it as their last interaction, which the lifecycle would set straight
    after anyway, costing an UPDATE of the row just inserted.

    The caller's reply must say when `created` (use :func:`added_note`)."""
    # A new contact gets its role and industry in its INSERT (not in an UPDATE after it).
    contact, created = await _resolve(
        uow,
        owner,
        who,
        example="contact list",
        create=True,
        company=company,
        now=now,
        role=role,
        industry=industry,
        met_at=met_at,
    )
    for attr, value in (("company", company), ("role", role), ("industry", industry)):
        if value and not getattr(contact, attr):
            setattr(contact, attr, value)
    return contact, created


async def same_person(
    uow: UnitOfWork, owner: Actor, name: str, company: str = ""
) -> Sequence[Contact]:
    """Contacts that are this person by the journal's rule: the same name once case and
    accents are set aside, and the same company (a missing company fits any). Used where
    a new name is being recorded (`contact add`, referrals), so no prefix or guess."""
    exact = await uow.contacts.find_by_name(owner, name)
    if exact:
        return [c for c in exact if same_company(company, c.company)]
    wanted = fold(name)
    ids = [p.id for p in await uow.contacts.names(owner) if fold(p.name) == wanted]
    found = await uow.contacts.get_many(owner, ids) if ids else []
    return [c for c in found if same_company(company, c.company)]


async def _resolve(
    uow: UnitOfWork,
    owner: Actor,
    who: str | Mention,
    *,
    example: str,
    create: bool,
    company: str = "",
    now: datetime | None = None,
    role: str = "",
    industry: str = "",
    met_at: datetime | None = None,
) -> tuple[Contact, bool]:
    def add(name: str, member_id: str | None) -> Awaitable[tuple[Contact, bool]]:
        return _add(
            uow,
            owner,
            name,
            member_id,
            company=company,
            role=role,
            industry=industry,
            now=now,
            met_at=met_at,
        )

    if isinstance(who, Mention):
        if who.user_id == owner.user_id:
            # A button meant for the other person of a shared message (a mentoring intro)
            # names them; clicked by that person it would name the clicker. Never a contact.
            raise UsageError(
                "That mention is you, and your journal is about the people you talk with.",
                hint="Name the other person, or mention them.",
            )
        found = await uow.contacts.find_by_member(owner, who.user_id)
        if found is not None:
            return found, False
        if create:
            return await add(who.label or who.user_id, who.user_id)
        raise _not_found(str(who), example)
    if is_id_shaped(who):
        number = record_id(who)
        by_id = await uow.contacts.by_number(owner, number) if number else None
        if by_id is None:
            raise _not_found(who, example)
        return by_id, False
    if not create and who.startswith(NEW_MARK) and who != NEW_MARK:
        who = who.removeprefix(NEW_MARK).strip()  # "someone new" means nothing to a lookup
    if create and who.startswith(NEW_MARK):
        name = clean_name(who[len(NEW_MARK) :], example=example)
        assert isinstance(name, str)
        if company:  # the same name at the same company is still the journal's one person
            twins = await same_person(uow, owner, name, company)
            same = [c for c in twins if c.company and fold(c.company) == fold(company)]
            if same:
                return same[0], False
        return await add(name, None)
    # The common case costs one query: the name as stored, in any case, or when nobody
    # has it, the light rows of every contact, to look closer.
    lookup = await uow.contacts.lookup_name(owner, who)
    exact = [c for c in lookup.exact if same_company(company, c.company)]
    if len(exact) == 1:
        return exact[0], False
    if exact:
        match = NameMatch(Step.EXACT, tuple(c.id for c in exact if c.id is not None))
    elif lookup.exact:  # the name is taken, at other companies: look among everyone
        match = match_name(who, await uow.contacts.names(owner), company=company)
    else:
        match = match_name(who, lookup.names, company=company)
    if match.sure:
        found = await uow.contacts.get(owner, match.ids[0])
        if found is not None:
            return found, False
    if match.step is Step.NONE:
        if create:
            return await add(who, None)
        raise _not_found(who, example)
    raise await _which_one(uow, owner, who, match, create=create, example=example)


async def _add(
    uow: UnitOfWork,
    owner: Actor,
    name: str,
    member_id: str | None,
    *,
    company: str,
    role: str,
    industry: str,
    now: datetime | None,
    met_at: datetime | None = None,
) -> tuple[Contact, bool]:
    contact = Contact(
        platform=owner.platform,
        workspace_id=owner.workspace_id,
        user_id=owner.user_id,
        name=name,
        company=company,
        role=role,
        industry=industry,
        member_id=member_id,
        created_at=now,
        last_interaction_at=met_at,
    )
    await uow.contacts.add(contact)
    return contact, True


def _not_found(who: str, example: str) -> NotFoundError:
    return NotFoundError(
        f"I can't find a contact called {who} in your contacts.",
        hint="`contact list` shows who you have; `contact add` adds someone.",
        example=example,
    )


async def _which_one(
    uow: UnitOfWork,
    owner: Actor,
    who: str,
    match: NameMatch,
    *,
    create: bool,
    example: str,
) -> ChoiceError:
    """The question for a name that fits several contacts or only nearly fits."""
    people = await uow.contacts.get_many(owner, list(match.ids[:MAX_CHOICES]))
    ordered = sorted(people, key=lambda c: match.ids.index(c.id or 0))
    choices = [(f"#{c.number} {contact_label(c)}", f"#{c.number}") for c in ordered]
    listed = "; ".join(f"#{c.number} {contact_label(c)}" for c in ordered)
    if match.step is Step.CLOSE:
        problem = (
            f"I can't find a contact called {who} in your contacts. Did you mean {_names(ordered)}?"
        )
    else:
        problem = f"{who} could be {_names(ordered, joiner='or')}: which one did you mean?"
    hint = f"Pick below, or use the number instead of the name ({listed})."
    if create:
        choices.append((f"Someone new: {who}"[:75], quote(NEW_MARK + who)))
        hint += f' To add someone new, write "{NEW_MARK}{who}".'
    if match.spilled:
        hint += " If the words after the name belong to an option, put its value in quotes."
    return ChoiceError(problem, typed=who, choices=tuple(choices), hint=hint, example=example)


def _names(people: Sequence[Contact], *, joiner: str = "or") -> str:
    labels = [contact_label(c) for c in people]
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + f" {joiner} " + labels[-1]
