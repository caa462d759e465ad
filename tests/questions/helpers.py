"""Seeding the fake store directly, so these tests depend only on the questions feature."""

from __future__ import annotations

from datetime import datetime

from bot.domain import Actor, Contact, Interview
from tests.conftest import ALICE, CoreHarness


def add_contact(
    core: CoreHarness,
    name: str,
    *,
    owner: Actor = ALICE,
    role: str = "",
    industry: str = "",
    company: str = "",
    seniority: str = "",
) -> Contact:
    contact = Contact(
        owner.platform,
        owner.workspace_id,
        owner.user_id,
        name,
        company=company,
        role=role,
        industry=industry,
        seniority=seniority,
    )
    core.uow.store.insert("contacts", contact)
    return contact


def add_interview(
    core: CoreHarness,
    contact: Contact,
    *,
    status: str = "held",
    held_at: datetime | None = None,
    asked: list[str] | None = None,
    takeaways: str = "",
    notes: str = "",
    owner: Actor = ALICE,
) -> Interview:
    interview = Interview(
        owner.platform,
        owner.workspace_id,
        owner.user_id,
        contact.id or 0,
        status=status,
        held_at=held_at or core.clock.now(),
        takeaways=takeaways,
        notes=notes,
        questions_asked=list(asked or []),
    )
    core.uow.store.insert("interviews", interview)
    return interview
