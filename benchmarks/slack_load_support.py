"""Support for bench_slack_load: a fast fake Slack Web API, the bare-bolt floor, and the
benchmark's own database set-up.

Each runs in its own process (the benchmark spawns itself with --role), so the load
generator, the bot and the fake never share an event loop.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import os
import socket
import subprocess
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
from aiohttp import web

SECRET = "bench-signing-secret-0123456789"
TOKEN = "xoxb-bench-0000-token"
PG_URL = os.environ.get(
    "INROADS_TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
ROOT = Path(__file__).resolve().parents[1]


def spawn(
    args: list[str], log_dir: Path, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    """Output goes to a file: an unread pipe fills up and then blocks the server's logging."""
    log_dir.mkdir(exist_ok=True)
    log_file = (log_dir / f"{len(list(log_dir.iterdir()))}.log").open("w")
    return subprocess.Popen(
        args, stdout=log_file, stderr=subprocess.STDOUT, text=True, env=env, cwd=ROOT
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def wait_http(url: str, proc: subprocess.Popen[str], limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    async with aiohttp.ClientSession() as session:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"a benchmark process exited {proc.returncode}; see its log")
            try:
                async with session.get(url) as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
    raise RuntimeError(f"{url} never answered 200")


def signed(body: str) -> dict[str, str]:
    """Headers of a request signed the way Slack signs it, timestamped now."""
    stamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256)
    return {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": stamp,
        "x-slack-signature": "v0=" + digest.hexdigest(),
    }


def command_body(i: int, fake_url: str, tag: str) -> str:
    """The `i`-th `/interview log` of a level: 10 workspaces, 200 people, one answer URL each."""
    return urlencode(
        {
            "token": "legacy",
            "team_id": f"T{i % 10:04d}",
            "team_domain": "bench",
            "channel_id": "C0",
            "channel_name": "general",
            "user_id": f"UL{i % 200:03d}",
            "user_name": "bench",
            "command": "/interview",
            "api_app_id": "A0",
            "text": f'log "Person {tag}-{i}" company:Acme role:"Data Engineer"',
            "response_url": f"{fake_url}/respond/{tag}-{i}",
            "trigger_id": f"{i}.1.{tag}",
        }
    )


