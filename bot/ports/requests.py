"""Conversation requests between members, and who blocked whom (issue 18 §2).

Requests are shared rows: each is read by exactly two people, its seeker and its
helper, and every read here is scoped by tenant and by one of those two ids. Admins get
:class:`RequestFigures`, which holds counts and durations only: no ids, no text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.directory.request_model import ConversationRequest, MemberBlock
from bot.domain import Actor


@dataclass(frozen=True, slots=True)
class SweepResult:
    reminded: int = 0
    expired: int = 0

    @property
    def total(self) -> int:
        return self.reminded + self.expired


@dataclass(frozen=True)
class RequestFigures:
    """A workspace's (or, for metrics, every workspace's) requests as numbers only."""

    #: Requests that were sent, by status (drafts never count).
    statuses: Mapping[str, int] = field(default_factory=dict)
    #: Seconds from sending to the helper's answer, one per answered request.
    answer_seconds: Sequence[float] = ()
    #: Requests each helper received (one number per helper, in no particular order).
    received: Sequence[int] = ()
    #: Helpers whose accepted requests this month exceed their budget.
    over_budget: int = 0
    #: Accepted requests whose conversation the seeker logged as held (or thanked).
    held: int = 0
    listed: int = 0
    paused: int = 0
    #: Mentor matching alongside: introductions sent, and pairs who said they met.
    mentor_intros: int = 0
    mentor_met: int = 0


class RequestRepository(Protocol):
    async def add(self, request: ConversationRequest) -> ConversationRequest: ...

    async def get(
        self, platform: str, workspace_id: str, request_id: int
    ) -> ConversationRequest | None:
        """The request in this tenant, whoever's it is: callers check the reader is its
        seeker or helper before showing anything."""
        ...

    async def list_for(self, member: Actor, *, limit: int = 50) -> Sequence[ConversationRequest]:
        """Requests the member sent or received, newest first."""
        ...

    async def sent_by(
        self, seeker: Actor, *, statuses: Sequence[str]
    ) -> Sequence[ConversationRequest]:
        """The seeker's requests in these statuses (any helper)."""
        ...

    async def waiting_for(self, helper: Actor) -> Sequence[ConversationRequest]:
        """Requests waiting on this helper (open, or times offered)."""
        ...

    async def charges(
        self, platform: str, workspace_id: str, helper_ids: Sequence[str], *, since: datetime
    ) -> Mapping[str, int]:
        """Per helper: requests accepted since `since` plus those waiting now (the
        budget used; helpers with none are left out)."""
        ...

    async def sweep(self, now: datetime, *, limit: int) -> SweepResult:
        """Up to `limit` due requests moved on, with their outbox rows, in this unit of
        work: open ones past the reminder time get one reminder to the helper; waiting
        ones past expiry expire (no budget charged) with news for the seeker."""
        ...

    async def figures(
        self,
        platform: str | None,
        workspace_id: str | None,
        *,
        now: datetime,
        month_start: datetime,
    ) -> RequestFigures:
        """Aggregates of one workspace, or of every workspace when both are None."""
        ...

    async def block(self, block: MemberBlock) -> bool:
        """Record the block; False when it was already there."""
        ...

    async def unblock(self, blocker: Actor, blocked_id: str) -> bool: ...

    async def blocks(self, blocker: Actor) -> Sequence[MemberBlock]: ...

    async def blockers_of(self, member: Actor) -> frozenset[str]:
        """Ids of the members who blocked `member` (never shown to them)."""
        ...
