"""In-memory fakes of the ports, for unit tests of the core (no database).

The fake unit of work snapshots the store on entry and restores it unless committed, so
"nothing is written on rejection" can be asserted without SQL.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import AsyncIterator, Iterable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.domain import (
    FORGOTTEN_ID,
    ActionItem,
    Actor,
    Contact,
    CustomQuestion,
    GroupConfig,
    Interview,
    Match,
    MatchRound,
    Outcome,
    Profile,
    Reminder,
    ReminderStatus,
    UserSettings,
)
from bot.ports import Clock, Notifier, UnitOfWorkFactory
from bot.ports.directory import DirectoryHit, DirectoryQuery
from bot.ports.journal import ContactFootprint, ContactName, NameLookup, ReferralRow, StageRow
from bot.ports.reminders import ClaimLimits, Settlement
from bot.reply import Reply
from bot.states import ROUND_MESSAGE_KINDS
from tests.fake_imports import FakeContactImports
from tests.fake_intros import FakeIntros
from tests.fake_requests import FakeRequests, forget_requests


def owns(item: Any, owner: Actor) -> bool:
    return (item.platform, item.workspace_id, item.user_id) == owner.key


def in_tenant(item: Any, platform: str, workspace_id: str) -> bool:
    return (item.platform, item.workspace_id) == (platform, workspace_id)


#: Tables whose rows get a per-person number, and their counter kinds.
NUMBERED = {
    "contacts": "contact",
    "interviews": "interview",
    "reminders": "reminder",
    "action_items": "action_item",
    "custom_questions": "question",
    "contact_imports": "contact_import",
    "match_rounds": "round",
    "matches": "match",
}
#: Kinds counted per workspace (the owner "" of storage/numbering.py).
GROUP_KINDS = {"round", "match"}


@dataclass
class MemoryStore:
    rows: dict[str, list[Any]] = field(default_factory=dict)
    ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    #: The last per-person number per (platform, workspace, user, kind), as
    #: storage/numbering.py keeps it in `owner_counters`.
    counters: dict[tuple[str, str, str, str], int] = field(default_factory=dict)

    def table(self, name: str) -> list[Any]:
        return self.rows.setdefault(name, [])

    def insert(self, name: str, item: Any) -> Any:
        if item.id is None:
            item.id = next(self.ids)
        kind = NUMBERED.get(name)
        if kind is not None and item.number is None:
            owner = "" if kind in GROUP_KINDS else item.user_id
            # Messages that are no check-in count down on a counter of their own.
            notice = kind == "reminder" and item.kind in ROUND_MESSAGE_KINDS
            key = (item.platform, item.workspace_id, owner, "notice" if notice else kind)
            self.counters[key] = last = self.counters.get(key, 0) + 1
            item.number = -last if notice else last
        if item not in self.table(name):
            self.table(name).append(item)
        return item

    def count(self) -> int:
        return sum(len(v) for v in self.rows.values())


class _Repo:
    name = ""

    def __init__(self, store: MemoryStore) -> None:
        self.store = store

    @property
    def items(self) -> list[Any]:
        return self.store.table(self.name)

    async def add(self, item: Any) -> Any:
        return self.store.insert(self.name, item)

    async def delete(self, item: Any) -> None:
        self.items[:] = [i for i in self.items if i is not item]

    def _owned(self, owner: Actor) -> list[Any]:
        return [i for i in self.items if owns(i, owner)]

    def _by_id(self, owner: Actor, item_id: int) -> Any:
        return next((i for i in self._owned(owner) if i.id == item_id), None)

    async def by_number(self, owner: Actor, number: int) -> Any:
        return next((i for i in self._owned(owner) if i.number == number), None)


class FakeContacts(_Repo):
    name = "contacts"

    async def get(self, owner: Actor, contact_id: int) -> Contact | None:
        return self._by_id(owner, contact_id)  # type: ignore[no-any-return]

    async def list(self, owner: Actor) -> Sequence[Contact]:
        return sorted(self._owned(owner), key=lambda c: (c.name.lower(), c.id))

    async def get_many(self, owner: Actor, contact_ids: Sequence[int]) -> Sequence[Contact]:
        return [c for c in self._owned(owner) if c.id in set(contact_ids)]

    async def find_by_member(self, owner: Actor, member_id: str) -> Contact | None:
        return next((c for c in self._owned(owner) if c.member_id == member_id), None)

    async def find_by_name(
        self, owner: Actor, name: str, company: str | None = None
    ) -> Sequence[Contact]:
        return [
            c
            for c in self._owned(owner)
            if c.name.lower() == name.strip().lower()
            and (company is None or c.company.lower() == company.strip().lower())
        ]

    async def names(self, owner: Actor) -> Sequence[ContactName]:
        return [ContactName(c.id, c.name, c.company) for c in self._owned(owner)]

    async def lookup_name(self, owner: Actor, name: str) -> NameLookup:
        exact = await self.find_by_name(owner, name)
        return NameLookup(exact, [] if exact else await self.names(owner))

    async def referral_rows(self, owner: Actor) -> Sequence[ReferralRow]:
        return [ReferralRow(c.id, c.name, c.referred_by_id, c.number) for c in self._owned(owner)]

    async def footprint(self, owner: Actor, contact_id: int) -> ContactFootprint:
        def mine(table: str) -> list[Any]:
            return [r for r in self.store.table(table) if owns(r, owner)]

        return ContactFootprint(
            interviews=sum(1 for i in mine("interviews") if i.contact_id == contact_id),
            pending_reminders=sum(
                1
                for r in mine("reminders")
                if r.contact_id == contact_id
                and r.status in (ReminderStatus.PENDING.value, ReminderStatus.CLAIMED.value)
            ),
            outcomes=sum(1 for o in mine("outcomes") if o.contact_id == contact_id),
            referred=sum(1 for c in mine("contacts") if c.referred_by_id == contact_id),
        )

    async def move_links(self, owner: Actor, from_id: int, to_id: int) -> None:
        for table in ("interviews", "reminders", "outcomes", "action_items"):
            for row in self.store.table(table):
                if owns(row, owner) and row.contact_id == from_id:
                    row.contact_id = to_id
        for contact in self._owned(owner):
            if contact.referred_by_id == from_id and contact.id != to_id:
                contact.referred_by_id = to_id

    async def remove(self, owner: Actor, contact: Contact) -> None:
        """What the database's foreign keys and the SQL repository do together."""
        gone = [i.id for i in self.store.table("interviews") if owns(i, owner)
                and i.contact_id == contact.id]  # fmt: skip
        for table in ("action_items", "reminders", "outcomes", "interviews"):
            rows = self.store.table(table)
            rows[:] = [r for r in rows if not (owns(r, owner) and r.contact_id == contact.id)]
        reminders = self.store.table("reminders")  # reminders.interview_id cascades
        reminders[:] = [
            r for r in reminders if r.interview_id is None or r.interview_id not in gone
        ]
        for outcome in self.store.table("outcomes"):
            if outcome.interview_id in gone:
                outcome.interview_id = None
        for other in self._owned(owner):
            if other.referred_by_id == contact.id:
                other.referred_by_id = None
        await self.delete(contact)


