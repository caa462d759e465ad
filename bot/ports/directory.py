"""The open-to-chat directory: search terms of listed members, and the search itself.

Listing data lives on the member's one profile row (bot.domain.Profile); this port adds
what a directory needs beyond `profiles`: the derived search terms (so the database can
filter 100,000 members by index) and one bounded search. The core ranks the few hundred
candidates it returns; the database only narrows and rotates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.domain import Actor, Profile


@dataclass(frozen=True, slots=True)
class TermFilter:
    """A member passes when they hold a term of this `kind` with one of `values`."""

    kind: str
    values: frozenset[str]


@dataclass(frozen=True, slots=True)
class DirectoryQuery:
    platform: str
    workspace_id: str
    #: Never shown their own listing.
    seeker_id: str
    #: Every filter must pass (AND); within one filter any value will do (OR).
    filters: tuple[TermFilter, ...]
    #: Listing pauses ending after this are hidden.
    now: datetime
    #: The rotation's starting point: members with `listing_rank >= start` come first,
    #: then the rest from the lowest rank, so nobody is always at the top.
    start: int
    limit: int


@dataclass(frozen=True, slots=True)
class DirectoryHit:
    profile: Profile
    #: Requests this member accepted this month: 0 until requests exist (issue 18 §2);
    #: ranking already subtracts it from the budget and uses it as a fairness penalty.
    requests_this_month: int = 0


class DirectoryRepository(Protocol):
    async def index(self, profile: Profile, terms: Iterable[tuple[str, str]]) -> None:
        """Replace the saved profile's search terms with `terms` ((kind, value) pairs)."""
        ...

    async def index_all(
        self, listings: Sequence[tuple[Profile, Iterable[tuple[str, str]]]]
    ) -> None:
        """`index` for many saved profiles at once (a page of the rules refresh)."""
        ...

    async def unindex(self, owner: Actor) -> None:
        """Drop the owner's search terms (they left the directory)."""
        ...

    async def search(self, query: DirectoryQuery) -> Sequence[DirectoryHit]:
        """Listed, unpaused members of the workspace passing every filter, other than
        the seeker, in rotation order from `start`, at most `limit`."""
        ...

    # -- rebuilding every listing's terms when the rules that make them change ------------
    # (bot.directory.refresh; a system sweep over every workspace, never a member's read)

    async def claim_rules_refresh(self, version: str, *, now: datetime, until: datetime) -> bool:
        """True when the caller is to rebuild every listing's terms for `version`: the
        index was built with other rules, and no other refresh holds the claim at `now`.
        The claim lasts until `until` (a refresh that died is taken over after it)."""
        ...

    async def listed_after(self, after_id: int, limit: int) -> Sequence[Profile]:
        """Listed profiles of every workspace with ids above `after_id`, in id order,
        held against concurrent edits until the caller commits."""
        ...

    async def finish_rules_refresh(self, version: str) -> None:
        """The index now follows `version`; the claim is released."""
        ...
