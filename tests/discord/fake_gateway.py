"""The gateway half of the fake Discord: HELLO, IDENTIFY, READY, GUILD_CREATE, dispatch.

Text frames only (discord.py decompresses binary frames; text ones it reads as JSON), so
no zlib stream is needed. `/gateway/bot` recommends `recommended_shards`; each IDENTIFY is
recorded with its shard pair so tests can check which shards a process runs.
"""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Any

from aiohttp import web

if TYPE_CHECKING:
    from tests.discord.fake_api import Call


class FakeGateway:
    port: int
    calls: list[Call]
    changed: asyncio.Condition
    recommended_shards: int
    guilds: dict[str, str]
    identifies: list[dict[str, Any]]
    sockets: dict[int, web.WebSocketResponse]

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def wait_identified(self, count: int) -> list[dict[str, Any]]:
        await self.wait_for(  # type: ignore[attr-defined]
            lambda c: c.route == "IDENTIFY" and len(self.identifies) >= count
        )
        return self.identifies

    async def dispatch(self, shard: int, event: str, data: dict[str, Any]) -> None:
        """Send a gateway event (op 0) to the client on `shard`."""
        await self.sockets[shard].send_str(json.dumps({"op": 0, "t": event, "s": 2, "d": data}))

    # -- gateway (text frames, so no zlib stream is involved) ----------------------------

    async def gateway_bot(self, request: web.Request) -> web.Response:
        from tests.discord.fake_api import answer

        await self._record(request, "/gateway/bot", "get")  # type: ignore[attr-defined]
        return answer(
            {
                "url": self.gateway_url,
                "shards": self.recommended_shards,
                "session_start_limit": {
                    "total": 1000,
                    "remaining": 1000,
                    "reset_after": 0,
                    "max_concurrency": 1,
                },
            }
        )

    async def gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 45_000}}))
        async for frame in ws:
            data = json.loads(frame.data)
            if data["op"] == 1:
                await ws.send_str(json.dumps({"op": 11}))
            elif data["op"] == 2:
                await self._identified(ws, data["d"])
        return ws

    async def _identified(self, ws: web.WebSocketResponse, identify: dict[str, Any]) -> None:
        from tests.discord.fake_api import APP_ID, BOT_ID, Call, user_payload

        shard: list[int] = identify.get("shard") or [0, 1]

        def mine(guild_id: str) -> bool:  # Discord's rule: (guild_id >> 22) % num_shards
            return (int(guild_id) >> 22) % shard[1] == shard[0]

        self.sockets[shard[0]] = ws
        ready = {
            "v": 10,
            "user": {**user_payload(BOT_ID, "inroads"), "bot": True},
            "guilds": [{"id": g, "unavailable": True} for g in self.guilds if mine(g)],
            "session_id": f"session-{shard[0]}",
            "resume_gateway_url": self.gateway_url,
            "shard": shard,
            "application": {"id": APP_ID, "flags": 0},
        }
        await ws.send_str(json.dumps({"op": 0, "t": "READY", "s": 1, "d": ready}))
        for guild_id, name in self.guilds.items():
            if not mine(guild_id):
                continue
            guild = {
                "id": guild_id, "name": name, "unavailable": False, "member_count": 2,
                "roles": [], "channels": [], "members": [], "emojis": [], "stickers": [],
                "features": [], "threads": [], "stage_instances": [],
                "guild_scheduled_events": [], "soundboard_sounds": [],
            }  # fmt: skip
            await ws.send_str(json.dumps({"op": 0, "t": "GUILD_CREATE", "s": 2, "d": guild}))
        async with self.changed:
            self.identifies.append(identify)
            self.calls.append(Call("gateway", "IDENTIFY", "/gateway", identify))
            self.changed.notify_all()