class FakeInterviews(_Repo):
    name = "interviews"

    async def get(self, owner: Actor, interview_id: int) -> Interview | None:
        return self._by_id(owner, interview_id)  # type: ignore[no-any-return]

    async def list(
        self,
        owner: Actor,
        *,
        status: str | None = None,
        contact_ids: Sequence[int] | None = None,
        limit: int | None = None,
    ) -> Sequence[Interview]:
        found = [
            i
            for i in self._owned(owner)
            if (status is None or i.status == status)
            and (contact_ids is None or i.contact_id in contact_ids)
        ]
        epoch = datetime.min.replace(tzinfo=UTC)
        found.sort(
            key=lambda i: (
                i.held_at or i.scheduled_at or i.requested_at or i.created_at or epoch,
                i.id,
            ),
            reverse=True,
        )
        return found[:limit] if limit is not None else found

    async def count(
        self,
        owner: Actor,
        *,
        status: str | None = None,
        contact_ids: Sequence[int] | None = None,
    ) -> int:
        return len(await self.list(owner, status=status, contact_ids=contact_ids))

    async def count_by_contact(self, owner: Actor) -> Mapping[int, int]:
        counts: dict[int, int] = {}
        for interview in self._owned(owner):
            counts[interview.contact_id] = counts.get(interview.contact_id, 0) + 1
        return counts

    async def stage_rows(self, owner: Actor) -> Sequence[StageRow]:
        return [StageRow(i.id, i.status, i.held_at, i.thanked_at) for i in self._owned(owner)]


