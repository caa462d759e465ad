"""Two-click capture on Slack: shortcuts that open a command's form, prefilled.

A message shortcut ("Log as interview note", "Save as contact") carries the message it was
used on; a global shortcut ("Log an interview") carries nothing. Each opens
the form its command declares (bot/schema.py `Form`, drawn by adapters/slack/modals.py)
with what the message already says filled in: its text as notes, its author's name as
the person. Nothing is written until the form is submitted, which then runs exactly as a
typed command would (the listeners' `on_submit`). The shortcut's trigger_id lives three
seconds, so the form opens right after the ack, not through the inbox.

The callback ids here are the manifest's (`deploy/slack-manifest.yml`), checked by
tests/slack/test_manifest.py.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.intake import actor_of, log_ids
from adapters.slack.messaging import send_to_user
from adapters.slack.modals import build_view, form_for
from adapters.slack.render import unescape
from bot.dispatcher import Dispatcher
from bot.mentions import scrub
from bot.reply import error_reply

log = logging.getLogger(__name__)

Prefill = Callable[[dict[str, Any]], dict[str, str]]
#: Slack's limits for a manifest shortcut (the app manifest reference): a longer name is
#: refused when the manifest is applied, so the app would install without its shortcuts.
NAME_MAX, CALLBACK_ID_MAX, DESCRIPTION_MAX = 24, 255, 150
NOTE_CHARS = 2900


def _message(body: Mapping[str, Any]) -> dict[str, Any]:
    return dict(body.get("message") or {})


def _text(body: dict[str, Any]) -> str:
    """The message's words as a person reads them (mentions and links unescaped)."""
    return scrub(unescape(str(_message(body).get("text") or "")).strip())[:NOTE_CHARS]


def _author(body: dict[str, Any]) -> str:
    """The message author's name, when Slack sent it and it isn't the clicker's own."""
    message = _message(body)
    if message.get("user") == (body.get("user") or {}).get("id"):
        return ""
    profile = message.get("user_profile") or {}
    name = profile.get("real_name") or profile.get("display_name") or ""
    return scrub(" ".join(str(name).split()))[:100]


def _as_note(body: dict[str, Any]) -> dict[str, str]:
    found = {"notes": _text(body)}
    if author := _author(body):
        found["contact"] = author
    return found


def _as_contact(body: dict[str, Any]) -> dict[str, str]:
    found = {"notes": _text(body), "how": "Slack"}
    if author := _author(body):
        found["name"] = author
    return found


@dataclass(frozen=True)
class Shortcut:
    callback_id: str
    name: str  # what people see in Slack's shortcut menu
    kind: str  # message | global
    description: str
    command: str  # the command whose form opens
    prefill: Prefill


SHORTCUTS = (
    Shortcut(
        "inroads_log_note",
        "Log as interview note",
        "message",
        "Log this message as notes from an informational interview",
        "interview log",
        _as_note,
    ),
    Shortcut(
        "inroads_save_contact",
        "Save as contact",
        "message",
        "Save this message's author to your Inroads contacts",
        "contact add",
        _as_contact,
    ),
    Shortcut(
        "inroads_log_interview",
        "Log an interview",
        "global",
        "Record a conversation you have had",
        "interview log",
        lambda body: {},
    ),
)


@dataclass
class ShortcutListeners:
    dispatcher: Dispatcher

    def register(self, app: AsyncApp) -> None:
        for shortcut in SHORTCUTS:
            app.shortcut(shortcut.callback_id)(self._listener(shortcut))

    def _listener(self, shortcut: Shortcut) -> Callable[..., Any]:
        async def on_shortcut(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
            await ack()
            await self.open(shortcut, body, client)

        return on_shortcut

    async def open(self, shortcut: Shortcut, body: dict[str, Any], client: AsyncWebClient) -> None:
        actor = actor_of(body)
        found = form_for(self.dispatcher, shortcut.command)
        try:
            if found is None:  # a core without that command: say so rather than nothing
                gone = error_reply("That shortcut isn't available in this version of Inroads.")
                await send_to_user(client, actor.user_id, gone)
                return
            form, spec = found
            view = build_view(form, spec, {"team": actor.workspace_id}, shortcut.prefill(body))
            await client.views_open(trigger_id=str(body.get("trigger_id") or ""), view=view)
        except Exception:
            log.exception("a Slack shortcut could not open its form", extra=log_ids(actor))
