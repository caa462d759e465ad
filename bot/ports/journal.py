"""Repositories of the interview journal. Every method is scoped by its owner."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from bot.domain import Actor, Contact, Interview, Outcome


class ContactRepository(Protocol):
    async def add(self, contact: Contact) -> Contact: ...

    async def get(self, owner: Actor, contact_id: int) -> Contact | None: ...

    async def list(self, owner: Actor) -> Sequence[Contact]: ...

    async def get_many(self, owner: Actor, contact_ids: Sequence[int]) -> Sequence[Contact]:
        """The owner's contacts among `contact_ids` (others' ids are simply absent)."""
        ...

    async def find_by_member(self, owner: Actor, member_id: str) -> Contact | None: ...

    async def find_by_name(
        self, owner: Actor, name: str, company: str | None = None
    ) -> Sequence[Contact]:
        """Case-insensitive name match; `company` narrows it when given."""
        ...

    async def delete(self, contact: Contact) -> None: ...


class InterviewRepository(Protocol):
    async def add(self, interview: Interview) -> Interview: ...

    async def get(self, owner: Actor, interview_id: int) -> Interview | None: ...

    async def list(
        self,
        owner: Actor,
        *,
        status: str | None = None,
        contact_ids: Sequence[int] | None = None,
        limit: int | None = None,
    ) -> Sequence[Interview]:
        """Newest first (by held, scheduled or created time); at most `limit`, which the
        database applies (a long journal is not loaded to show its first page)."""
        ...

    async def count(
        self,
        owner: Actor,
        *,
        status: str | None = None,
        contact_ids: Sequence[int] | None = None,
    ) -> int:
        """How many :meth:`list` would return without a limit."""
        ...

    async def count_by_contact(self, owner: Actor) -> Mapping[int, int]:
        """Interviews per contact id (contacts with none are absent)."""
        ...

    async def delete(self, interview: Interview) -> None: ...


class OutcomeRepository(Protocol):
    async def add(self, outcome: Outcome) -> Outcome: ...

    async def list(self, owner: Actor) -> Sequence[Outcome]: ...