def inroads_env(db_url: str, port: int, fake_url: str, **extra: str) -> dict[str, str]:
    """The environment of an `inroads run` serving Slack over HTTP on 127.0.0.1:`port`
    against the fake Web API at `fake_url`: this process's, less any real platform
    credentials, plus `extra` settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    return env | {
        "INROADS_DATABASE_URL": db_url,
        "INROADS_HTTP_PORT": str(port),
        "INROADS_HTTP_HOST": "127.0.0.1",
        "INROADS_LOG_LEVEL": "WARNING",
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": fake_url + "/api/",
        **extra,
    }


def fake_slack_app(answer_latency: float = 0.0) -> web.Application:
    """Answers like Slack's Web API, as fast as it can; counts every call. A post to a
    response_url takes `answer_latency` seconds (the chaos run slows answers down so a
    stop finds work still waiting)."""
    # Imported here, not at the top: the benchmarks import this module as a sibling
    # script before they put the repository root (and so `tests`) on sys.path.
    from tests.fakeplatforms.slack_web import auth_test, dm_channel_id, read_params

    counts: Counter[str] = Counter()

    async def api(request: web.Request) -> web.Response:
        method = request.match_info["method"]
        counts[method] += 1
        form = await read_params(request)
        body: dict[str, Any] = {"ok": True}
        if method == "auth.test":
            body |= auth_test("T0000", "UBOT", "BBOT", team="Bench")
        elif method == "users.info":
            user = str(form.get("user", "U0"))
            body["user"] = {"id": user, "name": user.lower(), "tz": "UTC", "tz_offset": 0}
        elif method == "conversations.open":
            body["channel"] = {"id": dm_channel_id(form.get("users", "U0"))}
        elif method == "chat.postMessage":
            body |= {"channel": form.get("channel", "D0"), "ts": f"{time.time():.6f}"}
        return web.json_response(body)

    answered_at: dict[str, float] = {}  # response_url id -> wall-clock arrival

    async def respond(request: web.Request) -> web.Response:
        await asyncio.sleep(answer_latency)
        counts["response_url"] += 1
        answered_at.setdefault(request.match_info["id"], time.time())
        if b"Logged interview" in await request.read():  # a full `interview log` answer
            counts["logged"] += 1
        return web.Response(text="ok")

    async def answers(_request: web.Request) -> web.Response:
        return web.json_response(answered_at)

    async def stats(_request: web.Request) -> web.Response:
        return web.json_response(dict(counts))

    app = web.Application()
    app.router.add_route("*", "/api/{method}", api)
    app.router.add_post("/respond/{id}", respond)
    app.router.add_get("/stats", stats)
    app.router.add_get("/answers", answers)
    return app


def floor_app(api_url: str, *, process_before_response: bool = False) -> web.Application:
    """A bare slack-bolt AsyncApp that verifies, acks and does nothing else.

    With bolt's defaults (`process_before_response=False`) every ack waits for bolt's
    10 ms poll; with True (how Inroads runs bolt) it is answered when the listener
    returns: the fastest bolt can ack, the stricter floor."""
    from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
    from slack_bolt.async_app import AsyncAck, AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    bolt = AsyncApp(
        client=AsyncWebClient(token=TOKEN, base_url=api_url),
        signing_secret=SECRET,
        process_before_response=process_before_response,
    )

    @bolt.command("/interview")
    async def only_ack(ack: AsyncAck) -> None:
        await ack()

    async def events(request: web.Request) -> web.Response:
        response = await bolt.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    app = web.Application()
    app.router.add_post("/slack/events", events)
    return app


def serve_forever(app: web.Application, port: int) -> None:
    async def main() -> None:
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        print("READY", flush=True)
        await asyncio.Event().wait()

    asyncio.run(main())


async def admin(sql: str) -> None:
    import asyncpg
    from sqlalchemy.engine import make_url

    url = make_url(PG_URL)
    connection = await asyncpg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        password=url.password,
        database=url.database,
    )
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def insert_reminders(db_url: str, workspaces: int, per_workspace: int) -> int:
    """Due-now custom reminders for people whose quiet hours are off."""
    from sqlalchemy import insert

    from storage import tables
    from storage.engine import create_engine
    from storage.numbering import number_rows

    now = datetime.now(UTC)
    owners = [(f"T{w:04d}", f"U{u:03d}") for w in range(workspaces) for u in range(per_workspace)]
    engine = create_engine(db_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                insert(tables.user_settings),
                [
                    {
                        "platform": "slack",
                        "workspace_id": w,
                        "user_id": u,
                        "quiet_start": "00:00",
                        "quiet_end": "00:00",
                        "keep_in_touch_days": [],
                    }
                    for w, u in owners
                ],
            )
            nudges: list[dict[str, object]] = [
                {
                    "platform": "slack",
                    "workspace_id": w,
                    "user_id": u,
                    "kind": "custom",
                    "due_at": now - timedelta(seconds=1),
                    "text": "Bench nudge",
                    "status": "pending",
                    "created_at": now,
                }
                for w, u in owners
            ]
            await number_rows(connection, tables.reminders, nudges)
            await connection.execute(insert(tables.reminders), nudges)
    finally:
        await engine.dispose()
    return len(owners)


async def count_rows(db_url: str, sql: str) -> int:
    from sqlalchemy import text

    from storage.engine import create_engine

    engine = create_engine(db_url)
    try:
        async with engine.connect() as connection:
            return int(await connection.scalar(text(sql)) or 0)
    finally:
        await engine.dispose()
