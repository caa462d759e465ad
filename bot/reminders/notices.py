"""Telling a person, on their next command, that a check-in could not reach them.

When a DM fails for good (DMs closed, account gone), there is no channel to say so at
that moment. The dispatcher stores a short notice in their settings; the reply hook below
shows it once, appended to the next private reply they get, then clears it.

Notices are rare and the hook runs on every private reply, so :class:`PendingNotices`
remembers who has one: the hook opens a transaction only for those people, not for
every command (under load that transaction was a fifth of a command's database work).
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Callable

from bot.domain import Actor
from bot.reply import Reply
from bot.services import Services

log = logging.getLogger(__name__)

MAX_NOTICE_CHARS = 480
_PREFIX = "⚠ I couldn't send you"

Key = tuple[str, str, str]


class PendingNotices:
    """Who may have a pending notice, in memory, so most replies skip the database.

    The set is loaded with one query and reloaded when it is `refresh_seconds` old. A
    notice stored by this process is added at once (:meth:`mark`); one stored by another
    replica is seen at the next reload, so it waits at most that long, on top of "their
    next command". With more than `max_tracked` people waiting, the index stops
    guessing and every reply checks the database, as without an index.
    """

    def __init__(
        self,
        *,
        refresh_seconds: float = 30.0,
        max_tracked: int = 50_000,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.refresh_seconds = refresh_seconds
        self.max_tracked = max_tracked
        self._monotonic = monotonic
        self._holders: set[Key] = set()
        self._loaded_at: float | None = None
        self._overflow = False
        self._marked_while_loading: set[Key] = set()
        self._loading = asyncio.Lock()

    def mark(self, key: Key) -> None:
        """This process stored a notice for `key`."""
        self._holders.add(key)
        self._marked_while_loading.add(key)

    def shown(self, key: Key) -> None:
        self._holders.discard(key)

    async def may_have(self, actor: Actor, services: Services) -> bool:
        if self._stale():
            async with self._loading:
                if self._stale():
                    await self._reload(services)
        return self._overflow or actor.key in self._holders

    def _stale(self) -> bool:
        loaded = self._loaded_at
        return loaded is None or self._monotonic() - loaded >= self.refresh_seconds

    async def _reload(self, services: Services) -> None:
        self._marked_while_loading = set()
        async with services.uow() as uow:
            keys = await uow.settings.keys_with_pending_notice(limit=self.max_tracked + 1)
        self._overflow = len(keys) > self.max_tracked
        self._holders = set(keys) | self._marked_while_loading
        self._loaded_at = self._monotonic()


def add_notice(existing: str, reminder_id: int, reason: str) -> str:
    """Fold one more failed delivery into the notice (it must fit 500 characters).
    `reminder_id` is the check-in's number as its owner sees it (`checkin list`)."""
    reason = reason.strip()[:120] or "the platform refused the message"
    if not existing:
        return (
            f"{_PREFIX} check-in #{reminder_id} by direct message ({reason}). "
            "Make sure the app may message you; `checkin list` shows what's waiting."
        )[:MAX_NOTICE_CHARS]
    if f"#{reminder_id}" in existing:
        return existing
    addition = f" Also check-in #{reminder_id}."
    if len(existing) + len(addition) > MAX_NOTICE_CHARS:
        return existing
    return existing + addition


async def show_pending_notice(actor: Actor, reply: Reply, services: Services) -> Reply:
    """Reply hook: append and clear the person's pending notice on a private reply.

    A reply posted to a channel (not ephemeral) is left alone so the notice stays
    private; it waits for the next private one. With :attr:`Services.pending_notices`
    set, people the index knows have no notice cost no query.
    """
    if not reply.ephemeral:
        return reply
    index = services.pending_notices
    if index is not None and not await index.may_have(actor, services):
        return reply
    async with services.uow() as uow:
        prefs = await uow.settings.get(actor)
        if prefs is None or not prefs.pending_notice:
            if index is not None:
                index.shown(actor.key)
            return reply
        notice = prefs.pending_notice
        prefs.pending_notice = ""
        await uow.commit()
    if index is not None:
        index.shown(actor.key)
    footer = f"{reply.footer}\n{notice}" if reply.footer else notice
    return dataclasses.replace(reply, footer=footer)
