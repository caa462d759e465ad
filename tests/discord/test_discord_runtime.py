"""`inroads run` with Discord: the component logs in, opens the gateway shards, answers an
interaction that arrives over the websocket from a real database, and sends DMs through
the app's routing notifier. The fake gateway speaks Discord's opcodes (HELLO, IDENTIFY,
READY, GUILD_CREATE, dispatch) over a local websocket.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import discord
import pytest
import yarl
from discord.gateway import DiscordWebSocket

from adapters.discord.client import InroadsDiscordClient
from adapters.discord.connector import build_discord
from adapters.discord.inflight import NOT_DONE
from adapters.runtime import App, build_app
from adapters.settings import load_settings
from bot.domain import Actor
from bot.reply import Action, Reply
from tests.discord.conftest import ALICE_ID, GUILD, embed_text
from tests.discord.fake_api import APP_ID, TOKEN, FakeDiscord, user_payload


@pytest.fixture(autouse=True)
def no_identify_pause(monkeypatch: pytest.MonkeyPatch) -> None:
    """discord.py waits 5 s between shard identifies (Discord's limit); the fake has none."""

    async def immediately(self: Any, shard_id: int | None, *, initial: bool = False) -> None:
        return None

    monkeypatch.setattr(InroadsDiscordClient, "before_identify_hook", immediately)


@pytest.fixture
async def app(fake: FakeDiscord, tmp_path: Path) -> AsyncIterator[App]:
    settings = load_settings(
        discord_token=TOKEN,
        discord_api_base=fake.base,
        database_url=f"sqlite+aiosqlite:///{tmp_path}/run.sqlite3",
    )
    built = await build_app(settings)
    try:
        yield built
    finally:
        await built.close()


def interaction(command: str, sub: str, options: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": "610000000000000001",
        "application_id": APP_ID,
        "type": 2,
        "token": "gateway-token-1",
        "version": 1,
        "attachment_size_limit": 8_388_608,
        "locale": "en-US",
        "guild_locale": "en-US",
        "app_permissions": "0",
        "entitlements": [],
        "authorizing_integration_owners": {"0": GUILD},
        "context": 0,
        "guild_id": GUILD,
        "channel_id": "400000000000000001",
        "member": {
            "user": user_payload(ALICE_ID, "alice"),
            "roles": [],
            "joined_at": "2026-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
            "permissions": "0",
        },
        "data": {
            "id": "1",
            "name": command,
            "type": 1,
            "options": [{"name": sub, "type": 1, "options": options}],
        },
    }


async def test_run_answers_gateway_interactions_and_sends_dms(fake: FakeDiscord, app: App) -> None:
    fake.recommended_shards = 2
    fake.guilds = {GUILD: "Alumni"}
    previous = discord.http.Route.BASE
    component = build_discord(app.parts)
    await component.start()
    try:
        identifies = await fake.wait_identified(2)
        assert sorted(tuple(i["shard"]) for i in identifies) == [(0, 2), (1, 2)]
        assert identifies[0]["intents"] == discord.Intents(guilds=True).value

        assert component.health_reason() is not None  # not ready before READY + guilds
        await asyncio.wait_for(component.client.wait_until_ready(), 30)
        assert component.health_reason() is None
        assert app.health.checks["discord"]() is None
        assert [g.name for g in component.client.guilds] == ["Alumni"]

        shard = (int(GUILD) >> 22) % 2
        log = [{"name": "contact", "type": 3, "value": "Jane Doe"}]
        await fake.dispatch(shard, "INTERACTION_CREATE", interaction("interview", "log", log))
        answer = await fake.wait_route("post", "/webhooks/{webhook_id}/{webhook_token}")
        assert "Logged interview" in embed_text(answer)

        alice = Actor("discord", GUILD, ALICE_ID)
        reply = Reply(text="Say thanks", actions=(Action("List", "interview list"),))
        ref = await app.notifier.send_dm(alice, reply, idempotency_key="reminder:1:1")
        assert ref.count("/") == 1
        sent = await fake.wait_route("post", "/channels/{channel_id}/messages")
        assert sent.body["components"][0]["components"][0]["custom_id"].startswith("inroads:")
    finally:
        await component.stop()
    assert component.health_reason() == "Discord client is closed"
    assert previous == discord.http.Route.BASE
    assert not fake.invalid()


async def test_explicit_shard_ids_run_only_those_shards(
    fake: FakeDiscord, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With a shard count given, discord.py goes straight to its default gateway address.
    monkeypatch.setattr(DiscordWebSocket, "DEFAULT_GATEWAY", yarl.URL(fake.gateway_url))
    settings = load_settings(
        discord_token=TOKEN,
        discord_api_base=fake.base,
        database_url=f"sqlite+aiosqlite:///{tmp_path}/shards.sqlite3",
        discord_shard_count=3,
        discord_shard_ids="1,2",
    )
    app = await build_app(settings)
    component = build_discord(app.parts)
    await component.start()
    try:
        identifies = await fake.wait_identified(2)
        assert sorted(tuple(i["shard"]) for i in identifies) == [(1, 3), (2, 3)]
    finally:
        await component.stop()
        await app.close()
    assert not any(c.route == "/gateway/bot" for c in fake.calls)


async def test_a_stop_never_leaves_a_gateway_interaction_thinking(
    fake: FakeDiscord, app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SIGTERM's path: the component's stop, within its slice of the budget, edits the
    deferred response of an interaction that cannot finish before it closes the gateway."""
    fake.guilds = {GUILD: "Alumni"}
    started = asyncio.Event()

    async def stuck(*args: Any, **kwargs: Any) -> Reply:
        started.set()
        await asyncio.Event().wait()  # still working when the stop comes
        raise AssertionError("unreachable")

    monkeypatch.setattr(app.dispatcher, "run_values", stuck)
    component = build_discord(app.parts)
    await component.start()
    try:
        await asyncio.wait_for(component.client.wait_until_ready(), 30)
        log = [{"name": "contact", "type": 3, "value": "Jane Doe"}]
        await fake.dispatch(0, "INTERACTION_CREATE", interaction("interview", "log", log))
        await asyncio.wait_for(started.wait(), 10)
    finally:
        component.stop_seconds = 2.5
        await component.stop()
    edited = await fake.wait_route(
        "patch", "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
    )
    assert NOT_DONE in embed_text(edited)
    assert component.client.is_closed()
