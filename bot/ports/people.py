"""Per-person settings and private additions (custom questions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from bot.domain import Actor, CustomQuestion, UserSettings


class UserSettingsRepository(Protocol):
    async def get(self, owner: Actor) -> UserSettings | None: ...

    async def get_or_default(self, owner: Actor) -> UserSettings:
        """The stored settings, or unsaved defaults (call :meth:`save` to keep them)."""
        ...

    async def save(self, settings: UserSettings) -> UserSettings: ...

    async def get_many(self, owners: Sequence[Actor]) -> dict[tuple[str, str, str], UserSettings]:
        """Stored settings of several people at once, keyed by `Actor.key` (people
        without a row are absent). The reminder dispatcher reads a batch's owners with it."""
        ...

    async def keys_with_pending_notice(self, *, limit: int) -> Sequence[tuple[str, str, str]]:
        """Who has a pending notice, as `Actor.key`s only (never the text), at most
        `limit`. A system query across tenants: it feeds an in-memory index
        (:class:`bot.reminders.notices.PendingNotices`), never a reply."""
        ...


class CustomQuestionRepository(Protocol):
    async def add(self, question: CustomQuestion) -> CustomQuestion: ...

    async def by_number(self, owner: Actor, number: int) -> CustomQuestion | None:
        """The owner's question numbered `number` (`#3`: per person, never reused)."""
        ...

    async def list(self, owner: Actor) -> Sequence[CustomQuestion]: ...

    async def delete(self, question: CustomQuestion) -> None: ...
