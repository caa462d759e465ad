"""Who may ask whom, how much room a helper has, and who to suggest instead.

One place for the limits every path applies (drafting, sending, the cascade, search
results), so a rule can't hold in one and leak in another:

* a member can be asked when they are listed, not paused, have not blocked the seeker,
  and have room in their monthly budget; a refusal for the first three reads the same
  ("not open to requests right now"), so nobody learns they were blocked;
* room = budget - (accepted this calendar month, UTC + requests waiting on them now);
* a seeker has at most MAX_OPEN requests waiting, and one at a time per helper.
"""

from __future__ import annotations

from datetime import datetime

from bot.directory.find import CANDIDATES, Wanted, rank
from bot.directory.request_model import (
    CANCELLED,
    DRAFT,
    MAX_OPEN,
    WAITING,
    ConversationRequest,
)
from bot.directory.requests_room import annotate, blocked_by, listed_now, used
from bot.directory.terms import fields_of, role_fields_of, words
from bot.domain import Actor, Profile
from bot.errors import NotFoundError, UsageError
from bot.ports import UnitOfWork
from bot.ports.directory import DirectoryHit, DirectoryQuery

NOT_OPEN = "That member isn't open to requests in the directory right now."
FIND_HINT = "`people find` shows who is listed and has room this month."
#: Members offered after a request ends without a conversation.
NEXT_BEST = 3


async def askable(uow: UnitOfWork, seeker: Actor, helper_id: str, now: datetime) -> Profile:
    """The helper's profile if `seeker` may ask them now; a kind refusal otherwise."""
    if helper_id == seeker.user_id:
        raise UsageError(
            "That's you: requests go to other members of the directory.", hint=FIND_HINT
        )
    helper = Actor(seeker.platform, seeker.workspace_id, helper_id)
    profile = await uow.profiles.get(helper)
    if await blocked_by(uow, seeker, helper_id) or not listed_now(profile, now):
        raise NotFoundError(NOT_OPEN, hint=FIND_HINT, example="people find")
    assert profile is not None
    if profile.ask_budget - await used(uow, helper, now) <= 0:
        raise UsageError(
            "They have no room for more requests this month: each member sets how many "
            "conversations a month they take, and theirs is full.",
            hint="Try again next month, or ask someone else: " + FIND_HINT,
            example="people find",
        )
    return profile


async def check_seeker(uow: UnitOfWork, seeker: Actor, helper_id: str) -> None:
    """At most MAX_OPEN waiting, and never two waiting on the same member."""
    waiting = await uow.requests.sent_by(seeker, statuses=WAITING)
    same = next((r for r in waiting if r.helper_id == helper_id), None)
    if same is not None:
        raise UsageError(
            f"Your request #{same.id} to them is still waiting for an answer.",
            hint="They have five days to answer; you'll hear either way.",
            example="people requests",
        )
    if len(waiting) >= MAX_OPEN:
        raise UsageError(
            f"You have {len(waiting)} requests waiting for an answer, the most at once.",
            hint="Each is answered or expires within five days; withdraw one with "
            "`people cancel <number>` to ask someone else now.",
            example="people requests",
        )


async def draft_to(uow: UnitOfWork, seeker: Actor, helper_id: str) -> ConversationRequest | None:
    drafts = await uow.requests.sent_by(seeker, statuses=(DRAFT,))
    return next((r for r in drafts if r.helper_id == helper_id), None)


async def next_best(
    uow: UnitOfWork, seeker: Actor, request: ConversationRequest, now: datetime
) -> list[DirectoryHit]:
    """Up to NEXT_BEST members like the one who couldn't help: same fields and roles,
    matching the reason's words, with room, not blocked, not asked before."""
    tenant = (seeker.platform, seeker.workspace_id)
    helper = await uow.profiles.get(Actor(*tenant, request.helper_id))
    want = Wanted(
        industry=frozenset(fields_of(helper)) if helper else frozenset(),
        role=frozenset(role_fields_of(helper)) if helper else frozenset(),
        free_words=tuple(words(request.reason))[:8],
    )
    hits = await uow.directory.search(
        DirectoryQuery(*tenant, seeker.user_id, (), now, 0, CANDIDATES)
    )
    asked = {
        r.helper_id for r in await uow.requests.list_for(seeker, limit=200) if r.status != CANCELLED
    }
    fresh = [h for h in hits if h.profile.user_id not in asked | {request.helper_id}]
    ranked = rank(await annotate(uow, seeker, fresh, now), want, 0)
    return [
        item.hit
        for item in ranked
        if item.score > 0 and item.hit.profile.ask_budget > item.hit.requests_this_month
    ][:NEXT_BEST]
