"""What a Slack request becomes on its way in: the inbox kinds (a slash command, a button,
a form, a file dropped into the bot's DM), the fields the inbox keeps of each, what the
ack says when one is not simply taken, how long its trigger and response_url stay
usable, and who sent a payload. Kept apart from the listeners so the intake rules read
in one place.
"""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.inbound import Request
from adapters.slack.inbox import Offer
from adapters.slack.messaging import answer, send_to_user
from adapters.slack.notifier import SLACK_PLATFORM
from adapters.slack.render import SHARED_ACTION_ID_PREFIX
from bot.dispatcher import INTERNAL_ERROR_TEXT, Dispatcher
from bot.domain import Actor
from bot.errors import UsageError
from bot.reply import Reply, Tone, error_reply

log = logging.getLogger(__name__)

#: A command's trigger_id opens a form only this soon after Slack sent it (3 s, less a
#: margin); a command run later from the inbox answers in text instead.
TRIGGER_SECONDS = 2.5
#: Slack's response_url works for 30 minutes; an answer later than this goes by DM.
RESPONSE_URL_SECONDS = 29 * 60.0

#: The inbox's `kind` for each acknowledged request (storage/inbox.py).
KIND_COMMAND = "command"
KIND_BUTTON = "button"
KIND_FORM = "form"
#: A file shared in the bot's DM for `contact import` (`adapters.slack.uploads`): its
#: row holds the file's id, never its bytes, which are fetched again when it runs.
KIND_UPLOAD = "upload"
#: Every kind this version runs (`SlackComponent._run_queued`): its inbox claims only
#: these, and leaves rows of any other kind for a process of the version that wrote them.
QUEUED_KINDS = frozenset({KIND_COMMAND, KIND_BUTTON, KIND_FORM, KIND_UPLOAD})

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


def click_payload(body: dict[str, Any], action: dict[str, Any]) -> dict[str, Any]:
    """What a button click keeps in the inbox: who clicked, where, and the button; the
    same shapes bolt hands the listener, trimmed to what the answer needs (no trigger_id:
    a click that opens a form never waits in the inbox, and no token)."""
    user = body.get("user") or {}
    team = body.get("team") or {}
    container = body.get("container") or {}
    return {
        "body": {
            "user": {k: str(user[k]) for k in ("id", "name", "team_id") if user.get(k)},
            "team": {"id": str(team.get("id") or user.get("team_id") or "")},
            "response_url": str(body.get("response_url") or ""),
            "container": {
                k: container[k]
                for k in ("type", "channel_id", "message_ts", "is_ephemeral", "view_id")
                if k in container
            },
        },
        "action": {k: str(action[k]) for k in ("action_id", "value") if k in action},
    }


def form_payload(
    actor: Actor, text: str, waiter: str, values: dict[str, str] | None = None
) -> dict[str, Any]:
    """What a submitted form keeps in the inbox: who, the validated command line, its
    typed values (run as such), and the token of the listener waiting for its verdict
    (`adapters.slack.waiters`)."""
    return {
        "team_id": actor.workspace_id,
        "user_id": actor.user_id,
        "user_name": actor.display_name,
        "text": text,
        "values": values or {},
        "waiter": waiter,
    }


def queued_actor(payload: dict[str, Any]) -> Actor:
    """Who sent a queued command or form (both keep `team_id`, `user_id`, `user_name`)."""
    return Actor(
        SLACK_PLATFORM,
        str(payload.get("team_id") or ""),
        str(payload.get("user_id") or ""),
        str(payload.get("user_name") or ""),
    )


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


async def answer_privately(
    client: AsyncWebClient, user_id: str, response_url: str, reply: Reply, **options: Any
) -> None:
    """Answer at the response_url while it lives, else in the person's DM (a click run
    from the inbox after Slack's 30 minutes, or an App Home click, which has none)."""
    if response_url or not user_id:
        await answer(client, response_url, reply, **options)  # warns when there is neither
    else:
        await send_to_user(client, user_id, reply)


async def click_note(client: AsyncWebClient, body: dict[str, Any], text: str) -> None:
    """Tell only the clicker that their click was not taken (or is slow): a click's ack
    carries no text, so this follows it."""
    actor = actor_of(body)
    note = Reply(text=text, tone=Tone.WARNING)
    try:
        await answer_privately(
            client,
            actor.user_id,
            str(body.get("response_url") or ""),
            note,
            response_type="ephemeral",
            replace_original=False,
        )
    except Exception:
        log.exception("could not tell a clicker the click was not taken", extra=log_ids(actor))


async def apologise(client: AsyncWebClient, response_url: str, user_id: str = "") -> None:
    """Say sorry at the response_url, or, without one and given `user_id`, by DM."""
    try:
        await answer_privately(client, user_id, response_url, error_reply(INTERNAL_ERROR_TEXT))
    except Exception:
        log.exception("could not send the apology either")


def form_request(dispatcher: Dispatcher, payload: dict[str, Any]) -> Request:
    """A queued form's command for the pipeline: its typed values (`Dispatcher.run_values`,
    no detour through text) with the line kept beside them, which buttons on the reply run
    again; the line alone for a form queued before values were kept."""
    line = str(payload.get("text") or "")
    values = payload.get("values")
    if not isinstance(values, dict) or not values:
        return Request(line)
    try:
        spec, _ = dispatcher.resolve(line)
    except UsageError:
        return Request(line)  # its usual, friendly refusal
    return Request(line, spec=spec, values={str(k): str(v) for k, v in values.items()})
