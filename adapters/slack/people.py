"""First contact with a person: learn their time zone from Slack's profile.

On the first event from a user in this process, `users.info` supplies `user.tz`, saved
with source "slack" by the shared learner (`adapters.zones`), which decides when: only
while the person still has the default zone, never over one they set.
"""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.zones import ZoneLearner, ZoneUnavailable
from bot.domain import Actor
from bot.services import Services

log = logging.getLogger(__name__)


class TimezoneLearner:
    def __init__(self, services: Services) -> None:
        self.learner = ZoneLearner(services, source="slack")

    async def first_contact(self, client: AsyncWebClient, actor: Actor) -> None:
        async def profile_zone() -> str | None:
            try:
                response = await client.users_info(user=actor.user_id)
            except SlackApiError as exc:
                data = getattr(exc.response, "data", None)
                error = data.get("error") if isinstance(data, dict) else "unreadable answer"
                log.warning("users.info failed for %s: %s", actor.user_id, error)
                raise ZoneUnavailable(error) from None
            return str((response.get("user") or {}).get("tz") or "") or None

        await self.learner.first_contact(actor, profile_zone)
