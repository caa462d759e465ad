"""What a Slack slash command becomes on its way in: the fields the inbox keeps, what the
ack says when a command is not simply taken, how long its trigger and response_url stay
usable, and who sent a payload. Kept apart from the listeners so the intake rules read in
one place.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.inbox import Offer
from adapters.slack.messaging import answer
from adapters.slack.notifier import SLACK_PLATFORM
from adapters.slack.render import SHARED_ACTION_ID_PREFIX
from bot.dispatcher import INTERNAL_ERROR_TEXT
from bot.domain import Actor
from bot.reply import error_reply

log = logging.getLogger(__name__)

#: A command's trigger_id opens a form only this soon after Slack sent it (3 s, less a
#: margin); a command run later from the inbox answers in text instead.
TRIGGER_SECONDS = 2.5
#: Slack's response_url works for 30 minutes; an answer later than this goes by DM.
RESPONSE_URL_SECONDS = 29 * 60.0

#: What a slash command keeps in the inbox: what its answer needs, no verification token.
QUEUED_FIELDS = (
    "team_id",
    "user_id",
    "user_name",
    "command",
    "text",
    "response_url",
    "trigger_id",
    "channel_id",
)

#: What the ack says when the command is not simply taken (ephemeral: only they see it).
ACK_TEXTS = {
    Offer.BUSY: "I'm busy right now and didn't take that one. Please try again in a minute.",
    Offer.FAILED: "I couldn't take that just now, so nothing was done. "
    "Please try again in a moment.",
    Offer.SLOW: "Got it. I'm running a little slow, so the answer may take a moment.",
}


def shared_message(action: dict[str, Any], container: dict[str, Any]) -> bool:
    """Whether a clicked message is seen by more than the clicker: its buttons say so
    (`render.SHARED_ACTION_ID_PREFIX`); a message drawn before they did is judged by its
    conversation (only a 1:1 DM's id starts with D)."""
    if container.get("is_ephemeral"):
        return False
    if str(action.get("action_id", "")).startswith(SHARED_ACTION_ID_PREFIX):
        return True
    channel = str(container.get("channel_id", ""))
    return bool(channel) and not channel.startswith("D")


def actor_of(body: dict[str, Any]) -> Actor:
    user = body.get("user") or {}
    team = (body.get("team") or {}).get("id") or user.get("team_id") or ""
    return Actor(SLACK_PLATFORM, str(team), str(user.get("id", "")), str(user.get("name", "")))


def log_ids(actor: Actor) -> dict[str, str]:
    return {"workspace": actor.workspace_id, "user": actor.user_id}


async def apologise(client: AsyncWebClient, response_url: str) -> None:
    try:
        await answer(client, response_url, error_reply(INTERNAL_ERROR_TEXT))
    except Exception:
        log.exception("could not send the apology either")
