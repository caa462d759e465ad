"""`inroads discord-sync`, rendering limits, sharding settings."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import Any

import discord
import pytest

from adapters.discord.client import InroadsDiscordClient, api_base, intents
from adapters.discord.component import discord_sync
from adapters.discord.render import CUSTOM_ID_MAX, build_embed, build_view, custom_id
from adapters.settings import SettingsError, load_settings
from bot.bootstrap import build_services
from bot.dispatcher import Dispatcher
from bot.registry import all_specs
from bot.reply import Action, Field, Reply, Section
from bot.services import Services
from tests.discord.fake_api import TOKEN, FakeDiscord
from tests.fakes import FakeUnitOfWorkFactory

ROOT = Path(__file__).resolve().parents[2]
GLOBAL = "/applications/{application_id}/commands"
IN_GUILD = "/applications/{application_id}/guilds/{guild_id}/commands"


def walk_descriptions(command: dict[str, Any]) -> list[str]:
    found = [command.get("description") or ""]
    for option in command.get("options") or []:
        found += walk_descriptions(option)
        found += [c["name"] for c in option.get("choices") or []]
    return found


def services() -> Services:
    return build_services(FakeUnitOfWorkFactory())


async def test_sync_uploads_every_command_globally(fake: FakeDiscord) -> None:
    settings = load_settings(discord_token=TOKEN, discord_api_base=fake.base)
    svc = services()
    previous = discord.http.Route.BASE
    names = await discord_sync(settings, Dispatcher(svc, all_specs()), svc, guild_id=None)
    assert previous == discord.http.Route.BASE
    upload = await fake.wait_route("put", GLOBAL)
    assert not upload.errors, upload.errors  # the payload passes Discord's own schema
    assert sorted(names) == sorted(c["name"] for c in upload.body)
    assert {"interview", "contact", "questions", "outreach", "checkin", "mentor", "inroads"} <= set(
        names
    )
    # Slash commands (type 1) carry descriptions; context menus (type 2 user, 3 message)
    # carry a name and no description, as Discord requires.
    slash = [c for c in upload.body if c.get("type", 1) == 1]
    menus = {c["name"] for c in upload.body if c.get("type") in (2, 3)}
    assert {"Ask for a conversation", "Add to interview notes", "Add to my contacts"} <= menus
    assert all(not c.get("description") for c in upload.body if c.get("type") in (2, 3))
    texts = [text for command in slash for text in walk_descriptions(command)]
    assert texts
    assert all(0 < len(text) <= 100 for text in texts)


@pytest.mark.parametrize(
    ("args", "test_guild", "expected"),
    [
        (["--guild", "300000000000000009"], None, "300000000000000009"),
        ([], "300000000000000008", "300000000000000008"),
        (["--global"], "300000000000000008", None),
    ],
    ids=["--guild", "DISCORD_TEST_GUILD_ID", "--global"],
)
async def test_cli_syncs_where_asked(
    fake: FakeDiscord,
    tmp_path: Path,
    args: list[str],
    test_guild: str | None,
    expected: str | None,
) -> None:
    env = {
        **os.environ,
        "DISCORD_TOKEN": TOKEN,
        "DISCORD_API_BASE": fake.base,
        "INROADS_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/cli.sqlite3",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DISCORD_TEST_GUILD_ID", None)
    if test_guild:
        env["DISCORD_TEST_GUILD_ID"] = test_guild
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "adapters.cli",
        "discord-sync",
        *args,
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, err.decode()
    if expected:
        assert f"to guild {expected}" in out.decode()
        upload = await fake.wait_route("put", IN_GUILD)
        assert upload.path.endswith(f"/guilds/{expected}/commands")
    else:
        assert "globally" in out.decode()
        upload = await fake.wait_route("put", GLOBAL)
    assert not upload.errors
    assert len(upload.body) >= 7


def test_embed_respects_discord_limits() -> None:
    reply = Reply(
        title="t" * 400,
        text="x" * 5000,
        fields=tuple(Field(f"f{i}", "v" * 2000) for i in range(30)),
        sections=(Section("s", tuple("line" for _ in range(500))),),
        footer="f" * 3000,
    )
    embed = build_embed(reply)
    assert len(embed.title or "") <= 256
    assert len(embed.description or "") <= 4096
    assert len(embed.fields) <= 25
    assert all(len(f.value or "") <= 1024 for f in embed.fields)
    assert len(embed) <= 6000


def test_buttons_whose_command_does_not_fit_are_left_out(caplog: pytest.LogCaptureFixture) -> None:
    long = "interview edit 3 notes:" + "x" * 100
    view = build_view((Action("Fine", "checkin done 12"), Action("Long", long)), "3" * 19)
    assert view is not None
    assert len(view.children) == 1
    assert custom_id(long) is None
    assert all(len(str(c.custom_id)) <= CUSTOM_ID_MAX for c in view.children)  # type: ignore[attr-defined]
    assert "left out" in caplog.text


def test_shard_settings_are_validated() -> None:
    settings = load_settings(discord_shard_count=4, discord_shard_ids="2, 0")
    assert settings.discord_shard_id_list == [0, 2]
    with pytest.raises(SettingsError, match="DISCORD_SHARD_COUNT"):
        load_settings(discord_shard_ids="0,1")
    with pytest.raises(SettingsError, match="below"):
        load_settings(discord_shard_count=2, discord_shard_ids="2")
    with pytest.raises(SettingsError, match="DISCORD_SHARD_IDS"):
        load_settings(discord_shard_count=2, discord_shard_ids="one")


async def test_client_is_sharded_with_minimal_intents(fake: FakeDiscord) -> None:
    svc = services()
    client = InroadsDiscordClient(
        Dispatcher(svc, all_specs()), svc, shard_count=4, shard_ids=[1, 3]
    )
    assert isinstance(client, discord.AutoShardedClient)
    assert client.shard_count == 4
    assert client.shard_ids == [1, 3]
    assert client.intents.value == intents().value
    assert intents().guilds
    assert not intents().members
    assert not intents().message_content
    with api_base(fake.base):
        await client.login(TOKEN)
        await client.close()
