"""Protocols the core needs from the outside world.

Handlers receive a :class:`UnitOfWorkFactory`, a :class:`Clock` and a :class:`Notifier`
through :class:`bot.services.Services`; storage and adapters implement them, tests pass
in-memory fakes. Repository protocols live in one module per area so each area can grow
without touching the others.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Protocol

from bot.domain import Actor
from bot.ports.actions import ActionItemRepository
from bot.ports.directory import DirectoryRepository
from bot.ports.imports import ContactImportRepository
from bot.ports.intros import IntroRepository
from bot.ports.journal import ContactRepository, InterviewRepository, OutcomeRepository
from bot.ports.mentoring import GroupRepository, MatchRepository, ProfileRepository
from bot.ports.people import CustomQuestionRepository, UserSettingsRepository
from bot.ports.reminders import ReminderRepository
from bot.ports.requests import RequestRepository
from bot.reply import Reply

__all__ = [
    "ActionItemRepository",
    "Clock",
    "ContactImportRepository",
    "ContactRepository",
    "CustomQuestionRepository",
    "DeliveryError",
    "DirectoryRepository",
    "GroupRepository",
    "InterviewRepository",
    "IntroRepository",
    "MatchRepository",
    "Notifier",
    "OutcomeRepository",
    "ProfileRepository",
    "ReminderRepository",
    "RequestRepository",
    "UnitOfWork",
    "UnitOfWorkFactory",
    "UserSettingsRepository",
]


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class UnitOfWork(Protocol):
    """One transaction: changes become visible to others only on :meth:`commit`."""

    @property
    def contacts(self) -> ContactRepository: ...

    @property
    def interviews(self) -> InterviewRepository: ...

    @property
    def outcomes(self) -> OutcomeRepository: ...

    @property
    def action_items(self) -> ActionItemRepository: ...

    @property
    def contact_imports(self) -> ContactImportRepository: ...

    @property
    def reminders(self) -> ReminderRepository: ...

    @property
    def settings(self) -> UserSettingsRepository: ...

    @property
    def custom_questions(self) -> CustomQuestionRepository: ...

    @property
    def profiles(self) -> ProfileRepository: ...

    @property
    def groups(self) -> GroupRepository: ...

    @property
    def matches(self) -> MatchRepository: ...

    @property
    def directory(self) -> DirectoryRepository: ...

    @property
    def requests(self) -> RequestRepository: ...

    @property
    def intros(self) -> IntroRepository: ...

    async def commit(self) -> None: ...

    async def rollback(self) -> None: ...

    async def forget_user(self, actor: Actor) -> int:
        """Erase every row owned by `actor` (all areas); returns how many rows went."""
        ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> AbstractAsyncContextManager[UnitOfWork]:
        """`async with uow_factory() as uow:` — rolls back unless committed."""
        ...


class DeliveryError(Exception):
    """A message the bot sent on its own could not be delivered.

    `permanent` failures (user gone, DMs closed) are never retried; transient ones are
    retried with backoff, after `retry_after` seconds when the platform said so.
    """

    def __init__(self, reason: str, *, permanent: bool, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.retry_after = retry_after


class Notifier(Protocol):
    """Sends messages the bot starts on its own: reminders and match intros as DMs,
    round announcements to a community channel."""

    async def send_dm(self, recipient: Actor, reply: Reply, *, idempotency_key: str) -> str:
        """Deliver `reply` to `recipient`; returns a platform message reference.

        Raises :class:`DeliveryError` when delivery failed.
        """
        ...

    async def send_group(
        self, members: Sequence[Actor], reply: Reply, *, idempotency_key: str
    ) -> str:
        """Deliver one message to several people at once (a match introduction)."""
        ...

    async def post_to_channel(
        self, platform: str, workspace_id: str, channel: str, reply: Reply, *, idempotency_key: str
    ) -> str:
        """Post one public message to a channel of a workspace (a round announcement).

        `channel` is what the admin configured (see :func:`bot.channels.parse_channel`):
        the adapter posts by id when there is one and resolves the name otherwise.
        Raises :class:`DeliveryError` when the channel is unknown or the bot can't post.
        """
        ...
