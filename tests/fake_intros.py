"""The in-memory warm-introduction repository (tests/fakes.py's unit of work holds one).

Same visible behaviour as storage/repositories/intro_offers.py: scoping, visibility of
listed, unpaused members only, rotation order, answers that move a request once, and
the sweep the conversation requests' fake shares (tests/fake_sweep.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from bot.directory.intro_outbox import request_key
from bot.domain import Actor, Profile, ReminderKind
from bot.ports.intros import Introducers, IntroOffer, IntroRequest, IntroStatus
from bot.ports.requests import SweepResult
from tests.fake_requests import blockers
from tests.fake_sweep import FakeSweep, sweep_rows

INTRO_SWEEP = FakeSweep(
    seeker="seeker_id",
    helper="member_id",
    closed="answered_at",
    waiting=(IntroStatus.OPEN.value,),
    open=IntroStatus.OPEN.value,
    expired=IntroStatus.EXPIRED.value,
    news=ReminderKind.INTRO_ANSWER,
    nudge=ReminderKind.INTRO_NUDGE,
    news_text=request_key,
    nudge_text=request_key,
)


@dataclass
class OfferRow:
    platform: str
    workspace_id: str
    user_id: str
    company: str
    company_key: str
    created_at: datetime
    id: int | None = None


def _visible(profile: Profile, now: datetime) -> bool:
    paused = profile.listing_paused_until
    return profile.listed_at is not None and (paused is None or paused <= now)


class FakeIntros:
    def __init__(self, store: Any) -> None:
        self.store = store  # tests.fakes.MemoryStore

    @property
    def _offers(self) -> list[OfferRow]:
        rows: list[OfferRow] = self.store.table("intro_offers")
        return rows

    @property
    def _requests(self) -> list[IntroRequest]:
        rows: list[IntroRequest] = self.store.table("intro_requests")
        return rows

    def _owned(self, owner: Actor) -> list[OfferRow]:
        return [o for o in self._offers if (o.platform, o.workspace_id, o.user_id) == owner.key]

    async def offers(self, owner: Actor) -> Sequence[IntroOffer]:
        return [
            IntroOffer(o.platform, o.workspace_id, o.user_id, o.company, o.company_key)
            for o in sorted(self._owned(owner), key=lambda o: o.company_key)
        ]

    async def add_offers(
        self, owner: Actor, companies: Sequence[tuple[str, str]], now: datetime
    ) -> int:
        have = {o.company_key for o in self._owned(owner)}
        added = 0
        for company, key in companies:
            if key and key not in have:
                have.add(key)
                row = OfferRow(*owner.key, company, key, now)
                self.store.insert("intro_offers", row)
                added += 1
        return added

    async def remove_offers(self, owner: Actor, keys: Sequence[str]) -> int:
        gone = [o for o in self._owned(owner) if o.company_key in keys]
        self._offers[:] = [o for o in self._offers if o not in gone]
        return len(gone)

    async def clear_offers(self, owner: Actor) -> int:
        gone = self._owned(owner)
        self._offers[:] = [o for o in self._offers if o not in gone]
        return len(gone)

    def _profiles(self, seeker: Actor, now: datetime) -> dict[str, Profile]:
        """Members whose offers `seeker` may see: listed, unpaused, not blocking them."""
        hidden = blockers(self.store, seeker)
        return {
            p.user_id: p
            for p in self.store.table("profiles")
            if (p.platform, p.workspace_id) == (seeker.platform, seeker.workspace_id)
            and _visible(p, now)
            and p.user_id not in hidden
        }

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
        listed = self._profiles(Actor(platform, workspace_id, seeker_id), now)
        offers = [
            o
            for o in self._offers
            if (o.platform, o.workspace_id) == (platform, workspace_id)
            and o.company_key == key
            and o.user_id != seeker_id
            and o.user_id in listed
        ]
        found = sorted(
            (listed[o.user_id] for o in offers), key=lambda p: (p.listing_rank, p.id or 0)
        )
        company = min((o.company for o in offers), default="")
        return Introducers(len(found), found[:limit], company)

    async def offered(
        self, platform: str, workspace_id: str, *, seeker_id: str, now: datetime, limit: int
    ) -> Sequence[tuple[str, str]]:
        listed = self._profiles(Actor(platform, workspace_id, seeker_id), now)
        counts: dict[str, list[str]] = {}
        for o in self._offers:
            if (o.platform, o.workspace_id) == (platform, workspace_id) and o.user_id in listed:
                counts.setdefault(o.company_key, []).append(o.company)
        ranked = sorted(counts.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        return [(key, min(names)) for key, names in ranked[:limit]]

    async def add_request(self, request: IntroRequest) -> IntroRequest:
        self.store.insert("intro_requests", request)
        return replace(request)

    async def get_request(
        self, platform: str, workspace_id: str, request_id: int
    ) -> IntroRequest | None:
        return next(
            (
                replace(r)
                for r in self._requests
                if (r.platform, r.workspace_id, r.id) == (platform, workspace_id, request_id)
            ),
            None,
        )

    async def requests_by(self, seeker: Actor) -> Sequence[IntroRequest]:
        mine = [r for r in self._requests if r.seeker.key == seeker.key]
        return [replace(r) for r in sorted(mine, key=lambda r: (r.created_at, r.id or 0))][::-1]

    async def requests_to(self, member: Actor, *, status: str) -> Sequence[IntroRequest]:
        theirs = [r for r in self._requests if r.member.key == member.key and r.status == status]
        return [replace(r) for r in sorted(theirs, key=lambda r: (r.created_at, r.id or 0))]

    async def answer(
        self, request: IntroRequest, status: str, at: datetime, *, expected: str
    ) -> bool:
        stored = next((r for r in self._requests if r.id == request.id), None)
        if stored is None or stored.status != expected:
            return False
        stored.status = request.status = status
        stored.answered_at = request.answered_at = at
        stored.next_check_at = request.next_check_at = None
        return True

    async def sweep(self, now: datetime, *, limit: int) -> SweepResult:
        return sweep_rows(self.store, self._requests, INTRO_SWEEP, now, limit)

    def forget(self, actor: Actor) -> int:
        """What the SQL unit of work's forget_user erases here: offers, and requests the
        actor made or was sent."""
        before = len(self._offers) + len(self._requests)
        self._offers[:] = [o for o in self._offers if o not in self._owned(actor)]
        self._requests[:] = [
            r for r in self._requests if actor.key not in (r.seeker.key, r.member.key)
        ]
        return before - len(self._offers) - len(self._requests)
