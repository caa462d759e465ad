"""Find or create the contact a command names, deduplicated per user.

Two mentions of the same person must land on one contact: the same workspace member id,
or the same name and company compared case-insensitively.
"""

from __future__ import annotations

from datetime import datetime

from bot.domain import Actor, Contact
from bot.errors import NotFoundError, UsageError
from bot.grammar import Mention, Value
from bot.ids import is_id_shaped, record_id
from bot.ports import UnitOfWork

MAX_NAME_CHARS = 200


def clean_name(value: Value | None, *, what: str = "contact", example: str) -> str | Mention:
    """A mention as is, or a stripped, non-empty name of sane length."""
    if isinstance(value, Mention):
        return value
    name = " ".join((value or "").split())
    if not name:
        raise UsageError(f"The {what}'s name is missing.", example=example)
    if len(name) > MAX_NAME_CHARS:
        raise UsageError(
            f"The {what}'s name is {len(name)} characters; keep it under {MAX_NAME_CHARS}.",
            example=example,
        )
    return name


async def find_or_create_contact(
    uow: UnitOfWork,
    owner: Actor,
    who: str | Mention,
    *,
    company: str = "",
    role: str = "",
    industry: str = "",
    now: datetime,
) -> tuple[Contact, bool]:
    """Return (contact, created). Fills empty company/role/industry on an existing one."""
    existing: Contact | None = None
    if isinstance(who, str) and who.startswith("#") and is_id_shaped(who):
        # "#12" names an existing contact by number (as `contact list` shows it).
        return await find_contact(uow, owner, who, example="contact list"), False
    if isinstance(who, Mention):
        existing = await uow.contacts.find_by_member(owner, who.user_id)
        name = who.label or who.user_id
        member_id: str | None = who.user_id
    else:
        name, member_id = who, None
        matches = await uow.contacts.find_by_name(owner, name, company if company else None)
        if not company and len(matches) > 1:
            companies = ", ".join(sorted({m.company or "no company" for m in matches}))
            raise UsageError(
                f"You have several contacts called {name} ({companies}).",
                hint="Add the company to say which one.",
                example=f'interview log "{name}" company:"{matches[0].company}"',
            )
        existing = matches[0] if matches else None
    if existing is not None:
        for attr, value in (("company", company), ("role", role), ("industry", industry)):
            if value and not getattr(existing, attr):
                setattr(existing, attr, value)
        return existing, False
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
    )
    await uow.contacts.add(contact)
    return contact, True


async def find_contact(
    uow: UnitOfWork, owner: Actor, who: str | Mention, *, example: str
) -> Contact:
    """An existing contact by mention, id (``#12`` or ``12``) or name; NotFoundError if none."""
    if isinstance(who, Mention):
        found = await uow.contacts.find_by_member(owner, who.user_id)
    elif is_id_shaped(who):
        number = record_id(who)
        found = await uow.contacts.get(owner, number) if number else None
    else:
        matches = await uow.contacts.find_by_name(owner, who)
        if len(matches) > 1:
            raise UsageError(
                f"You have several contacts called {who}; use the contact number instead.",
                hint="`contact list` shows the numbers.",
                example=f"contact show #{matches[0].id}",
            )
        found = matches[0] if matches else None
    if found is None:
        raise NotFoundError(
            f"I can't find a contact called {who} in your contacts.",
            hint="`contact list` shows who you have; `contact add` adds someone.",
            example=example,
        )
    return found