class FakeOutcomes(_Repo):
    name = "outcomes"

    async def list(self, owner: Actor) -> Sequence[Outcome]:
        return self._owned(owner)


class FakeActionItems(_Repo):
    name = "action_items"

    async def get(self, owner: Actor, item_id: int) -> ActionItem | None:
        return self._by_id(owner, item_id)  # type: ignore[no-any-return]

    async def list(
        self, owner: Actor, *, interview_id: int | None = None, open_only: bool = False
    ) -> Sequence[ActionItem]:
        found = [
            i
            for i in self._owned(owner)
            if (interview_id is None or i.interview_id == interview_id)
            and not (open_only and i.done_at is not None)
        ]
        latest = datetime.max.replace(tzinfo=UTC)
        return sorted(found, key=lambda i: (i.done_at is not None, i.due_at or latest, i.id))


class FakeReminders(_Repo):
    name = "reminders"

    async def get(self, owner: Actor, reminder_id: int) -> Reminder | None:
        return self._by_id(owner, reminder_id)  # type: ignore[no-any-return]

    async def list(
        self, owner: Actor, *, statuses: Sequence[str] | None = None
    ) -> Sequence[Reminder]:
        found = [r for r in self._owned(owner) if statuses is None or r.status in statuses]
        return sorted(found, key=lambda r: (r.due_at, r.id))

    async def add_all(self, reminders: Sequence[Reminder]) -> None:
        for reminder in reminders:
            await self.add(reminder)

    async def list_for_contact(self, owner: Actor, contact_id: int) -> Sequence[Reminder]:
        return [r for r in await self.list(owner) if r.contact_id == contact_id]

    async def list_for_interview(self, owner: Actor, interview_id: int) -> Sequence[Reminder]:
        return [r for r in await self.list(owner) if r.interview_id == interview_id]

    async def list_round_messages(
        self, platform: str, workspace_id: str, round_key: str
    ) -> Sequence[Reminder]:
        return [
            r
            for r in self.items
            if in_tenant(r, platform, workspace_id)
            and r.kind in ROUND_MESSAGE_KINDS
            and r.text == round_key
        ]

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
        """The SQL claim's order, exactly: round-robin over people within a workspace,
        then over workspaces, each workspace within its quota (the fake sees every row,
        so it needs no oldest/newest shortcut)."""
        limits = limits or ClaimLimits(per_workspace=limit)
        due = sorted(
            (
                r
                for r in self.items
                if (owner is None or (r.platform, r.workspace_id, r.user_id) == owner.key)
                and limits.quota((r.platform, r.workspace_id)) > 0
                and (
                    (
                        r.status == ReminderStatus.PENDING.value
                        and r.due_at <= now
                        and (r.not_before is None or r.not_before <= now)
                    )
                    or (
                        r.status == ReminderStatus.CLAIMED.value
                        and r.claimed_until is not None
                        and r.claimed_until < now
                    )
                )
            ),
            key=lambda r: (r.due_at, r.id),
        )
        turn: dict[tuple[str, str, str], int] = {}
        ranked: list[tuple[int, Reminder]] = []
        for r in due:
            person = (r.platform, r.workspace_id, r.user_id)
            turn[person] = turn.get(person, 0) + 1
            ranked.append((turn[person], r))
        lap: dict[tuple[str, str], int] = {}
        taken: list[tuple[int, Reminder]] = []
        for _, r in sorted(ranked, key=lambda pair: (pair[0], pair[1].due_at, pair[1].id)):
            key = (r.platform, r.workspace_id)
            lap[key] = lap.get(key, 0) + 1
            if lap[key] <= min(limits.quota(key), limit):
                taken.append((lap[key], r))
        taken.sort(key=lambda pair: (pair[0], pair[1].due_at, pair[1].id))
        claimed = [r for _, r in taken[:limit]]
        for reminder in claimed:
            reminder.status = ReminderStatus.CLAIMED.value
            reminder.claim_token = token
            reminder.claimed_until = now + timedelta(seconds=lease_seconds)
            reminder.attempts += 1
        return sorted(claimed, key=lambda r: (r.due_at, r.id))

    async def pending_due(
        self, owner: Actor, *, before: datetime
    ) -> Sequence[tuple[int, datetime]]:
        return [
            (r.id, r.due_at)
            for r in self._owned(owner)
            if r.status == ReminderStatus.PENDING.value and r.due_at < before
        ]

    async def settle(self, token: str, settlements: Sequence[Settlement]) -> set[int]:
        changed: set[int] = set()
        for item in settlements:
            row = next((r for r in self.items if r.id == item.reminder_id), None)
            if row is None or row.claim_token != token or row.status != "claimed":
                continue
            row.status = item.status
            row.claim_token = None
            row.claimed_until = None
            row.last_error = item.last_error[:500]
            row.not_before = item.not_before
            row.attempts += item.attempts_delta
            if item.status != ReminderStatus.PENDING.value:
                row.sending_since = None
            if item.status == ReminderStatus.SENT.value:
                row.sent_at, row.late, row.message_ref = item.sent_at, item.late, item.message_ref
            changed.add(item.reminder_id)
        return changed

    async def mark_in_flight(self, token: str, ids: Sequence[int], at: datetime) -> set[int]:
        held = [
            r
            for r in self.items
            if r.id in ids and r.claim_token == token and r.status == "claimed"
        ]
        for row in held:
            row.sending_since = row.sending_since or at
        return {r.id for r in held}

    async def extend_claim(self, token: str, until: datetime) -> int:
        held = [r for r in self.items if r.claim_token == token and r.status == "claimed"]
        for row in held:
            row.claimed_until = until
        return len(held)

    async def release_deferred(self, owner: Actor) -> int:
        rows = [r for r in self._owned(owner) if r.status == "pending" and r.not_before]
        for row in rows:
            row.not_before = None
        return len(rows)


