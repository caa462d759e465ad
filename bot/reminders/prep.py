"""The prep pack attached to a prep reminder, when the core was given one.

The pack belongs to the questions feature (:class:`bot.ports.prep.PrepPack`, wired in
:mod:`bot.bootstrap`); the reminders feature only shows what it returns. It is built
when a reminder is sent, so a prep reminder always carries the latest notes and
questions; a core without a pack, or a pack that fails, still sends a useful (shorter)
reminder.
"""

from __future__ import annotations

import logging
from datetime import datetime

from bot.domain import Actor, Contact, Interview
from bot.ports import UnitOfWork
from bot.ports.prep import PrepPack
from bot.reply import Section

log = logging.getLogger(__name__)


async def prep_sections(
    pack: PrepPack | None,
    uow: UnitOfWork,
    owner: Actor,
    contact: Contact,
    *,
    now: datetime,
    interview: Interview | None = None,
) -> tuple[Section, ...]:
    """`interview`: the conversation this prep is for (its time is the one to confirm)."""
    if pack is None:
        return ()
    try:
        sections = await pack(uow, owner, contact, now=now, upcoming=interview, mistakes=True)
    except Exception:
        log.exception("prep pack for a reminder failed; sending the reminder without it")
        return ()
    return tuple(sections)
