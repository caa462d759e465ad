"""Telling a person, on their next command, that a check-in could not reach them.

When a DM fails for good (DMs closed, account gone), there is no channel to say so at
that moment. The dispatcher stores a short notice in their settings; the reply hook below
shows it once, appended to the next private reply they get, then clears it.
"""

from __future__ import annotations

import dataclasses
import logging

from bot.domain import Actor
from bot.reply import Reply
from bot.services import Services

log = logging.getLogger(__name__)

MAX_NOTICE_CHARS = 480
_PREFIX = "⚠ I couldn't send you"


def add_notice(existing: str, reminder_id: int, reason: str) -> str:
    """Fold one more failed delivery into the notice (it must fit 500 characters)."""
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
    private; it waits for the next private one.
    """
    if not reply.ephemeral:
        return reply
    async with services.uow() as uow:
        prefs = await uow.settings.get(actor)
        if prefs is None or not prefs.pending_notice:
            return reply
        notice = prefs.pending_notice
        prefs.pending_notice = ""
        await uow.commit()
    footer = f"{reply.footer}\n{notice}" if reply.footer else notice
    return dataclasses.replace(reply, footer=footer)