class FakeSettings(_Repo):
    name = "user_settings"
    default_timezone = "UTC"

    async def get(self, owner: Actor) -> UserSettings | None:
        return next(iter(self._owned(owner)), None)

    async def get_or_default(self, owner: Actor) -> UserSettings:
        found = await self.get(owner)
        return found or UserSettings(
            owner.platform, owner.workspace_id, owner.user_id, timezone=self.default_timezone
        )

    async def save(self, settings: UserSettings) -> UserSettings:
        return await self.add(settings)  # type: ignore[no-any-return]

    async def get_many(self, owners: Sequence[Actor]) -> dict[tuple[str, str, str], UserSettings]:
        wanted = {o.key for o in owners}
        return {
            k: s for s in self.items if (k := (s.platform, s.workspace_id, s.user_id)) in wanted
        }

    async def keys_with_pending_notice(self, *, limit: int) -> Sequence[tuple[str, str, str]]:
        keys = [(s.platform, s.workspace_id, s.user_id) for s in self.items if s.pending_notice]
        return keys[:limit]


class FakeCustomQuestions(_Repo):
    name = "custom_questions"

    async def list(self, owner: Actor) -> Sequence[CustomQuestion]:
        return self._owned(owner)


class FakeProfiles(_Repo):
    name = "profiles"

    async def get(self, owner: Actor) -> Profile | None:
        return next(iter(self._owned(owner)), None)

    async def save(self, profile: Profile) -> Profile:
        return await self.add(profile)  # type: ignore[no-any-return]

    async def list_workspace(self, platform: str, workspace_id: str) -> Sequence[Profile]:
        return [p for p in self.items if in_tenant(p, platform, workspace_id)]

    async def delete(self, item: Any) -> None:
        await super().delete(item)
        terms = self.store.table("directory_terms")  # ON DELETE CASCADE
        terms[:] = [t for t in terms if t.profile_id != item.id]


@dataclass
class FakeTerm:
    """A row of `directory_terms`."""

    platform: str
    workspace_id: str
    user_id: str
    profile_id: int
    kind: str
    value: str
    id: int | None = None


