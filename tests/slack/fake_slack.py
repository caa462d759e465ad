"""A local, recording fake of Slack's Web API (and Socket Mode websocket) on 127.0.0.1.

It answers like Slack and refuses what Slack refuses: every call is checked against
Slack's own OpenAPI spec (`/work/shared/specs/slack-web-openapi-v2.json`: method names
and required parameters) and against the Block Kit limits of `specs/README.md`. An
invalid call gets Slack's error (`unknown_method`, `invalid_arguments`, `invalid_blocks`,
`not_authed`) and is also listed in `violations`, which the test fixture asserts empty.

Tests wait for recorded calls with `wait_for` (polling with a timeout), never sleeps.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web

from tests.fakeplatforms.slack_blocks import block_problems, text_of
from tests.fakeplatforms.slack_web import (
    SlackHistory,
    auth_test,
    dm_channel_id,
    read_params,
    slack_error,
)
from tests.loopback import serve_on_loopback

SPEC_PATH = Path("/work/shared/specs/slack-web-openapi-v2.json")
# Methods newer than the 2021 spec (files v2 upload, Socket Mode), with their required params.
EXTRA_METHODS: dict[str, set[str]] = {
    "files.getUploadURLExternal": {"filename", "length"},
    "files.completeUploadExternal": {"files"},
    "apps.connections.open": set(),
}
NO_TOKEN_METHODS = {"oauth.v2.access", "oauth.access", "api.test"}
TEAM_ID = "T0TEAM"
BOT_USER = "UBOT"
#: The token the tests configure (tests/slack/conftest.py make_settings).
BOT_TOKEN = "xoxb-test-token"


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    headers: dict[str, str]
    at: float = field(default_factory=time.monotonic)

    @property
    def blocks(self) -> list[dict[str, Any]]:
        raw = self.params.get("blocks")
        return json.loads(raw) if isinstance(raw, str) else list(raw or [])

    @property
    def view(self) -> dict[str, Any]:
        raw = self.params.get("view")
        return json.loads(raw) if isinstance(raw, str) else dict(raw or {})

    @property
    def token(self) -> str:
        auth = self.headers.get("Authorization", "")
        return auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else ""


@dataclass
class Failure:
    error: str
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)


def _load_spec() -> dict[str, set[str]]:
    spec = json.loads(SPEC_PATH.read_text())
    methods: dict[str, set[str]] = {}
    for path, operations in spec["paths"].items():
        required: set[str] = set()
        for op in operations.values():
            for param in op.get("parameters", []):
                if param.get("required") and param["name"] != "token":
                    required.add(param["name"])
        methods[path.lstrip("/")] = required
    methods.update(EXTRA_METHODS)
    return methods


def _metadata(raw: Any) -> dict[str, Any] | None:
    """Message metadata as Slack reads it (a JSON string in a form, an object in JSON):
    an `event_type` string and an `event_payload` object, or None when malformed."""
    try:
        value = json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("event_type"), str):
        return None
    if not isinstance(value.get("event_payload"), dict):
        return None
    return {"event_type": value["event_type"], "event_payload": value["event_payload"]}


__all__ = ["BOT_TOKEN", "BOT_USER", "TEAM_ID", "Call", "FakeSlack", "block_problems"]


class FakeSlack:
    def __init__(self) -> None:
        self.methods = _load_spec()
        self.calls: list[Call] = []
        self.responses: list[dict[str, Any]] = []  # posts to response_url
        self.handed_out: list[str] = []  # every response_url given to a request
        self.violations: list[str] = []
        self.failures: dict[str, list[Failure]] = {}
        self.uploads: dict[str, bytes] = {}
        #: Files people shared with the bot: id -> (name, bytes); and each download's
        #: (file id, Authorization header), to check the token went only where it should.
        self.shared: dict[str, tuple[str, bytes]] = {}
        #: The file objects Slack describes them with (`files.info`), by id.
        self.file_objects: dict[str, dict[str, Any]] = {}
        self.downloads: list[tuple[str, str]] = []
        self.user_tz: dict[str, str] = {}
        self.socket_envelopes: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.socket_acks: list[dict[str, Any]] = []
        self.oauth_response: dict[str, Any] = {}
        self._posted = SlackHistory()
        #: channel -> messages posted there by the bot, oldest first (conversations.history).
        self.history: dict[str, list[dict[str, Any]]] = self._posted.channels
        self._ids = itertools.count(1)
        self._changed = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle ----------------------------------------------------------------

    async def start(self) -> FakeSlack:
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/response/{rid}", self._response)
        app.router.add_post("/commands/{team}/{rid}/{secret}", self._response)
        app.router.add_get("/socket", self._socket)
        app.router.add_get("/files-pri/{team_file}/download/{name}", self._download)
        self._runner, self.port = await serve_on_loopback(app)
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/"

    def response_url(self) -> str:
        """Shaped like Slack's (`https://hooks.slack.com/commands/T…/id/secret`), so log
        redaction is tested on the real shape; the secret part is what must never leak."""
        rid = next(self._ids)
        url = f"http://127.0.0.1:{self.port}/commands/{TEAM_ID}/{rid}/{secrets.token_hex(12)}"
        self.handed_out.append(url)
        return url

    # --- scripting and inspection -------------------------------------------------

    def fail(
        self, method: str, error: str, *, status: int = 200, times: int = 1, **headers: str
    ) -> None:
        self.failures.setdefault(method, []).extend(
            Failure(error, status, {k.replace("_", "-"): v for k, v in headers.items()})
            for _ in range(times)
        )

    def of(self, method: str) -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    async def _until(self, ready: Callable[[], bool], within: float) -> None:
        async with asyncio.timeout(within):
            while not ready():
                await self._changed.wait()

    async def wait_for(
        self,
        method: str,
        predicate: Callable[[Call], bool] = lambda _c: True,
        *,
        count: int = 1,
        within: float = 10.0,
    ) -> Call:
        """The `count`-th recorded call of `method` matching `predicate` (waits for it)."""

        def found() -> list[Call]:
            return [c for c in self.of(method) if predicate(c)]

        await self._until(lambda: len(found()) >= count, within)
        return found()[count - 1]

    async def wait_for_response(self, count: int = 1, within: float = 10.0) -> dict[str, Any]:
        await self._until(lambda: len(self.responses) >= count, within)
        return self.responses[count - 1]

    # --- HTTP handlers ------------------------------------------------------------

    def _refuse(self, call: Call, error: str, detail: str) -> web.Response:
        self.violations.append(f"{call.method}: {detail}")
        return web.json_response({"ok": False, "error": error, "detail": detail})

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        call = Call(method, await read_params(request), dict(request.headers))
        self.calls.append(call)
        self._notify()
        if method not in self.methods:
            return self._refuse(call, "unknown_method", "no such method in Slack's spec")
        missing = self.methods[method] - set(call.params)
        if method == "oauth.v2.access" and call.params.get("grant_type") == "refresh_token":
            missing.discard("code")  # token rotation: newer than the 2021 spec
        if missing:
            return self._refuse(call, "invalid_arguments", f"missing {sorted(missing)}")
        if method not in NO_TOKEN_METHODS and not (call.token or call.params.get("token")):
            return self._refuse(call, "not_authed", "no token")
        problem = self._content_problem(call)
        if problem:
            return self._refuse(call, "invalid_blocks", problem)
        if "metadata" in call.params and not _metadata(call.params["metadata"]):
            return self._refuse(call, "invalid_metadata_format", "metadata needs type + payload")
        queued = self.failures.get(method)
        if queued:
            failure = queued.pop(0)
            return slack_error(failure.error, failure.status, failure.headers)
        if method == "files.info" and str(call.params["file"]) not in self.shared:
            return slack_error("file_not_found", 200, {})
        return web.json_response({"ok": True, **self._answer(call)})

    def _content_problem(self, call: Call) -> str:
        params = call.params
        if "blocks" in params:
            if call.method in {
                "chat.postMessage",
                "chat.update",
                "chat.postEphemeral",
            } and not params.get("text"):
                return "blocks sent without a text fallback"
            problems = block_problems(call.blocks, "message")
            if problems:
                return "; ".join(problems)
        if "view" in params:
            view = call.view
            surface = "modal" if view.get("type") == "modal" else "home"
            problems = block_problems(view.get("blocks", []), surface)
            if surface == "modal" and len(text_of(view.get("title"))) > 24:
                problems.append("modal title > 24")
            if len(str(view.get("private_metadata", ""))) > 3000:
                problems.append("private_metadata > 3000")
            if problems:
                return "; ".join(problems)
        return ""

    def _answer(self, call: Call) -> dict[str, Any]:
        params = call.params
        match call.method:
            case "auth.test":
                return auth_test(
                    TEAM_ID, BOT_USER, "B0BOT", team="Test", url="https://test.example/"
                )
            case "conversations.open":
                return {"channel": {"id": dm_channel_id(params.get("users"), upper=True, limit=20)}}
            case "chat.postMessage":
                message: dict[str, Any] = {
                    "type": "message",
                    "text": params.get("text", ""),
                    "bot_id": "B0BOT",
                }
                if "metadata" in params:
                    message["metadata"] = _metadata(params["metadata"])
                self._posted.post(str(params["channel"]), message)
                return {"channel": params["channel"], "ts": message["ts"], "message": message}
            case "chat.update":
                return {"channel": params["channel"], "ts": f"1700000000.{next(self._ids):06d}"}
            case "conversations.history":
                return self._posted.page(params)
            case "chat.postEphemeral":
                return {"message_ts": f"1700000000.{next(self._ids):06d}"}
            case "views.open" | "views.publish":
                return {"view": {"id": f"V{next(self._ids)}", **call.view}}
            case "users.info":
                user = str(params["user"])
                return {"user": {"id": user, "tz": self.user_tz.get(user, "America/New_York")}}
            case "files.getUploadURLExternal":
                file_id = f"F{next(self._ids)}"
                return {
                    "upload_url": f"http://127.0.0.1:{self.port}/upload/{file_id}",
                    "file_id": file_id,
                }
            case "files.completeUploadExternal":
                files = (
                    json.loads(params["files"])
                    if isinstance(params["files"], str)
                    else params["files"]
                )
                for item in files:
                    if item["id"] not in self.uploads:
                        self.violations.append(f"completed {item['id']} without an upload")
                return {"files": [{"id": f["id"], "title": f.get("title", "")} for f in files]}
            case "files.info":
                return {"file": self.file_objects[str(params["file"])]}
            case "apps.connections.open":
                return {"url": f"ws://127.0.0.1:{self.port}/socket"}
            case "oauth.v2.access":
                return self.oauth_response
        return {}

    def share_file(self, name: str, content: bytes, size: int | None = None) -> dict[str, Any]:
        """The file object of a `file_share` message event, as Slack sends it and as
        `files.info` describes it (the same dict: a test may change it); `size` is what
        Slack announces (a test may announce more than it serves)."""
        file_id = f"F{next(self._ids):08d}"
        self.shared[file_id] = (name, content)
        url = f"http://127.0.0.1:{self.port}/files-pri/{TEAM_ID}-{file_id}/download/{name}"
        self.file_objects[file_id] = {
            "id": file_id,
            "name": name,
            "title": name,
            "mimetype": "text/csv",
            "filetype": "csv",
            "size": len(content) if size is None else size,
            "url_private": url.replace("/download/", "/"),
            "url_private_download": url,
        }
        return self.file_objects[file_id]

    async def _download(self, request: web.Request) -> web.Response:
        file_id = request.match_info["team_file"].rsplit("-", 1)[-1]
        token = request.headers.get("Authorization", "")
        self.downloads.append((file_id, token))
        found = self.shared.get(file_id)
        if found is None:
            return web.Response(status=404)
        if token != f"Bearer {BOT_TOKEN}":  # Slack's sign-in page, with a 200
            return web.Response(text="<html>Sign in</html>", content_type="text/html")
        return web.Response(body=found[1], content_type="application/octet-stream")

    async def _upload(self, request: web.Request) -> web.Response:
        self.uploads[request.match_info["file_id"]] = await request.read()
        return web.Response(text=f"OK - {len(self.uploads[request.match_info['file_id']])}")

    async def _response(self, request: web.Request) -> web.Response:
        body = await request.json()
        self.responses.append(body)
        self._notify()
        if "blocks" in body:
            problems = block_problems(body["blocks"], "message")
            if problems:
                self.violations.append("response_url: " + "; ".join(problems))
                return web.json_response({"ok": False, "error": "invalid_blocks"}, status=400)
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json(
            {"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0APP"}}
        )

        async def sender() -> None:
            while True:
                await ws.send_json(await self.socket_envelopes.get())

        task = asyncio.create_task(sender())
        try:
            async for message in ws:
                if message.type == WSMsgType.TEXT:
                    self.socket_acks.append(json.loads(message.data))
                    self._notify()
        finally:
            task.cancel()
        return ws
