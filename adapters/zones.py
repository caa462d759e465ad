"""A person's time zone learned from where they are, for every connector.

Reminders and "yesterday 3pm" depend on a person's zone, and asking everyone to set it
is friction their platform has often removed: Slack's profile has a zone, the console
runs on the person's own computer. A connector says where the zone comes from (a
lookup, and a `source` recorded with it); this module decides when to save it: only
while the person's settings still carry the default zone (`timezone_source ==
"default"`), never over a zone they set, never holding a transaction open across the
platform's call. Failures are logged and ignored: this is a convenience.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.domain import Actor
from bot.services import Services

log = logging.getLogger(__name__)

#: Where a connector reads a person's zone (their profile); None when it has none.
ZoneLookup = Callable[[], Awaitable[str | None]]
MAX_REMEMBERED = 50_000


class ZoneUnavailable(Exception):
    """A lookup's expected failure (the platform said no; the lookup logged why): the
    person is tried again on a later event, with no traceback in the log."""


def valid_zone(zone: str) -> bool:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


async def still_default(services: Services, actor: Actor) -> bool:
    async with services.uow() as uow:
        prefs = await uow.settings.get_or_default(actor)
    return prefs.timezone_source == "default"


async def save_zone(services: Services, actor: Actor, zone: str, source: str) -> bool:
    """Save `zone` (from `source`) unless the person has one already; True when their
    zone is now this one from this source (saved now, or earlier)."""
    async with services.uow() as uow:
        prefs = await uow.settings.get_or_default(actor)
        if prefs.timezone_source != "default":  # they set one (or it was learned) meanwhile
            return prefs.timezone_source == source and prefs.timezone == zone
        prefs.timezone = zone
        prefs.timezone_source = source
        await uow.settings.save(prefs)
        await uow.commit()
    return True


class ZoneLearner:
    """On the first event from a person in this process, learn their zone if they have
    none yet. A lookup that fails forgets the person, so a later event tries again."""

    def __init__(self, services: Services, source: str) -> None:
        self.services = services
        self.source = source
        self._seen: set[tuple[str, str, str]] = set()

    async def first_contact(self, actor: Actor, lookup: ZoneLookup) -> None:
        if actor.key in self._seen:
            return
        if len(self._seen) >= MAX_REMEMBERED:
            self._seen.clear()
        self._seen.add(actor.key)
        try:
            # Three short steps, never a transaction held open across the platform's call.
            if not await still_default(self.services, actor):
                return
            zone = await lookup()
            if zone and valid_zone(zone):
                await save_zone(self.services, actor, zone, self.source)
        except ZoneUnavailable:
            self._seen.discard(actor.key)
        except Exception:
            log.exception("could not learn the time zone of %s", actor.user_id)
            self._seen.discard(actor.key)
