"""Repositories of the interview journal. Every method is scoped by its owner."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.domain import Actor, Contact, Interview, Outcome


@dataclass(frozen=True, slots=True)
class NameLookup:
    """What looking a typed name up finds: the contacts stored under it (any case), or,
    when there are none, every contact's light row for a closer look."""

    exact: Sequence[Contact]
    names: Sequence[ContactName]


@dataclass(frozen=True, slots=True)
class StageRow:
    """What the funnel counts of one interview (stats read thousands: no notes)."""

    id: int
    status: str
    held_at: datetime | None
    thanked_at: datetime | None


@dataclass(frozen=True, slots=True)
class ReferralRow:
    """What counting referrals needs of one contact: who they are, who referred them."""

    id: int
    name: str
    referred_by_id: int | None
    number: int = 0  #: what the person sees (`#3`)


@dataclass(frozen=True, slots=True)
class ContactName:
    """The little a name lookup needs (not notes or links): one light row per contact."""

    id: int
    name: str
    company: str = ""


@dataclass(frozen=True, slots=True)
class ContactFootprint:
    """What hangs on one contact: shown before a merge or a delete, so nobody is surprised."""

    interviews: int = 0
    pending_reminders: int = 0
    outcomes: int = 0
    referred: int = 0  #: contacts whose `referred_by` is this one


class ContactRepository(Protocol):
    async def add(self, contact: Contact) -> Contact: ...

    async def get(self, owner: Actor, contact_id: int) -> Contact | None: ...

    async def by_number(self, owner: Actor, number: int) -> Contact | None:
        """The owner's contact numbered `number` (`#3`: per person, never reused)."""
        ...

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

    async def lookup_name(self, owner: Actor, name: str) -> NameLookup:
        """`find_by_name`, and `names` only when that finds nobody: one round trip.

        Why: a journal lookup by name reads the names whenever the name is new (to
        catch a typo or a nickname), which is every time someone logs a first talk."""
        ...

    async def delete(self, contact: Contact) -> None: ...

    async def names(self, owner: Actor) -> Sequence[ContactName]:
        """Every contact's id, name and company (a name lookup reads no more than that)."""
        ...

    async def referral_rows(self, owner: Actor) -> Sequence[ReferralRow]:
        """Every contact's id, name and referrer (for counting referrals in stats)."""
        ...

    async def footprint(self, owner: Actor, contact_id: int) -> ContactFootprint: ...

    async def move_links(self, owner: Actor, from_id: int, to_id: int) -> None:
        """Point everything that names `from_id` at `to_id`: interviews, reminders,
        outcomes, and contacts it referred (`to_id` itself excepted). For a merge; the
        caller then deletes `from_id`. Pending changes are written first."""
        ...

    async def remove(self, owner: Actor, contact: Contact) -> None:
        """Delete a contact with its interviews, reminders and outcomes. Contacts it
        referred stay, with no referrer (the chain then starts at them)."""
        ...


class InterviewRepository(Protocol):
    async def add(self, interview: Interview) -> Interview: ...

    async def get(self, owner: Actor, interview_id: int) -> Interview | None: ...

    async def by_number(self, owner: Actor, number: int) -> Interview | None:
        """The owner's interview numbered `number` (`#3`: per person, never reused)."""
        ...

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

    async def stage_rows(self, owner: Actor) -> Sequence[StageRow]:
        """Every interview's id, status, held and thanked times (for `inroads stats`)."""
        ...

    async def delete(self, interview: Interview) -> None: ...


class OutcomeRepository(Protocol):
    async def add(self, outcome: Outcome) -> Outcome: ...

    async def list(self, owner: Actor) -> Sequence[Outcome]: ...
