"""First contact with a person: learn their time zone from Slack's profile.

Reminders and "yesterday 3pm" depend on a person's zone; asking everyone to set it is
friction Slack already removed. On the first event from a user in this process, if their
settings still carry the default zone (`timezone_source == "default"`), `users.info`
supplies `user.tz` and we save it with source "slack". A zone the person set themselves
is never overwritten. Failures are logged and ignored: this is a convenience.
"""

from __future__ import annotations

import logging
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.domain import Actor
from bot.services import Services

log = logging.getLogger(__name__)
MAX_REMEMBERED = 50_000


class TimezoneLearner:
    def __init__(self, services: Services) -> None:
        self.services = services
        self._seen: set[tuple[str, str, str]] = set()

    async def first_contact(self, client: AsyncWebClient, actor: Actor) -> None:
        if actor.key in self._seen:
            return
        if len(self._seen) >= MAX_REMEMBERED:
            self._seen.clear()
        self._seen.add(actor.key)
        try:
            # Three short steps, never a transaction held open across Slack's HTTP call.
            async with self.services.uow() as uow:
                prefs = await uow.settings.get_or_default(actor)
            if prefs.timezone_source != "default":
                return
            response = await client.users_info(user=actor.user_id)
            zone = str((response.get("user") or {}).get("tz") or "")
            if not zone or not _valid(zone):
                return
            async with self.services.uow() as uow:
                prefs = await uow.settings.get_or_default(actor)
                if prefs.timezone_source != "default":  # they set one meanwhile
                    return
                prefs.timezone = zone
                prefs.timezone_source = "slack"
                await uow.settings.save(prefs)
                await uow.commit()
        except SlackApiError as exc:
            data = getattr(exc.response, "data", None)
            error = data.get("error") if isinstance(data, dict) else "unreadable answer"
            log.warning("users.info failed for %s: %s", actor.user_id, error)
            self._seen.discard(actor.key)
        except Exception:
            log.exception("could not learn the time zone of %s", actor.user_id)
            self._seen.discard(actor.key)


def _valid(zone: str) -> bool:
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True
