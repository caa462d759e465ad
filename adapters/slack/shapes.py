"""Slack request bodies checked for the shape Slack sends, before bolt reads them.

Bolt trusts a signed body: it indexes `actions[0]`, `view["type"]` and `team["id"]`
while building a request and while preparing every middleware's arguments, so a signed
body of an odd shape (invalid JSON, `actions: []`, a list where an object belongs) was an
HTTP 500 with a traceback, or an unhandled error after the ack. Slack itself never sends
those; a bug in a proxy, a replayed fragment or someone holding the signing secret does.
Each one now gets a plain answer before bolt sees it:

* unsigned (or badly signed): 401, exactly as bolt would answer, so the difference
  between "malformed" and "forged" is never shown to someone without the secret;
* signed but unreadable or the wrong shape: 400, logged as one line naming the problem;
* signed, readable and well shaped, but with text a person cannot have meant: tidied so
  the answer is kind: lone surrogates (invalid Unicode that cannot be stored) become
  U+FFFD, and a form whose private_metadata is not ours is treated as a form that no
  longer exists ("That form is no longer available").
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Mapping
from typing import Any, TypeGuard

from aiohttp import web
from slack_bolt.request.async_request import AsyncBoltRequest

log = logging.getLogger(__name__)

#: Slack's own limit on how old a signed request may be (seconds).
SIGNATURE_WINDOW = 300
_ACTION_TYPES = frozenset({"block_actions", "interactive_message"})
_OBJECT_KEYS = ("user", "team", "channel", "container", "view", "event", "enterprise")
_TEXT_KEYS = frozenset({"command", "team_id", "user_id", "text", "response_url", "trigger_id"})


def _is_object(value: Any) -> TypeGuard[dict[str, Any]]:
    return isinstance(value, dict)


def _optional_str(mapping: Mapping[str, Any], key: str) -> bool:
    return key not in mapping or mapping[key] is None or isinstance(mapping[key], str)


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def _url_or_absent(value: Any) -> bool:
    return value in (None, "") or (
        isinstance(value, str) and value.startswith(("https://", "http://"))
    )


def problem(body: Any) -> str | None:
    """What is wrong with a parsed body, in a few words; None when Slack could have sent it."""
    if not isinstance(body, dict):
        return "the body is not an object"
    for key in _OBJECT_KEYS:
        if body.get(key) is not None and not _is_object(body[key]) and key != "team":
            return f"{key} is not an object"
    if body.get("team") is not None and not isinstance(body["team"], (dict, str)):
        return "team is neither an id nor an object"
    for key in ("type", "api_app_id", "token", "team_id", "user_id", "enterprise_id"):
        if not _optional_str(body, key):
            return f"{key} is not text"
    for key in _OBJECT_KEYS:
        inner = body.get(key)
        if isinstance(inner, dict):
            for field in ("id", "team_id", "enterprise_id", "name", "username", "domain"):
                if field in inner and not isinstance(inner[field], str):
                    return f"{key}.{field} is not text"
    if not _ids_are_clean(body):
        return "an id is not valid text"
    if not _url_or_absent(body.get("response_url")):
        return "response_url is not a URL"
    if "command" in body:
        return _command_problem(body)
    kind = body.get("type")
    if kind in _ACTION_TYPES or "actions" in body:
        return _action_problem(body)
    if kind in {"view_submission", "view_closed"} or "view" in body:
        return _view_problem(body)
    if kind == "event_callback" or "event" in body:
        return _event_problem(body)
    return None


def _command_problem(body: dict[str, Any]) -> str | None:
    for key in _TEXT_KEYS:
        if not _optional_str(body, key):
            return f"{key} is not text"
    for key in ("command", "team_id", "user_id"):
        if not body.get(key):
            return f"a slash command without {key}"
    return None


def _user_problem(body: dict[str, Any]) -> str | None:
    user = body.get("user")
    if not _is_object(user) or not isinstance(user.get("id"), str) or not user["id"]:
        return "no user id"
    for key in ("team_id", "name", "username"):
        if not _optional_str(user, key):
            return f"user.{key} is not text"
    team = body.get("team")
    if team is not None and not isinstance(team, dict):
        return "team is not an object"
    team_id = team.get("id") if team else None
    if not (isinstance(team_id, str) and team_id) and not isinstance(user.get("team_id"), str):
        return "no team id"
    return None


def _action_problem(body: dict[str, Any]) -> str | None:
    actions = body.get("actions")
    if not isinstance(actions, list) or not actions:
        return "a click without actions"
    if not all(_is_object(a) for a in actions):
        return "an action is not an object"
    if not all(isinstance(a.get("action_id"), str) for a in actions):
        return "an action without its action_id"
    for key in ("action_id", "block_id", "value", "action_ts", "type", "callback_id"):
        if not all(key not in a or isinstance(a[key], str) for a in actions):
            return f"an action's {key} is not text"
    for key in ("trigger_id", "callback_id"):
        if not _optional_str(body, key):
            return f"{key} is not text"
    container = body.get("container") or {}
    for key in ("type", "channel_id", "message_ts", "view_id"):
        if key in container and not isinstance(container[key], str):
            return f"container.{key} is not text"
    if "channel_id" in container and "message_ts" not in container:
        return "a message click without the message's timestamp"
    return _user_problem(body)


def _view_problem(body: dict[str, Any]) -> str | None:
    view = body.get("view")
    if not _is_object(view):
        return "a form without its view"
    for key in ("type", "callback_id", "private_metadata", "id", "hash"):
        if not isinstance(view.get(key, ""), str):
            return f"view.{key} is not text"
    if not isinstance(view.get("type"), str):
        return "view.type is missing"
    state = view.get("state")
    if state is not None:
        values = state.get("values") if _is_object(state) else None
        if not _is_object(values) or not all(
            _is_object(block) and all(_is_object(element) for element in block.values())
            for block in values.values()
        ):
            return "view.state is not blocks of inputs"
    return _user_problem(body)


def _event_problem(body: dict[str, Any]) -> str | None:
    event = body.get("event")
    if not _is_object(event) or not isinstance(event.get("type"), str):
        return "an event without a type"
    for key in ("user", "tab", "channel", "subtype", "bot_id"):
        if not _optional_str(event, key):
            return f"event.{key} is not text"
    if event["type"] == "app_home_opened" and not event.get("user"):
        return "App Home opened by no one"
    tokens = event.get("tokens")
    if tokens is not None and not _is_object(tokens):
        return "event.tokens is not an object"
    if event.get("authorizations") is not None or body.get("authorizations") is not None:
        auths = body.get("authorizations")
        if auths is not None and (
            not isinstance(auths, list) or not all(_is_object(a) for a in auths)
        ):
            return "authorizations are not objects"
    return None


def _ids_are_clean(value: Any, key: str = "") -> bool:
    """Ids (keys `id` or ending in `_id`) never carry lone surrogates: bolt copies them
    into its context, where tidying cannot reach."""
    if isinstance(value, dict):
        return all(_ids_are_clean(v, str(k)) for k, v in value.items())
    if isinstance(value, list):
        return all(_ids_are_clean(v, key) for v in value)
    if isinstance(value, str) and (key == "id" or key.endswith("_id")):
        return not _has_surrogate(value)
    return True


def tidy(body: dict[str, Any]) -> None:
    """Make a well-shaped body kind to answer (see the module), in place."""
    _replace_surrogates(body)
    view = body.get("view")
    if isinstance(view, dict) and view.get("private_metadata"):
        try:
            ours = isinstance(json.loads(view["private_metadata"]), dict)
        except ValueError:
            ours = False
        if not ours:
            view["private_metadata"] = "{}"


def _clean(text: str) -> str:
    if not _has_surrogate(text):
        return text
    return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)


def _replace_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, dict):
        for key, item in list(value.items()):
            value[key] = _replace_surrogates(item)
    elif isinstance(value, list):
        value[:] = [_replace_surrogates(item) for item in value]
    return value


def signed(raw: bytes, headers: Mapping[str, str], secret: str, now: float | None = None) -> bool:
    """Slack's v0 signature over the raw bytes, within the 5-minute window."""
    stamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    if not stamp.isdigit() or not signature.startswith("v0="):
        return False
    if abs((time.time() if now is None else now) - int(stamp)) > SIGNATURE_WINDOW:
        return False
    base = b"v0:" + stamp.encode() + b":" + raw
    expected = "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)


async def checked_request(request: web.Request, secret: str) -> AsyncBoltRequest | web.Response:
    """The bolt request for an HTTP request, or the refusal to send instead. The body is
    parsed once, by bolt, and its shape checked on what bolt read."""
    raw = await request.read()
    reason: str | None
    try:
        bolt_request = AsyncBoltRequest(
            body=raw.decode("utf-8"),
            query=request.query_string,
            headers=request.headers,  # type: ignore[arg-type]
        )
    except (UnicodeDecodeError, ValueError):
        reason = "the body is not UTF-8 JSON or a form"
    except Exception as exc:  # bolt refused a shape it has no name for
        reason = f"bolt could not read it ({exc.__class__.__name__})"
    else:
        reason = problem(bolt_request.body)
        if reason is None:
            tidy(bolt_request.body)
            return bolt_request
    if not signed(raw, request.headers, secret):
        return web.Response(status=401)
    log.warning("refused a signed Slack request: %s", reason)
    return web.Response(status=400, text="This request is not in a shape Slack sends.\n")