class FakeDirectory(_Repo):
    name = "directory_terms"

    def _state(self) -> dict[str, Any]:
        """directory_state's one row (as the migration makes it: no rules yet)."""
        rows = self.store.table("directory_state")
        if not rows:
            rows.append({"rules_version": None, "claimed_until": None})
        state: dict[str, Any] = rows[0]
        return state

    async def claim_rules_refresh(self, version: str, *, now: datetime, until: datetime) -> bool:
        state = self._state()
        if state["rules_version"] == version:
            return False
        if state["claimed_until"] is not None and state["claimed_until"] >= now:
            return False
        state["claimed_until"] = until
        return True

    async def listed_after(self, after_id: int, limit: int) -> Sequence[Profile]:
        listed = [
            p
            for p in self.store.table("profiles")
            if p.listed_at is not None and (p.id or 0) > after_id
        ]
        return sorted(listed, key=lambda p: p.id or 0)[:limit]

    async def finish_rules_refresh(self, version: str) -> None:
        self._state().update(rules_version=version, claimed_until=None)

    async def index(self, profile: Profile, terms: Iterable[tuple[str, str]]) -> None:
        await self.unindex(Actor(profile.platform, profile.workspace_id, profile.user_id))
        assert profile.id is not None, "index a saved profile"
        for kind, value in sorted(set(terms)):
            self.store.insert(
                self.name,
                FakeTerm(
                    profile.platform,
                    profile.workspace_id,
                    profile.user_id,
                    profile.id,
                    kind,
                    value[:100],
                ),
            )

    async def index_all(
        self, listings: Sequence[tuple[Profile, Iterable[tuple[str, str]]]]
    ) -> None:
        for profile, terms in listings:
            await self.index(profile, terms)

    async def unindex(self, owner: Actor) -> None:
        self.items[:] = [t for t in self.items if not owns(t, owner)]

    async def search(self, query: DirectoryQuery) -> Sequence[DirectoryHit]:
        terms: dict[int, set[tuple[str, str]]] = {}
        for term in self.items:
            if in_tenant(term, query.platform, query.workspace_id):
                terms.setdefault(term.profile_id, set()).add((term.kind, term.value))

        def passes(p: Profile) -> bool:
            held = terms.get(p.id or 0, set())
            return (
                in_tenant(p, query.platform, query.workspace_id)
                and p.listed_at is not None
                and (p.listing_paused_until is None or p.listing_paused_until <= query.now)
                and p.user_id != query.seeker_id
                and all(any((f.kind, v[:100]) in held for v in f.values) for f in query.filters)
            )

        found = sorted(
            (p for p in self.store.table("profiles") if passes(p)),
            key=lambda p: (p.listing_rank < query.start, p.listing_rank, p.id),
        )
        return [DirectoryHit(p) for p in found[: query.limit]]


class FakeGroups(_Repo):
    name = "group_configs"

    async def get(self, platform: str, workspace_id: str) -> GroupConfig | None:
        return next((g for g in self.items if in_tenant(g, platform, workspace_id)), None)

    async def save(self, config: GroupConfig) -> GroupConfig:
        return await self.add(config)  # type: ignore[no-any-return]

    async def list_all(self) -> Sequence[GroupConfig]:
        return list(self.items)

    async def claim_round(
        self, config: GroupConfig, *, due_before: datetime, now: datetime
    ) -> bool:
        if config.last_round_at is not None and config.last_round_at > due_before:
            return False
        config.last_round_at = now
        return True

    async def claim_poll(self, config: GroupConfig, *, round_at: datetime) -> bool:
        if config.polled_for == round_at:
            return False
        config.polled_for = round_at
        return True


