"""The prep pack attached to a prep reminder, when the questions feature provides one.

`bot.questions.prep.prep_pack` belongs to the questions feature; the reminders feature
only shows what it returns. It is looked up when a reminder is sent, so a prep reminder
always carries the latest notes and questions, and a build without that feature still
sends a useful (shorter) reminder.
"""

from __future__ import annotations

import importlib
import logging
from datetime import datetime

from bot.domain import Actor, Contact, Interview
from bot.ports import UnitOfWork
from bot.reply import Reply, Section

log = logging.getLogger(__name__)


async def prep_sections(
    uow: UnitOfWork,
    owner: Actor,
    contact: Contact,
    *,
    now: datetime,
    interview: Interview | None = None,
) -> tuple[Section, ...]:
    """`interview`: the conversation this prep is for (its time is the one to confirm)."""
    try:
        module = importlib.import_module("bot.questions.prep")
    except ModuleNotFoundError:
        return ()
    try:
        pack = await module.prep_pack(
            uow, owner, contact, now=now, upcoming=interview, mistakes=True
        )
    except Exception:
        log.exception("prep pack for a reminder failed; sending the reminder without it")
        return ()
    if isinstance(pack, Reply):
        sections = list(pack.sections)
        if pack.items:
            sections.insert(0, Section(pack.title or "Prep", tuple(pack.items)))
        return tuple(sections)
    if isinstance(pack, tuple | list) and all(isinstance(s, Section) for s in pack):
        return tuple(pack)
    sections_attr = getattr(pack, "sections", None)
    if isinstance(sections_attr, tuple | list):
        return tuple(s for s in sections_attr if isinstance(s, Section))
    return ()
