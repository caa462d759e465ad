"""A message the dispatcher sends somewhere other than its row owner's DM.

Most outbox rows become a DM to their owner (a plain :class:`bot.reply.Reply`). A
round's messages (:mod:`bot.mentoring.outbox`) go elsewhere: an introduction to a
group of members at once, an announcement to a channel. Preparing the row says where.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain import Actor
from bot.reply import Reply


@dataclass(frozen=True)
class Outgoing:
    reply: Reply
    #: Several people in one conversation (a group DM; a DM each where the platform
    #: can't open one). Empty: the row owner's DM.
    members: tuple[Actor, ...] = ()
    #: A channel of the row's workspace, as the admin configured it; wins over members.
    channel: str = ""
