"""A stop never leaves a Discord interaction "thinking…" (issue 15): real discord.py
against the fake API. What is in flight finishes within the stop's slice; what arrives
meanwhile is told to try again in a minute; what cannot finish is abandoned at its commit
(real SQLite: nothing written) and its deferred response edited to say so."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import discord
import pytest
from sqlalchemy import func, select

from adapters.discord.client import api_base
from adapters.discord.inflight import DONE_UNSHOWN, NOT_DONE, RESTARTING
from adapters.runtime import App, build_app
from adapters.settings import load_settings
from bot.reply import Reply
from storage import tables
from storage.inbox import RUNNING_ENTRY
from tests.discord.conftest import DiscordHarness, embed_text
from tests.discord.fake_api import TOKEN, Call, FakeDiscord
from tests.fakes import FakeUnitOfWorkFactory

LOG_JANE = (("interview", "log"), {"contact": "Jane Doe"})


def held(bot: DiscordHarness, monkeypatch: pytest.MonkeyPatch) -> tuple[asyncio.Event, ...]:
    """Commands wait at `release` once `started` is set."""
    started, release = asyncio.Event(), asyncio.Event()
    real = bot.dispatcher.run_values

    async def slow(*args: Any, **kwargs: Any) -> Reply:
        started.set()
        await release.wait()
        return await real(*args, **kwargs)

    monkeypatch.setattr(bot.dispatcher, "run_values", slow)
    return started, release


def edited_original(token: str) -> Any:
    def found(call: Call) -> bool:
        return token in call.path and call.method == "patch" and "@original" in call.route

    return found


async def test_in_flight_finishes_and_what_arrives_meanwhile_is_told_to_retry(
    discord_bot: DiscordHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = discord_bot
    inflight = bot.client.inroads.inflight
    started, release = held(bot, monkeypatch)
    token = bot.feed(bot.slash(*LOG_JANE))
    await asyncio.wait_for(started.wait(), 10)
    assert inflight.count == 1

    stopping = asyncio.create_task(inflight.stop(5.0))
    await asyncio.sleep(0)  # the stop has begun: nothing new is taken
    late = bot.feed(bot.slash(("interview", "list")))
    refused = await bot.answer(late)
    assert refused.route.endswith("/callback")
    assert refused.body["type"] == 4
    assert refused.body["data"]["flags"] & 64  # ephemeral: only they see it
    assert RESTARTING in embed_text(refused)

    release.set()
    assert await stopping == 0  # nothing cut off
    answered = await bot.answer(token)
    assert "Logged interview" in embed_text(answered)
    assert not [c for c in bot.fake.calls if token in c.path and NOT_DONE in embed_text(c)]
    assert inflight.count == 0


async def test_one_that_cannot_finish_has_its_thinking_edited_into_an_apology(
    discord_bot: DiscordHarness, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    bot = discord_bot
    started, _never = held(bot, monkeypatch)
    token = bot.feed(bot.slash(*LOG_JANE))
    await asyncio.wait_for(started.wait(), 10)
    deferred = await bot.fake.wait_for(lambda c: token in c.path and c.route.endswith("callback"))
    assert deferred.body["type"] == 5  # "Inroads is thinking…"

    assert await bot.client.inroads.inflight.stop(1.0) == 1
    edited = await bot.fake.wait_for(edited_original(token))
    assert NOT_DONE in embed_text(edited)
    warned = [r for r in caplog.records if "did not finish" in r.getMessage()]
    assert len(warned) == 1
    assert "/interview log" in warned[0].getMessage()
    assert "Jane" not in warned[0].getMessage()  # the command's name, never its text
    assert getattr(warned[0], "workspace", "") == bot.slash(*LOG_JANE)["guild_id"]


@pytest.fixture
async def real_db(fake: FakeDiscord, tmp_path: Path) -> AsyncIterator[tuple[App, DiscordHarness]]:
    """The real core on SQLite behind a real discord.py client (no gateway)."""
    settings = load_settings(
        discord_token=TOKEN,
        discord_api_base=fake.base,
        database_url=f"sqlite+aiosqlite:///{tmp_path}/stop.sqlite3",
    )
    app = await build_app(settings)
    previous = discord.http.Route.BASE
    with api_base(fake.base):
        bot = DiscordHarness(fake, FakeUnitOfWorkFactory(), app.dispatcher, app.services, None)  # type: ignore[arg-type]
        await bot.new_client()
        try:
            yield app, bot
        finally:
            await bot.client.close()
            await app.close()
    assert previous == discord.http.Route.BASE
    assert not fake.invalid()


async def count_interviews(app: App) -> int:
    async with app.engine.connect() as connection:
        return int(
            await connection.scalar(select(func.count()).select_from(tables.interviews)) or 0
        )


async def test_a_command_still_working_is_abandoned_at_its_commit_and_writes_nothing(
    real_db: tuple[App, DiscordHarness], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not cancelled mid-statement: its commit raises, its writes roll back, and the
    person reads that nothing changed, which is true."""
    app, bot = real_db
    real = app.dispatcher.run_values
    started = asyncio.Event()
    ended: list[str] = []

    async def slow(*args: Any, **kwargs: Any) -> Reply:
        started.set()
        entry = RUNNING_ENTRY.get()
        assert entry is not None
        assert entry.id is None  # no inbox row behind a Discord interaction
        while not entry.abandoned:  # noqa: ASYNC110 (a flag on the entry, not an event)
            await asyncio.sleep(0.01)
        try:
            return await real(*args, **kwargs)
        except BaseException as exc:
            ended.append(type(exc).__name__)
            raise

    monkeypatch.setattr(app.dispatcher, "run_values", slow)
    token = bot.feed(bot.slash(*LOG_JANE))
    await asyncio.wait_for(started.wait(), 10)
    assert await bot.client.inroads.inflight.stop(1.0) == 1
    edited = await bot.fake.wait_for(edited_original(token))
    assert NOT_DONE in embed_text(edited)
    assert ended == ["CommandAbandoned"]  # ended at its commit, not cancelled
    assert await count_interviews(app) == 0
    # Only the apology answered it: no "Logged interview" anywhere.
    assert not [c for c in bot.fake.calls if "Logged interview" in str(c.body)]


async def test_a_command_that_committed_but_could_not_answer_says_it_went_through(
    real_db: tuple[App, DiscordHarness], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its writes are in: "it didn't go through" would be false. It gets a grace to send
    its answer; past that, the deferred response says it went through."""
    app, bot = real_db
    handler = bot.client.inroads
    committed = asyncio.Event()

    async def never_sent(*args: Any, **kwargs: Any) -> None:
        committed.set()  # the answer is sent after the command's commit
        await asyncio.Event().wait()  # Discord never takes it before the stop

    monkeypatch.setattr(handler, "send", never_sent)
    token = bot.feed(bot.slash(*LOG_JANE))
    await asyncio.wait_for(committed.wait(), 10)
    assert await handler.inflight.stop(1.0) == 1
    edited = await bot.fake.wait_for(edited_original(token))
    assert DONE_UNSHOWN in embed_text(edited)
    assert NOT_DONE not in embed_text(edited)
    assert await count_interviews(app) == 1
