"""The reminders outbox: users manage rows; the dispatcher claims and settles them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.domain import Actor, Reminder


@dataclass(frozen=True, slots=True)
class Settlement:
    """How one claimed reminder ends its delivery attempt.

    Applied only while the row is still claimed by the same token, so a dispatcher whose
    lease expired (and whose row another dispatcher re-claimed) cannot overwrite the result.
    `attempts_delta=-1` hands back the attempt the claim counted when nothing was tried
    (quiet hours, paused user, rate limit).
    """

    reminder_id: int
    status: str
    sent_at: datetime | None = None
    late: bool = False
    message_ref: str = ""
    last_error: str = ""
    not_before: datetime | None = None
    attempts_delta: int = 0


WorkspaceKey = tuple[str, str]


@dataclass(frozen=True, slots=True)
class ClaimLimits:
    """How many rows one claim may take from each workspace.

    The dispatcher knows what each workspace may send right now (its rate-limit bucket),
    so it says so before claiming: a workspace with no room is left out of the claim
    instead of being claimed and put back, and one with a little room takes only that
    much. Rows it cannot send now stay untouched for a later claim, so they never
    crowd out another workspace's check-ins.
    """

    #: Most rows any one workspace may take in this claim.
    per_workspace: int
    #: Workspaces allowed fewer (0: rate-limited now, skip it entirely).
    workspaces: Mapping[WorkspaceKey, int] = field(default_factory=dict)

    def quota(self, key: WorkspaceKey) -> int:
        return max(0, min(self.workspaces.get(key, self.per_workspace), self.per_workspace))

    def skipped(self) -> list[WorkspaceKey]:
        return sorted(k for k, n in self.workspaces.items() if n <= 0)

    def reduced(self) -> dict[WorkspaceKey, int]:
        """Workspaces with some room, but less than `per_workspace`."""
        return {k: n for k, n in self.workspaces.items() if 0 < n < self.per_workspace}


class ReminderRepository(Protocol):
    async def add(self, reminder: Reminder) -> Reminder: ...

    async def add_all(self, reminders: Sequence[Reminder]) -> None:
        """Schedule several at once. They are written with the unit of work's next write
        (at the latest its commit), batched into one statement; ids are set then."""
        ...

    async def get(self, owner: Actor, reminder_id: int) -> Reminder | None: ...

    async def by_number(self, owner: Actor, number: int) -> Reminder | None:
        """The owner's check-in numbered `number` (`#3`: per person, never reused)."""
        ...

    async def list(
        self, owner: Actor, *, statuses: Sequence[str] | None = None
    ) -> Sequence[Reminder]:
        """The owner's reminders, soonest first."""
        ...

    async def list_for_contact(self, owner: Actor, contact_id: int) -> Sequence[Reminder]: ...

    async def list_round_messages(
        self, platform: str, workspace_id: str, round_key: str
    ) -> Sequence[Reminder]:
        """A match round's outbox rows (introductions, unmatched notices, announcement),
        whoever owns them: their statuses are the round's delivery report."""
        ...

    async def list_for_interview(self, owner: Actor, interview_id: int) -> Sequence[Reminder]: ...

    async def delete(self, reminder: Reminder) -> None: ...

    async def claim_due(
        self,
        now: datetime,
        *,
        limit: int,
        lease_seconds: float,
        token: str,
        owner: Actor | None = None,
        limits: ClaimLimits | None = None,
    ) -> Sequence[Reminder]:
        """Atomically claim up to `limit` due reminders (pending and not deferred past
        `now`, or claimed with an expired lease) for this dispatcher; no two callers ever
        get the same row. Each claim counts one attempt. With `owner`, only that person's
        reminders: a console delivers its own user's, others wait for their own console.

        The claim is fair: rows are taken round-robin across workspaces, and across
        people within a workspace, so one backlog never fills a claim while another
        workspace's check-in waits. `limits` caps each workspace's share (default: the
        whole `limit`) and skips those with no room."""
        ...

    async def pending_due(
        self, owner: Actor, *, before: datetime
    ) -> Sequence[tuple[int, datetime]]:
        """(id, due time) of the owner's pending reminders due before `before`, overdue
        ones included: what pacing new check-ins needs, without loading whole rows."""
        ...

    async def settle(self, token: str, settlements: Sequence[Settlement]) -> set[int]:
        """Apply results to rows still claimed by `token`; returns the ids it changed.
        A row that ends (anything but pending) loses its in-flight mark; one put back
        to pending keeps it, since its earlier send may still have arrived."""
        ...

    async def mark_in_flight(self, token: str, ids: Sequence[int], at: datetime) -> set[int]:
        """Record that these rows, still claimed by `token`, are about to reach the
        platform (`sending_since`; an earlier mark is kept, as it covers more). Returns
        the ids marked: only those may be sent."""
        ...

    async def extend_claim(self, token: str, until: datetime) -> int:
        """Push the lease of every row still claimed by `token` to `until` (a living
        dispatcher's heartbeat); returns how many rows it kept."""
        ...

    async def release_deferred(self, owner: Actor) -> int:
        """Clear dispatcher deferrals of the owner's pending rows (e.g. after unpausing)."""
        ...