class FakeMatches(_Repo):
    name = "matches"

    async def add_round(self, match_round: MatchRound) -> MatchRound:
        return self.store.insert("match_rounds", match_round)  # type: ignore[no-any-return]

    async def get_round(self, platform: str, workspace_id: str, round_id: int) -> MatchRound | None:
        rounds = self.store.table("match_rounds")
        return next(
            (r for r in rounds if in_tenant(r, platform, workspace_id) and r.id == round_id), None
        )

    async def latest_round(self, platform: str, workspace_id: str) -> MatchRound | None:
        rounds = [
            r for r in self.store.table("match_rounds") if in_tenant(r, platform, workspace_id)
        ]
        return max(rounds, key=lambda r: r.id, default=None)

    async def get(self, platform: str, workspace_id: str, match_id: int) -> Match | None:
        return next(
            (m for m in self.items if in_tenant(m, platform, workspace_id) and m.id == match_id),
            None,
        )

    async def by_group_number(self, platform: str, workspace_id: str, number: int) -> Match | None:
        return next(
            (m for m in self.items if in_tenant(m, platform, workspace_id) and m.number == number),
            None,
        )

    async def get_many(self, match_ids: Sequence[int]) -> Sequence[Match]:
        return [m for m in self.items if m.id in set(match_ids)]

    async def list_round(self, platform: str, workspace_id: str, round_id: int) -> Sequence[Match]:
        return [
            m for m in self.items if in_tenant(m, platform, workspace_id) and m.round_id == round_id
        ]

    async def list_workspace(self, platform: str, workspace_id: str) -> Sequence[Match]:
        return [m for m in self.items if in_tenant(m, platform, workspace_id)]

    async def list_for_member(self, member: Actor) -> Sequence[Match]:
        return [
            m
            for m in self.items
            if in_tenant(m, member.platform, member.workspace_id)
            and member.user_id in (m.mentor_id, m.seeker_id)
        ]


OWNED_TABLES = (
    "contact_imports",
    "action_items",
    "reminders",
    "outcomes",
    "interviews",
    "contacts",
    "custom_questions",
    "directory_terms",
    "member_blocks",
    "profiles",
    "user_settings",
)


class FakeUnitOfWork:
    """One transaction over the store, with the SQL unit of work's visible behaviour:
    `rollback` and leaving without a commit undo everything since the last commit, and
    objects read or written here are not the store's own once the unit of work ends
    (changing one afterwards saves nothing, as with a detached ORM object). Units of
    work are meant to run one at a time; overlapping ones share the store.

    `isolated=False` skips the copies (and so offers none of that): for a benchmark
    that reads a large store and must not time a deep copy per command."""

    def __init__(
        self, store: MemoryStore, default_timezone: str = "UTC", *, isolated: bool = True
    ) -> None:
        self.store = store
        self.committed = False
        self._last_commit = self._snapshot() if isolated else None
        self.contacts = FakeContacts(store)
        self.interviews = FakeInterviews(store)
        self.outcomes = FakeOutcomes(store)
        self.action_items = FakeActionItems(store)
        self.contact_imports = FakeContactImports(store)
        self.reminders = FakeReminders(store)
        self.settings = FakeSettings(store)
        self.settings.default_timezone = default_timezone
        self.custom_questions = FakeCustomQuestions(store)
        self.profiles = FakeProfiles(store)
        self.groups = FakeGroups(store)
        self.matches = FakeMatches(store)
        self.directory = FakeDirectory(store)
        self.requests = FakeRequests(store)
        self.intros = FakeIntros(store)

    def _snapshot(self) -> tuple[dict[str, list[Any]], dict[tuple[str, str, str, str], int]]:
        return copy.deepcopy((self.store.rows, self.store.counters))

    async def commit(self) -> None:
        self.committed = True
        if self._last_commit is not None:
            self._last_commit = self._snapshot()

    async def rollback(self) -> None:
        if self._last_commit is None:
            raise RuntimeError("a unit of work made with isolated=False cannot roll back")
        self.store.rows, self.store.counters = copy.deepcopy(self._last_commit)

    def close(self) -> None:
        """Leave the store as last committed, holding none of this unit's objects."""
        if self._last_commit is not None:
            self.store.rows, self.store.counters = self._last_commit

    async def forget_user(self, actor: Actor) -> int:
        removed = self.intros.forget(actor)
        for name in OWNED_TABLES:
            rows = self.store.table(name)
            keep = [r for r in rows if not owns(r, actor)]
            removed += len(rows) - len(keep)
            rows[:] = keep
        for key in [k for k in self.store.counters if k[:3] == actor.key]:
            del self.store.counters[key]
        uid, tenant = actor.user_id, (actor.platform, actor.workspace_id)
        for row in self.store.table("matches"):
            if in_tenant(row, *tenant):
                if row.mentor_id == uid:
                    row.mentor_id = FORGOTTEN_ID
                if row.seeker_id == uid:
                    row.seeker_id = FORGOTTEN_ID
        for rnd in self.store.table("match_rounds"):
            if in_tenant(rnd, *tenant) and uid in rnd.unmatched_ids:
                rnd.unmatched_ids = [FORGOTTEN_ID if i == uid else i for i in rnd.unmatched_ids]
        for profile in self.store.table("profiles"):
            if in_tenant(profile, *tenant) and uid in profile.avoid_ids:
                profile.avoid_ids = [a for a in profile.avoid_ids if a != uid]
        for group in self.store.table("group_configs"):
            if in_tenant(group, *tenant):
                group.admin_ids = [a for a in group.admin_ids if a != uid]
                group.exclusions = [p for p in group.exclusions if uid not in p]
        forget_requests(self.store, actor)
        return removed


