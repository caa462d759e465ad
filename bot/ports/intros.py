"""Warm introductions: companies members can introduce people to, and requests for one.

An offer is a company name only (never a contact's name): what a member chose to publish
from their own journal or typed. A request is a seeker asking one such member for an
introduction at one company, with a reason; it is the seeker's and the member's alone.
The third party (the member's contact) appears nowhere here: their name stays in the
member's own journal, and only the member can send it to anyone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from bot.domain import Actor, Profile
from bot.ports.requests import SweepResult


class IntroStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    #: The member could not be reached (DMs closed): the seeker's slot is freed.
    UNDELIVERED = "undelivered"
    #: Five days without an answer (the sweep): the slot is freed, nobody is charged.
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class IntroOffer:
    """A company a member said they can introduce people to."""

    platform: str
    workspace_id: str
    user_id: str
    #: As the member wrote it ("Acme Ltd"), shown to seekers.
    company: str
    #: Folded for matching ("acme"): accents, case and legal suffixes set aside.
    key: str


@dataclass(eq=False)
class IntroRequest:
    """A seeker's request to one member for an introduction at one company."""

    platform: str
    workspace_id: str
    seeker_id: str
    member_id: str
    company: str
    company_key: str
    reason: str
    created_at: datetime
    status: str = IntroStatus.OPEN.value
    #: When it was answered, or closed without an answer (undelivered, expired).
    answered_at: datetime | None = None
    #: The sweep's clock, as for conversation requests (bot/directory/request_model.py):
    #: the one reminder to the member, then expiry. Cleared once it is answered.
    reminded_at: datetime | None = None
    expires_at: datetime | None = None
    next_check_at: datetime | None = None
    id: int | None = None

    @property
    def seeker(self) -> Actor:
        return Actor(self.platform, self.workspace_id, self.seeker_id)

    @property
    def member(self) -> Actor:
        return Actor(self.platform, self.workspace_id, self.member_id)


@dataclass(frozen=True, slots=True)
class Introducers:
    """Who can introduce a seeker at one company: how many, and the first few."""

    total: int
    profiles: Sequence[Profile]
    #: The company as one of them wrote it ("Acme Ltd"), for the reply's wording.
    company: str = ""


class IntroRepository(Protocol):
    async def offers(self, owner: Actor) -> Sequence[IntroOffer]:
        """The owner's own offers, by company name."""
        ...

    async def add_offers(
        self, owner: Actor, companies: Sequence[tuple[str, str]], now: datetime
    ) -> int:
        """Publish (company, key) pairs the owner does not offer yet; returns how many."""
        ...

    async def remove_offers(self, owner: Actor, keys: Sequence[str]) -> int:
        """Withdraw the owner's offers with these keys; returns how many went."""
        ...

    async def clear_offers(self, owner: Actor) -> int:
        """Withdraw every offer of the owner (they left the directory)."""
        ...

    async def introducers(
        self,
        platform: str,
        workspace_id: str,
        key: str,
        *,
        seeker_id: str,
        now: datetime,
        limit: int,
    ) -> Introducers:
        """Listed, unpaused members of the workspace offering `key`, other than the seeker
        and anyone who blocked them, in rotation order (at most `limit` of them), and how
        many there are in all (blockers left out of the count as well)."""
        ...

    async def offered(
        self, platform: str, workspace_id: str, *, seeker_id: str, now: datetime, limit: int
    ) -> Sequence[tuple[str, str]]:
        """(key, company) pairs offered by listed, unpaused members who have not blocked
        the seeker: what "did you mean" chooses from, so it never names a company only a
        hidden blocker offers. At most `limit`, most offered first."""
        ...

    async def add_request(self, request: IntroRequest) -> IntroRequest: ...

    async def get_request(
        self, platform: str, workspace_id: str, request_id: int
    ) -> IntroRequest | None: ...

    async def requests_by(self, seeker: Actor) -> Sequence[IntroRequest]:
        """Every request the seeker made, newest first."""
        ...

    async def requests_to(self, member: Actor, *, status: str) -> Sequence[IntroRequest]:
        """Requests to the member in `status`, oldest first."""
        ...

    async def answer(
        self, request: IntroRequest, status: str, at: datetime, *, expected: str
    ) -> bool:
        """Move the request from `expected` to `status` if it is still there (two clicks
        on Accept answer once), and off the sweep's clock; True when this call moved it."""
        ...

    async def sweep(self, now: datetime, *, limit: int) -> SweepResult:
        """Up to `limit` due requests moved on, with their outbox rows, in this unit of
        work, as conversation requests are: an open one past its reminder time gets one
        reminder to the member; one past expiry expires with news for the seeker."""
        ...
