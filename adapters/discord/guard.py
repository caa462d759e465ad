"""What an interaction must be before Inroads acts on it: well formed, from a guild install,
and from someone who still belongs to the server it touches.

Three separate doubts, each answered once, here, so the handlers can trust what they get:

* Shape. discord.py reads an interaction's envelope and ``data`` without checking types; a
  payload it cannot read would raise inside the gateway's parser, which ends the whole
  shard's connection. :func:`payload_problem` names the first thing wrong (never echoing
  the text) and :func:`guard_parser` drops such a payload with one warning.
* Install. Inroads is installed to servers. A member who adds a copy to their own account
  could run its commands in a server the bot is not in, and the first person to set up a
  server there becomes its admin. :func:`install_refusal` accepts a server interaction only
  when Discord says a guild install of this app in that very server authorised it, and a
  direct-message interaction only in the DM with the bot itself.
* Membership. A button in a DM carries the server it acts on, and a DM outlives a
  membership. :class:`Membership` asks Discord whether the clicker is still a member
  (no privileged intent needed), remembering the answer for a minute. When Discord cannot
  say (a 5xx, a 429, the network), the click does nothing and the person is asked to try
  again shortly; the question is bounded in time, because discord.py itself would retry
  a 5xx for some 25 s and sleep out a 429, all while the person waits.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable, Mapping
from typing import Any

import aiohttp
import discord
from discord import app_commands

log = logging.getLogger(__name__)

MEMBERSHIP_CACHE_SECONDS = 60.0
MEMBERSHIP_CACHE_MAX = 10_000
#: How long a click waits for Discord's answer on membership before giving up kindly.
MEMBERSHIP_WAIT_SECONDS = 5.0
#: A DM button that opens a form asks at most this long (a form must open within 3 s);
#: without an answer the form opens, and its submission is checked as any click is.
FORM_MEMBERSHIP_WAIT_SECONDS = 1.5
SNOWFLAKE_MAX = 2**64 - 1

NOT_INSTALLED_HERE = (
    "I'm not set up in this server, so I can't do anything here. If you'd like to use "
    "Inroads in this server, ask one of its admins to add me; otherwise use me in a server "
    "where I'm already a member, or in our direct messages."
)
NOT_IN_THIS_CHAT = (
    "I only work inside servers that have added me and in our own direct messages. "
    "Open a DM with me, or use the command in your server."
)
LEFT_THE_SERVER = (
    "That button belongs to a server you're no longer a member of, so I've left "
    "everything as it was. If you rejoin, the button will work again."
)
COULD_NOT_CHECK = (
    "I couldn't confirm you're still in that server just now, so I haven't changed "
    "anything. Please press the button again in a moment."
)


# -- shape ---------------------------------------------------------------------------------


def _snowflake(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return 0 <= value <= SNOWFLAKE_MAX
    return (
        isinstance(value, str)
        and 0 < len(value) <= 20  # int() of a long enough string would raise
        and value.isascii()
        and value.isdigit()
        and int(value) <= SNOWFLAKE_MAX
    )


def _text(value: Any, limit: int = 4_000) -> bool:
    return isinstance(value, str) and len(value) <= limit


#: Option type -> whether a value is of that type (1 and 2 are groups, with no value).
_OPTION_VALUES: Mapping[int, Callable[[Any], bool]] = {
    3: _text,
    4: lambda v: isinstance(v, int) and not isinstance(v, bool),
    5: lambda v: isinstance(v, bool),
    6: _snowflake,
    7: _snowflake,
    8: _snowflake,
    9: _snowflake,
    10: lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    11: _snowflake,
}


def _options_problem(options: Any, depth: int = 0) -> str | None:
    if not isinstance(options, list) or len(options) > 25:
        return "options are not a list of at most 25"
    for option in options:
        if not isinstance(option, dict) or not _text(option.get("name"), 32):
            return "an option has no name"
        kind: Any = option.get("type")
        if kind in (1, 2):
            if depth >= 2:
                return "subcommands nest too deep"
            problem = _options_problem(option.get("options", []), depth + 1)
            if problem:
                return problem
        elif isinstance(kind, int) and kind in _OPTION_VALUES:
            if "value" in option and not _OPTION_VALUES[kind](option["value"]):
                return f"option value does not match its type {kind}"
        else:
            return "an option has an unknown type"
        if "focused" in option and not isinstance(option["focused"], bool):
            return "focused is not a boolean"
    return None


def _focused(options: list[dict[str, Any]]) -> int:
    """How many options (at any depth; shape already checked) are marked focused."""
    return sum(_focused(o.get("options", [])) + int(o.get("focused") is True) for o in options)


def _resolved_problem(resolved: Any) -> str | None:
    if not isinstance(resolved, dict):
        return "resolved is not an object"
    if not set(resolved) <= {"users", "members"}:  # the only option kind Inroads declares
        return "resolved data for options Inroads never declares"
    members = resolved.get("members", {})
    if not isinstance(members, dict) or not all(
        isinstance(m, dict) and isinstance(m.get("roles", []), list) for m in members.values()
    ):
        return "a resolved member is not an object"
    users = resolved.get("users", {})
    if not isinstance(users, dict):
        return "resolved users are not an object"
    for key, value in users.items():
        problem = "a resolved user is not one" if not _snowflake(key) else _user_problem(value)
        if problem:
            return problem
    return None


def _user_problem(user: Any) -> str | None:
    """What discord.py needs of a user object (it reads these keys without checking)."""
    if not isinstance(user, dict) or not _snowflake(user.get("id")):
        return "a user is not an object with an id"
    if not _text(user.get("username"), 100):
        return "a user has no name"
    tag: Any = user.get("discriminator")  # "0", or four digits (discord.py does arithmetic on it)
    if not _text(tag, 4) or not tag.isascii() or not tag.isdigit():
        return "a user's discriminator is not digits"
    if "avatar" not in user or not (user["avatar"] is None or _text(user["avatar"], 100)):
        return "a user has no avatar field"
    return None


def _command_problem(data: dict[str, Any]) -> str | None:
    if not _text(data.get("name"), 32):
        return "the command has no name"
    if data.get("type", 1) != 1:
        return "not a slash command"
    if "id" in data and not _snowflake(data["id"]):
        return "the command id is not a snowflake"
    problem = _options_problem(data.get("options", []))
    return problem or _resolved_problem(data.get("resolved", {}))


def _component_problem(data: dict[str, Any]) -> str | None:
    if not _text(data.get("custom_id"), 100):
        return "the custom id is not text of at most 100 characters"
    if data.get("component_type") not in range(2, 9):
        return "the component type is unknown"
    if "values" in data and (
        not isinstance(data["values"], list) or not all(_text(v, 100) for v in data["values"])
    ):
        return "selected values are not text"
    return None


def _modal_problem(data: dict[str, Any]) -> str | None:
    if not _text(data.get("custom_id"), 100):
        return "the form id is not text of at most 100 characters"
    rows = data.get("components")
    if not isinstance(rows, list) or len(rows) > 5:
        return "the form's rows are not a list of at most 5"
    for row in rows:
        if not isinstance(row, dict) or row.get("type") not in (1, 18):
            return "a form row is neither an action row nor a label"
        inner = row.get("components") if row["type"] == 1 else [row.get("component")]
        if not isinstance(inner, list) or not inner:
            return "a form row holds no input"
        for field in inner:
            if not isinstance(field, dict) or not _text(field.get("custom_id"), 100):
                return "a form input has no id"
            if field.get("type") != 4 or not _text(field.get("value", "")):  # Inroads' forms
                return "a form input is not a text input with text"  # hold text inputs only
    return _resolved_problem(data.get("resolved", {}))


def payload_problem(payload: Any) -> str | None:
    """What is wrong with an INTERACTION_CREATE payload, in words that quote none of it;
    None when discord.py and the handlers can read it safely."""
    if not isinstance(payload, dict):
        return "the interaction is not an object"
    for key in ("id", "application_id"):
        if not _snowflake(payload.get(key)):
            return f"{key} is not a snowflake"
    if not _text(payload.get("token"), 500):
        return "the token is not text"
    kind = payload.get("type")
    if kind not in (1, 2, 3, 4, 5):
        return "the interaction type is unknown"
    for key in ("guild_id", "channel_id"):
        if key in payload and not _snowflake(payload[key]):
            return f"{key} is not a snowflake"
    if "context" in payload and payload["context"] not in (0, 1, 2):
        return "the context is unknown"
    owners = payload.get("authorizing_integration_owners", {})
    if not isinstance(owners, dict) or not all(
        k in ("0", "1") and _snowflake(v) for k, v in owners.items()
    ):
        return "the authorising owners are not install types and ids"
    # discord.py reads the person from `member` in a server and from `user` elsewhere.
    if payload.get("guild_id") is not None:
        member = payload.get("member")
        person = member.get("user") if isinstance(member, dict) else None
    else:
        person = payload.get("user")
    problem = _user_problem(person)
    if problem:
        return f"the person: {problem}"
    if kind == 1:
        return None
    data = payload.get("data")
    if not isinstance(data, dict):
        return "data is not an object"
    if kind in (2, 4):
        problem = _command_problem(data)
        if problem is None and kind == 4 and _focused(data.get("options", [])) != 1:
            return "an autocomplete names no single focused option"
        return problem
    if kind == 3:
        return _component_problem(data)
    return _modal_problem(data)


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def scrub(value: Any) -> Any:
    """`value` with every lone surrogate (JSON can carry them; no database or log can)
    replaced by U+FFFD, so the text still runs as typed, minus the broken character.
    A valid pair arrives from JSON already joined into one character."""
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [scrub(item) for item in value]
    if isinstance(value, dict):
        return {scrub(key): scrub(item) for key, item in value.items()}
    return value


def guard_parser(client: discord.Client) -> None:
    """Check every INTERACTION_CREATE before discord.py reads it: the gateway calls the
    parser from its own loop, so an exception there would cost the whole connection."""
    parsers: dict[str, Callable[[Any], None]] = client._connection.parsers
    original = parsers["INTERACTION_CREATE"]

    def parse(payload: Any) -> None:
        try:
            payload = scrub(payload)
            problem = payload_problem(payload)
            if problem is not None:
                log.warning("ignored a malformed Discord interaction: %s", problem)
                return
            original(payload)
        except Exception as error:  # the shard must live on; the type says enough
            log.warning(
                "ignored a Discord interaction discord.py could not read (%s)", type(error).__name__
            )

    parsers["INTERACTION_CREATE"] = parse


def completes(interaction: discord.Interaction[Any]) -> bool:
    """Whether an autocomplete's focused option is one this command completes: discord.py
    would otherwise log the mismatch as an exception of its own, at ERROR."""
    command = interaction.command
    if not isinstance(command, app_commands.Command):
        return False
    data: Any = interaction.data or {}
    options: Any = data.get("options", [])
    while options:  # shape checked: a subcommand holds options, a leaf holds values
        focused = next((o for o in options if o.get("focused") is True), None)
        if focused is not None:
            name = focused["name"]
            return any(p.display_name == name and p.autocomplete for p in command.parameters)
        options = next((o.get("options", []) for o in options if o.get("type") in (1, 2)), [])
    return False


# -- install ---------------------------------------------------------------------------------


def install_refusal(interaction: discord.Interaction[Any]) -> str | None:
    """Why this interaction may not act, or None. In a server, a guild install there must
    have authorised it (a user-installed copy would otherwise act in a server without the
    bot); outside servers, only the DM with the bot (where membership is checked)."""
    if interaction.guild_id is not None:
        return None if interaction.is_guild_integration() else NOT_INSTALLED_HERE
    if interaction.context.private_channel:
        return NOT_IN_THIS_CHAT
    return None


# -- membership -----------------------------------------------------------------------------


class Membership:
    """Is this person still a member of that server? One REST call a minute at most per
    pair: a click after leaving is refused within a minute, at no privileged intent."""

    def __init__(
        self,
        client: discord.Client,
        ttl: float = MEMBERSHIP_CACHE_SECONDS,
        wait_seconds: float = MEMBERSHIP_WAIT_SECONDS,
    ) -> None:
        self.client = client
        self.ttl = ttl
        self.wait_seconds = wait_seconds
        self._known: dict[tuple[int, int], tuple[float, bool]] = {}

    async def check(self, guild_id: int, user_id: int, *, wait: float | None = None) -> bool | None:
        """True or False as Discord says; None when Discord could not be asked (within
        `wait` seconds, the default wait when None)."""
        key = (guild_id, user_id)
        cached = self._known.get(key)
        if cached is not None and time.monotonic() - cached[0] < self.ttl:
            return cached[1]
        try:
            async with asyncio.timeout(self.wait_seconds if wait is None else wait):
                await self.client.http.get_member(guild_id, user_id)
            member = True
        except (discord.NotFound, discord.Forbidden):  # left, or the bot itself is gone
            member = False
        except (discord.DiscordException, aiohttp.ClientError, OSError, TimeoutError) as error:
            # Ids and the kind of failure only: never a response body.
            log.warning(
                "could not check membership of user %s in guild %s (%s)",
                user_id,
                guild_id,
                _failure(error),
            )
            return None
        if len(self._known) >= MEMBERSHIP_CACHE_MAX:
            self._known.clear()
        self._known[key] = (time.monotonic(), member)
        return member


def _failure(error: BaseException) -> str:
    """A failure in a few words: the HTTP status, a rate limit, or the exception's kind."""
    if isinstance(error, discord.HTTPException):
        return f"HTTP {error.status}"
    if isinstance(error, discord.RateLimited):
        return f"rate limited for {error.retry_after:.0f} s"
    if isinstance(error, TimeoutError):
        return "no answer in time"
    return type(error).__name__