class FakeUnitOfWorkFactory:
    """``async with factory() as uow:``; counts the units opened and committed."""

    def __init__(self, store: MemoryStore | None = None, default_timezone: str = "UTC") -> None:
        self.default_timezone = default_timezone
        self.store = store or MemoryStore()
        self.commits = 0
        self.opened = 0  #: units of work started, committed or not

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[FakeUnitOfWork]:
        self.opened += 1
        uow = FakeUnitOfWork(self.store, self.default_timezone)
        try:
            yield uow
        finally:
            if uow.committed:
                self.commits += 1
            uow.close()


class FixedClock:
    def __init__(self, now: datetime | None = None) -> None:
        self.current = now or datetime(2026, 11, 22, 12, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta


class DmOnlyNotifier:
    """Base for fakes that only deliver DMs (the reminder dispatcher sends nothing else):
    a group or channel post reaching one is a bug in the test, so it fails loudly."""

    async def send_group(
        self, members: Sequence[Actor], reply: Reply, *, idempotency_key: str
    ) -> str:
        raise NotImplementedError(f"{type(self).__name__} only sends DMs")

    async def post_to_channel(
        self, platform: str, workspace_id: str, channel: str, reply: Reply, *, idempotency_key: str
    ) -> str:
        raise NotImplementedError(f"{type(self).__name__} only sends DMs")


@dataclass
class SentMessage:
    recipients: tuple[Actor, ...]
    reply: Reply
    idempotency_key: str


@dataclass
class ChannelPost:
    platform: str
    workspace_id: str
    channel: str
    reply: Reply
    idempotency_key: str


class RecordingNotifier:
    """Records what would be sent; `fail_with` makes the next sends raise.

    Channel posts are kept apart in `posted` (and fail with `fail_posts_with`), so a
    test can break announcements while introductions still go out."""

    def __init__(self) -> None:
        self.sent: list[SentMessage] = []
        self.posted: list[ChannelPost] = []
        self.fail_with: Exception | None = None
        self.fail_posts_with: Exception | None = None

    async def send_dm(self, recipient: Actor, reply: Reply, *, idempotency_key: str) -> str:
        if self.fail_with is not None:
            raise self.fail_with
        self.sent.append(SentMessage((recipient,), reply, idempotency_key))
        return f"msg-{len(self.sent)}"

    async def send_group(
        self, members: Sequence[Actor], reply: Reply, *, idempotency_key: str
    ) -> str:
        if self.fail_with is not None:
            raise self.fail_with
        self.sent.append(SentMessage(tuple(members), reply, idempotency_key))
        return f"msg-{len(self.sent)}"

    async def post_to_channel(
        self, platform: str, workspace_id: str, channel: str, reply: Reply, *, idempotency_key: str
    ) -> str:
        failure = self.fail_posts_with or self.fail_with
        if failure is not None:
            raise failure
        self.posted.append(ChannelPost(platform, workspace_id, channel, reply, idempotency_key))
        return f"post-{len(self.posted)}"


def _fakes_fit_the_ports(
    uow: FakeUnitOfWorkFactory, clock: FixedClock, notifier: RecordingNotifier
) -> tuple[UnitOfWorkFactory, Clock, Notifier]:
    """Never called: mypy checks here that each fake still has every method of its port,
    with the port's signature, so a port that grows fails type checking until the fake
    grows too (tests/contract then checks that it behaves like the SQL repositories)."""
    return uow, clock, notifier
