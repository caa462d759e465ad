"""Waiting commands served round-robin: across workspaces, then across people in each.

One member's burst of 200 commands must not delay another member's single command, and
one busy community must not delay another. So there is a queue per person, grouped per
workspace, and the next command to run is the next person's oldest, taking workspaces in
turn: a newcomer waits for at most one command per active person ahead of them, never
for somebody's whole backlog.

One person's commands run one at a time, in the order they were sent: a person with a
command running is passed over until it ends. Otherwise `interview log Dana` and
`checkin add Dana …` sent together could both find no "Dana" and create two.

The counts (waiting plus running, per person, per workspace, in all) are what the ack
checks against the limits: past one, the person is told the bot is busy and nothing is
queued.
"""

from __future__ import annotations

from collections import Counter, OrderedDict, deque
from dataclasses import dataclass
from datetime import datetime

from storage.inbox import InboxEntry


@dataclass(frozen=True)
class Limits:
    """Most commands waiting or running at once: per person, per workspace, in all."""

    per_user: int = 20
    per_workspace: int = 300
    total: int = 2000


class FairQueue:
    def __init__(self) -> None:
        # workspace -> person -> their commands, oldest first. OrderedDicts are the
        # rotations: the one served moves to the back.
        self._waiting: OrderedDict[tuple[str, str], OrderedDict[str, deque[InboxEntry]]] = (
            OrderedDict()
        )
        self._per_user: Counter[tuple[str, str, str]] = Counter()
        self._per_workspace: Counter[tuple[str, str]] = Counter()
        self._held = 0  # waiting + running
        self._queued = 0
        # Keyed by the entry object, not its row id: a row's id must not decide whose
        # command ended (SQLite once handed a deleted row's id to the next one).
        self._running: dict[int, InboxEntry] = {}  # id(entry) -> entry
        self._busy: set[tuple[str, str, str]] = set()  # people with a command running

    # -- admission -------------------------------------------------------------------
    def admits(self, platform: str, workspace_id: str, user_id: str, limits: Limits) -> bool:
        return (
            self._held < limits.total
            and self._per_workspace[(platform, workspace_id)] < limits.per_workspace
            and self._per_user[(platform, workspace_id, user_id)] < limits.per_user
        )

    def reserve(self, platform: str, workspace_id: str, user_id: str) -> None:
        """Count a command being written, so a burst cannot pass the limits while its
        batch is still on the way to the database."""
        self._count(platform, workspace_id, user_id, 1)

    def unreserve(self, platform: str, workspace_id: str, user_id: str) -> None:
        self._count(platform, workspace_id, user_id, -1)

    # -- queueing --------------------------------------------------------------------
    def push(self, entry: InboxEntry, *, reserved: bool = False) -> None:
        space = (entry.platform, entry.workspace_id)
        people = self._waiting.setdefault(space, OrderedDict())
        people.setdefault(entry.user_id, deque()).append(entry)
        if not reserved:
            self._count(entry.platform, entry.workspace_id, entry.user_id, 1)
        self._queued += 1

    def pop(self) -> InboxEntry | None:
        """The next command to run, or None when nothing can start now (nothing waits,
        or only people whose previous command is still running); it counts as running
        until `done`."""
        for space, people in self._waiting.items():
            for user, queue in people.items():
                if (*space, user) in self._busy:
                    continue
                entry = queue.popleft()
                people.move_to_end(user)
                if not queue:
                    del people[user]
                self._waiting.move_to_end(space)
                if not people:
                    del self._waiting[space]
                self._queued -= 1
                self._running[id(entry)] = entry
                self._busy.add((*space, user))
                return entry
        return None

    def done(self, entry: InboxEntry) -> None:
        if self._running.pop(id(entry), None) is not None:
            self._busy.discard((entry.platform, entry.workspace_id, entry.user_id))
        self._forget(entry)

    def drain_waiting(self) -> list[InboxEntry]:
        """Everything not started, removed (to hand back at a stop)."""
        left = [e for people in self._waiting.values() for q in people.values() for e in q]
        self._waiting.clear()
        for entry in left:
            self._forget(entry)
        self._queued = 0
        return left

    def _forget(self, entry: InboxEntry) -> None:
        self._count(entry.platform, entry.workspace_id, entry.user_id, -1)

    def _count(self, platform: str, workspace_id: str, user_id: str, step: int) -> None:
        space = (platform, workspace_id)
        person = (platform, workspace_id, user_id)
        self._per_user[person] += step
        if self._per_user[person] <= 0:
            del self._per_user[person]
        self._per_workspace[space] += step
        if self._per_workspace[space] <= 0:
            del self._per_workspace[space]
        self._held += step

    # -- figures ---------------------------------------------------------------------
    @property
    def held(self) -> int:
        """Waiting plus running."""
        return self._held

    @property
    def queued(self) -> int:
        return self._queued

    @property
    def running(self) -> int:
        return len(self._running)

    def oldest(self) -> datetime | None:
        """When the oldest command still held (waiting or running) arrived."""
        times = [q[0].received_at for people in self._waiting.values() for q in people.values()]
        times.extend(e.received_at for e in self._running.values())
        return min(times, default=None)
