"""The in-memory conversation request repository (tests/fakes.py's unit of work holds one).

The sweep's guarded UPDATEs are plain loops here (tests/fake_sweep.py, shared with the
introduction requests); what a caller can see (scoping, which
rows move, the outbox rows written, the figures) is the same, and tests/contract runs
the same checks against SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from bot.directory.request_model import (
    ACCEPTED,
    EXPIRED,
    OPEN,
    WAITING,
    ConversationRequest,
    MemberBlock,
    message_key,
)
from bot.domain import FORGOTTEN_ID, Actor, ReminderKind
from bot.ports.requests import RequestFigures, SweepResult
from tests.fake_sweep import FakeSweep, sweep_rows


def _tenant(item: Any, platform: str, workspace_id: str) -> bool:
    return (item.platform, item.workspace_id) == (platform, workspace_id)


def blockers(store: Any, member: Actor) -> frozenset[str]:
    """Who blocked `member` in their workspace: storage/repositories/requests.py's
    `blockers`, shared here by the requests' and the introductions' fakes."""
    rows: list[MemberBlock] = store.table("member_blocks")
    return frozenset(
        b.user_id
        for b in rows
        if _tenant(b, member.platform, member.workspace_id) and b.blocked_id == member.user_id
    )


REQUEST_SWEEP = FakeSweep(
    seeker="seeker_id",
    helper="helper_id",
    closed="closed_at",
    waiting=WAITING,
    open=OPEN,
    expired=EXPIRED,
    news=ReminderKind.REQUEST_NEWS,
    nudge=ReminderKind.REQUEST_NUDGE,
    news_text=lambda i: message_key(i, EXPIRED),
    nudge_text=message_key,
)


class FakeRequests:
    def __init__(self, store: Any) -> None:
        self.store = store  # tests.fakes.MemoryStore

    @property
    def items(self) -> list[ConversationRequest]:
        return self.store.table("conversation_requests")  # type: ignore[no-any-return]

    @property
    def block_rows(self) -> list[MemberBlock]:
        return self.store.table("member_blocks")  # type: ignore[no-any-return]

    async def add(self, request: ConversationRequest) -> ConversationRequest:
        return self.store.insert("conversation_requests", request)  # type: ignore[no-any-return]

    async def get(
        self, platform: str, workspace_id: str, request_id: int
    ) -> ConversationRequest | None:
        return next(
            (r for r in self.items if _tenant(r, platform, workspace_id) and r.id == request_id),
            None,
        )

    def _mine(self, member: Actor) -> list[ConversationRequest]:
        return [
            r
            for r in self.items
            if _tenant(r, member.platform, member.workspace_id)
            and member.user_id in (r.seeker_id, r.helper_id)
        ]

    async def list_for(self, member: Actor, *, limit: int = 50) -> Sequence[ConversationRequest]:
        return sorted(self._mine(member), key=lambda r: -(r.id or 0))[:limit]

    async def sent_by(
        self, seeker: Actor, *, statuses: Sequence[str]
    ) -> Sequence[ConversationRequest]:
        return [
            r for r in self._mine(seeker) if r.seeker_id == seeker.user_id and r.status in statuses
        ]

    async def waiting_for(self, helper: Actor) -> Sequence[ConversationRequest]:
        return [r for r in self._mine(helper) if r.helper_id == helper.user_id and r.waiting]

    async def charges(
        self, platform: str, workspace_id: str, helper_ids: Sequence[str], *, since: datetime
    ) -> Mapping[str, int]:
        found: dict[str, int] = {}
        for r in self.items:
            if not _tenant(r, platform, workspace_id) or r.helper_id not in helper_ids:
                continue
            accepted = r.status == ACCEPTED and r.answered_at and r.answered_at >= since
            if r.status in WAITING or accepted:
                found[r.helper_id] = found.get(r.helper_id, 0) + 1
        return found

    async def sweep(self, now: datetime, *, limit: int) -> SweepResult:
        return sweep_rows(self.store, self.items, REQUEST_SWEEP, now, limit)

    async def figures(
        self,
        platform: str | None,
        workspace_id: str | None,
        *,
        now: datetime,
        month_start: datetime,
    ) -> RequestFigures:
        def scoped(item: Any) -> bool:
            return platform is None or workspace_id is None or _tenant(item, platform, workspace_id)

        sent = [r for r in self.items if scoped(r) and r.sent_at is not None]
        statuses: dict[str, int] = {}
        received: dict[tuple[str, str, str], int] = {}
        taken: dict[tuple[str, str, str], int] = {}
        for r in sent:
            statuses[r.status] = statuses.get(r.status, 0) + 1
            key = (r.platform, r.workspace_id, r.helper_id)
            received[key] = received.get(key, 0) + 1
            if r.status == ACCEPTED and r.answered_at and r.answered_at >= month_start:
                taken[key] = taken.get(key, 0) + 1
        profiles = {
            (p.platform, p.workspace_id, p.user_id): p for p in self.store.table("profiles")
        }
        over = sum(1 for k, n in taken.items() if k in profiles and n > profiles[k].ask_budget)
        interviews = {i.id: i for i in self.store.table("interviews")}
        held = sum(
            1
            for r in sent
            if r.status == ACCEPTED
            and r.interview_id in interviews
            and interviews[r.interview_id].status in ("held", "thanked")
        )
        listed = [p for p in profiles.values() if scoped(p) and p.listed_at is not None]
        intros = [m for m in self.store.table("matches") if scoped(m) and m.status == "sent"]
        return RequestFigures(
            statuses=statuses,
            answer_seconds=[
                max(0.0, (r.answered_at - r.sent_at).total_seconds())
                for r in sent
                if r.answered_at is not None and r.sent_at is not None
            ],
            received=list(received.values()),
            over_budget=over,
            held=held,
            listed=len(listed),
            paused=sum(
                1
                for p in listed
                if p.listing_paused_until is not None and p.listing_paused_until > now
            ),
            mentor_intros=len(intros),
            mentor_met=sum(1 for m in intros if m.met),
        )

    async def block(self, block: MemberBlock) -> bool:
        for b in self.block_rows:
            same = (b.platform, b.workspace_id, b.user_id, b.blocked_id)
            if same == (block.platform, block.workspace_id, block.user_id, block.blocked_id):
                return False
        self.store.insert("member_blocks", block)
        return True

    async def unblock(self, blocker: Actor, blocked_id: str) -> bool:
        before = len(self.block_rows)
        self.block_rows[:] = [
            b
            for b in self.block_rows
            if not (
                (b.platform, b.workspace_id, b.user_id) == blocker.key
                and b.blocked_id == blocked_id
            )
        ]
        return len(self.block_rows) < before

    async def blocks(self, blocker: Actor) -> Sequence[MemberBlock]:
        return [
            b for b in self.block_rows if (b.platform, b.workspace_id, b.user_id) == blocker.key
        ]

    async def blockers_of(self, member: Actor) -> frozenset[str]:
        return blockers(self.store, member)


def forget_requests(store: Any, actor: Actor) -> None:
    """What the SQL unit of work's forget-me does to requests (storage/uow.py)."""
    rows: list[ConversationRequest] = store.table("conversation_requests")
    for r in rows:
        if not _tenant(r, actor.platform, actor.workspace_id):
            continue
        if r.seeker_id == actor.user_id:
            if r.status in ("draft", *WAITING):
                r.status, r.next_check_at = "cancelled", None
            r.seeker_id, r.reason, r.message, r.interview_id = FORGOTTEN_ID, "", "", None
        if r.helper_id == actor.user_id:
            if r.status in ("draft", *WAITING):
                r.status, r.next_check_at = "expired", None
            r.helper_id, r.times, r.decline_note, r.helper_name = FORGOTTEN_ID, "", "", ""
    rows[:] = [r for r in rows if not r.seeker_id == r.helper_id == FORGOTTEN_ID]
