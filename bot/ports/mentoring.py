"""Mentoring profiles, group settings and match rounds (scoped by workspace)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.domain import Actor, GroupConfig, Match, MatchRound, Profile


class ProfileRepository(Protocol):
    async def get(self, owner: Actor) -> Profile | None: ...

    async def save(self, profile: Profile) -> Profile: ...

    async def list_workspace(self, platform: str, workspace_id: str) -> Sequence[Profile]: ...

    async def delete(self, profile: Profile) -> None: ...


class GroupRepository(Protocol):
    async def get(self, platform: str, workspace_id: str) -> GroupConfig | None: ...

    async def save(self, config: GroupConfig) -> GroupConfig: ...

    async def list_all(self) -> Sequence[GroupConfig]: ...

    async def claim_round(
        self, config: GroupConfig, *, due_before: datetime, now: datetime
    ) -> bool:
        """Atomically set `last_round_at = now` if it is unset or not after `due_before`.

        True for exactly one caller when several bot processes find the same group due,
        so an automatic round is never sent twice."""
        ...

    async def claim_poll(self, config: GroupConfig, *, round_at: datetime) -> bool:
        """Atomically set `polled_for = round_at` unless it already is: True for exactly
        one caller, so the availability poll of a round goes out once."""
        ...


class MatchRepository(Protocol):
    async def add_round(self, match_round: MatchRound) -> MatchRound: ...

    async def get_round(
        self, platform: str, workspace_id: str, round_id: int
    ) -> MatchRound | None: ...

    async def latest_round(self, platform: str, workspace_id: str) -> MatchRound | None: ...

    async def add(self, match: Match) -> Match: ...

    async def get(self, platform: str, workspace_id: str, match_id: int) -> Match | None:
        """By the server's id: for rows that point at a match (outbox, follow-ups)."""
        ...

    async def by_group_number(self, platform: str, workspace_id: str, number: int) -> Match | None:
        """By the group's number for it: what people type and buttons carry."""
        ...

    async def get_many(self, match_ids: Sequence[int]) -> Sequence[Match]:
        """The matches with these ids, of any workspace, in one query: for the reminder
        dispatcher, whose batch spans workspaces; it checks each row's tenant itself."""
        ...

    async def list_round(
        self, platform: str, workspace_id: str, round_id: int
    ) -> Sequence[Match]: ...

    async def list_workspace(self, platform: str, workspace_id: str) -> Sequence[Match]: ...

    async def list_for_member(self, member: Actor) -> Sequence[Match]: ...
