"""A local stand-in for Discord's REST API that refuses what Discord refuses.

Every request body the bot sends is validated with jsonschema against the operation's
schema in Discord's own OpenAPI spec (`/work/shared/specs/discord-openapi.json`); an
invalid body gets Discord's error JSON (400, code 50035) and is recorded as rejected, so a
test fails where production would. Answers use exactly ``Content-Type: application/json``
(discord.py reads ``...; charset=utf-8`` as text). Calls are recorded; tests wait for them
with a timeout, never a fixed sleep.
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from aiohttp import web

from tests.discord.fake_gateway import FakeGateway
from tests.fakeplatforms import discord_rest
from tests.fakeplatforms.discord_rest import JSON, answer, discord_error, message_payload
from tests.loopback import serve_on_loopback

SPEC_PATH = Path("/work/shared/specs/discord-openapi.json")
APP_ID = "700000000000000001"
BOT_ID = "700000000000000002"
TOKEN = "test-token"
ids = itertools.count(800000000000000001)


@cache
def _spec() -> dict[str, Any]:
    spec: dict[str, Any] = json.loads(SPEC_PATH.read_text())
    return spec


@cache
def _validator(path: str, method: str) -> jsonschema.protocols.Validator:
    spec = _spec()
    content = spec["paths"][path][method]["requestBody"]["content"]
    schema = dict(content["application/json"]["schema"])
    schema["components"] = spec["components"]  # local #/components/... refs resolve here
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    return cls(schema)


def _docs_over_spec(body: Any) -> Any:
    """Where Discord's docs and spec differ, follow the docs (as Discord says to).

    Uploads name their attachment by index (``"id": 0``, a number): the docs' example and
    every library do this, while the spec types ``id`` as a snowflake string. Likewise the
    docs accept snowflakes as numbers in request bodies, and discord.py sends
    ``recipient_id`` as one.
    """
    if isinstance(body, dict) and isinstance(body.get("recipient_id"), int):
        body = {**body, "recipient_id": str(body["recipient_id"])}
    mentions = body.get("allowed_mentions") if isinstance(body, dict) else None
    if isinstance(mentions, dict):  # discord.py sends the allowed ids as numbers too
        mentions = {
            k: [str(i) if isinstance(i, int) else i for i in v] if isinstance(v, list) else v
            for k, v in mentions.items()
        }
        body = {**body, "allowed_mentions": mentions}
    if isinstance(body, dict) and isinstance(body.get("attachments"), list):
        body = dict(body)
        body["attachments"] = [
            {**a, "id": str(a["id"])} if isinstance(a.get("id"), int) else a
            for a in body["attachments"]
        ]
    return body


def _deepest(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """The most specific cause of an anyOf/oneOf failure, so messages say what is wrong."""
    while error.context:
        error = max(error.context, key=lambda e: len(list(e.absolute_path)))
    return error


def validate(path: str, method: str, body: Any) -> list[str]:
    """Schema violations of `body` for the operation (empty when valid)."""
    errors = _validator(path, method).iter_errors(_docs_over_spec(body))
    out = []
    for error in errors:
        cause = _deepest(error)
        out.append(f"{'/'.join(map(str, cause.absolute_path))}: {cause.message[:300]}")
    return out


@dataclass
class Call:
    method: str
    route: str  # the OpenAPI path template
    path: str
    body: Any
    files: list[str] = field(default_factory=list)
    query: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def user_payload(user_id: str, name: str = "someone") -> dict[str, Any]:
    """A user of these tests: a display name from `name`, a bot only when it is ours."""
    return discord_rest.user_payload(user_id, name, bot=user_id == BOT_ID, global_name=name.title())


__all__ = ["JSON", "Call", "FakeDiscord", "answer", "discord_error", "user_payload", "validate"]


class FakeDiscord(FakeGateway):
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.changed = asyncio.Condition()
        self.blocked_dm_users: dict[str, int] = {}  # user id -> error code (50007, 50278)
        self.members: dict[str, set[str]] = {}  # guild id -> member ids
        self.messages: dict[str, dict[str, Any]] = {}
        self.nonces = discord_rest.NonceMemory()  # enforce_nonce, as Discord honours it
        self.recommended_shards = 1
        # The next answers to DMs: (status, body, passed Discord's proxy?)
        self.message_failures: list[tuple[int, dict[str, Any], bool]] = []
        # The next answers to membership checks, in the same form.
        self.member_failures: list[tuple[int, dict[str, Any], bool]] = []
        self.guilds: dict[str, str] = {}  # guild id -> name, announced to every shard
        self.channels: dict[str, list[dict[str, Any]]] = {}  # guild id -> channel objects
        self.identifies: list[dict[str, Any]] = []
        self.uploads: dict[str, tuple[str, bytes]] = {}  # attachment id -> (name, bytes)
        self.announced: dict[str, int] = {}  # attachment id -> the size Discord announces
        self.downloads: list[str] = []  # attachment ids fetched, in order
        self.expired: set[str] = set()  # attachments the CDN no longer serves (404)
        self.sockets: dict[int, web.WebSocketResponse] = {}
        self.port = 0
        self._runner: web.AppRunner | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    # -- test helpers --------------------------------------------------------------------

    async def wait_for(self, predicate: Callable[[Call], bool], limit: float = 30.0) -> Call:
        async def found() -> Call:
            async with self.changed:
                while True:
                    for call in self.calls:
                        if predicate(call):
                            return call
                    await self.changed.wait()

        return await asyncio.wait_for(found(), limit)

    async def wait_route(self, method: str, route: str, after: int = 0) -> Call:
        return await self.wait_for(
            lambda c: c.method == method and c.route == route and self.calls.index(c) >= after
        )

    def invalid(self) -> list[Call]:
        return [c for c in self.calls if c.errors]

    # -- server --------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application()
        r = app.router
        r.add_get("/api/v10/users/@me", self.me)
        r.add_get("/api/v10/oauth2/applications/@me", self.application)
        r.add_put("/api/v10/applications/{app}/commands", self.put_commands)
        r.add_put("/api/v10/applications/{app}/guilds/{guild}/commands", self.put_commands)
        r.add_post("/api/v10/interactions/{id}/{token}/callback", self.callback)
        r.add_post("/api/v10/webhooks/{app}/{token}", self.followup)
        r.add_patch("/api/v10/webhooks/{app}/{token}/messages/{message}", self.edit)
        r.add_post("/api/v10/users/@me/channels", self.open_dm)
        r.add_post("/api/v10/channels/{channel}/messages", self.create_message)
        r.add_get("/api/v10/guilds/{guild}/members/{user}", self.member)
        r.add_get("/api/v10/guilds/{guild}/channels", self.guild_channels)
        r.add_get("/api/v10/gateway/bot", self.gateway_bot)
        r.add_get("/gateway", self.gateway)
        r.add_get("/cdn/attachments/{id}/{name}", self.attachment_bytes)
        self._runner, self.port = await serve_on_loopback(app)

    def attach(self, filename: str, content: bytes, size: int | None = None) -> str:
        """A file a person attached to a slash command; its id for the option value.
        `size` is what Discord announces (a test may announce more than it serves)."""
        attachment_id = str(next(ids))
        self.uploads[attachment_id] = (filename, content)
        self.announced[attachment_id] = len(content) if size is None else size
        return attachment_id

    def attachment(self, attachment_id: str) -> dict[str, Any]:
        """The resolved attachment object of an interaction, as Discord sends it."""
        filename, _ = self.uploads[attachment_id]
        url = f"http://127.0.0.1:{self.port}/cdn/attachments/{attachment_id}/{filename}"
        return {
            "id": attachment_id,
            "filename": filename,
            "size": self.announced[attachment_id],
            "url": url,
            "proxy_url": url,
            "content_type": "text/csv",
            "ephemeral": True,
        }

    async def attachment_bytes(self, request: web.Request) -> web.Response:
        found = self.uploads.get(request.match_info["id"])
        self.downloads.append(request.match_info["id"])
        if found is None or request.match_info["id"] in self.expired:
            return web.Response(status=404)
        return web.Response(body=found[1], content_type="application/octet-stream")

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _record(self, request: web.Request, route: str, method: str) -> Call:
        files: list[str] = []
        body: Any = None
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            for key, value in form.items():
                if key == "payload_json":
                    body = json.loads(str(value))
                elif hasattr(value, "filename"):
                    files.append(value.filename)
        elif request.can_read_body:
            body = await request.json()
        call = Call(method, route, request.path, body, files, dict(request.query))
        if body is not None and method != "get":
            call.errors = validate(route, method, body)
        async with self.changed:
            self.calls.append(call)
            self.changed.notify_all()
        return call

    def _refuse(self, call: Call) -> web.Response:
        return discord_error(400, 50035, "Invalid Form Body", {"_errors": call.errors})

    async def me(self, request: web.Request) -> web.Response:
        await self._record(request, "/users/@me", "get")
        return answer({**user_payload(BOT_ID, "inroads"), "bot": True, "mfa_enabled": False})

    async def application(self, request: web.Request) -> web.Response:
        await self._record(request, "/oauth2/applications/@me", "get")
        owner = user_payload("700000000000000003", "owner")
        return answer(
            discord_rest.application_payload(
                APP_ID, owner, description="test app", bot_public=True, verify_key="0" * 64
            )
        )

    async def put_commands(self, request: web.Request) -> web.Response:
        guild = request.match_info.get("guild")
        route = (
            "/applications/{application_id}/guilds/{guild_id}/commands"
            if guild
            else "/applications/{application_id}/commands"
        )
        call = await self._record(request, route, "put")
        if call.errors:
            return self._refuse(call)
        out = []
        for command in call.body or []:
            made = {
                "id": str(next(ids)),
                "application_id": APP_ID,
                "version": "1",
                "type": 1,
                "default_member_permissions": None,
                # Discord answers a context-menu command (which sends none) with "".
                "description": "",
                **command,
            }
            if guild:
                made["guild_id"] = guild
            out.append(made)
        return answer(out)

    async def callback(self, request: web.Request) -> web.Response:
        route = "/interactions/{interaction_id}/{interaction_token}/callback"
        call = await self._record(request, route, "post")
        if call.errors:
            return self._refuse(call)
        return answer({"interaction": {"id": request.match_info["id"], "type": 2}})

    def _message(self, body: dict[str, Any], channel_id: str) -> dict[str, Any]:
        author = user_payload(BOT_ID, "inroads")
        message = message_payload(str(next(ids)), channel_id, author, body)
        self.messages[message["id"]] = message
        return message

    async def followup(self, request: web.Request) -> web.Response:
        call = await self._record(request, "/webhooks/{webhook_id}/{webhook_token}", "post")
        if call.errors:
            return self._refuse(call)
        return answer(self._message(call.body or {}, "900000000000000001"))

    async def edit(self, request: web.Request) -> web.Response:
        message = request.match_info["message"]
        route = (
            "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
            if message == "@original"
            else "/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}"
        )
        call = await self._record(request, route, "patch")
        if call.errors:
            return self._refuse(call)
        return answer(self._message(call.body or {}, "900000000000000001"))

    async def open_dm(self, request: web.Request) -> web.Response:
        call = await self._record(request, "/users/@me/channels", "post")
        if call.errors:
            return self._refuse(call)
        user = str(call.body["recipient_id"])
        return answer({"id": f"5{user[1:]}", "type": 1, "recipients": [user_payload(user)]})

    async def create_message(self, request: web.Request) -> web.Response:
        call = await self._record(request, "/channels/{channel_id}/messages", "post")
        if call.errors:
            return self._refuse(call)
        channel = request.match_info["channel"]
        recipient = f"1{channel[1:]}"
        code = self.blocked_dm_users.get(recipient)
        if code is not None:
            return discord_error(403, code, "Cannot send messages to this user")
        if self.message_failures:
            status, body, via = self.message_failures.pop(0)
            return answer(body, status, via)
        # The author is always our bot here, so one memory of enforced nonces will do.
        earlier = self.nonces.earlier(call.body)
        if earlier is not None:
            return answer(earlier)
        message = self._message(call.body, channel)
        self.nonces.remember(call.body, message)
        return answer(message)

    async def member(self, request: web.Request) -> web.Response:
        await self._record(request, "/guilds/{guild_id}/members/{user_id}", "get")
        if self.member_failures:
            status, body, via = self.member_failures.pop(0)
            return answer(body, status, via)
        guild, user = request.match_info["guild"], request.match_info["user"]
        if user not in self.members.get(guild, set()):
            return discord_error(404, 10007, "Unknown Member")
        return answer(
            {
                "user": user_payload(user),
                "roles": [],
                "joined_at": "2026-01-01T00:00:00+00:00",
                "deaf": False,
                "mute": False,
                "flags": 0,
            }
        )

    def add_channel(self, guild: str, name: str, kind: int = 0) -> str:
        """A channel of `guild` (type 0 text, 2 voice, 5 announcement); returns its id."""
        channel_id = str(next(ids))
        self.channels.setdefault(guild, []).append(
            {
                "id": channel_id,
                "type": kind,
                "guild_id": guild,
                "name": name,
                "position": len(self.channels.get(guild, [])),
                "permission_overwrites": [],
                "nsfw": False,
                "parent_id": None,
                "flags": 0,
            }
        )
        return channel_id

    async def guild_channels(self, request: web.Request) -> web.Response:
        await self._record(request, "/guilds/{guild_id}/channels", "get")
        guild = request.match_info["guild"]
        if guild not in self.channels and guild not in self.members:
            return discord_error(404, 10004, "Unknown Guild")
        return answer(self.channels.get(guild, []))
