"""The connector registry: a platform registered from outside the built-in ones is
chosen by its settings, built from the run context, started, routed to and stopped by the
same path `inroads run` uses for Slack, Discord and the console."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.cli import _falls_back, _serve
from adapters.connectors import (
    ConnectorSpec,
    RunContext,
    chosen,
    discover,
    register,
    unregister,
)
from adapters.settings import Settings, load_settings
from bot.domain import Actor
from bot.reply import Reply
from tests.fakes import RecordingNotifier

PLATFORM = "testchat"


class FakeConnector:
    """A platform that takes no traffic: it records its life and ends the run once up."""

    name = PLATFORM
    platform = PLATFORM

    def __init__(self, context: RunContext) -> None:
        self.context = context
        self.notifier = RecordingNotifier()
        self.events: list[str] = []

    async def start(self) -> None:
        self.events.append("start")
        self.context.stop.set()  # as the console does at end of input

    async def stop(self) -> None:
        # Still registered while stopping: the core's notices reach this platform.
        actor = Actor(PLATFORM, "w1", "u1")
        notifier = self.context.parts.commands.services.notifier
        assert notifier is not None
        await notifier.send_dm(actor, Reply(text="hi"), idempotency_key="k")
        self.events.append("stop")


@pytest.fixture
def built() -> Iterator[list[FakeConnector]]:
    made: list[FakeConnector] = []

    def build(context: RunContext) -> FakeConnector:
        made.append(FakeConnector(context))
        return made[-1]

    discover()  # the built-in platforms first, so ours is added to a full registry
    register(ConnectorSpec(name=PLATFORM, configured=lambda s: True, build=build, order=5))
    yield made
    unregister(PLATFORM)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _settings(tmp_path: Path) -> Settings:
    return load_settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path}/c.db", http_port=_free_port()
    )


def test_every_platform_registers_itself() -> None:
    names = [spec.name for spec in discover()]
    assert {"slack", "discord", "console"} <= set(names)
    assert [spec.name for spec in discover() if spec.fallback] == ["console"]


def test_the_console_is_the_fallback(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    assert [spec.name for spec in chosen(settings, discover())] == ["console"]
    assert _falls_back(settings)


async def test_a_registered_connector_starts_routes_and_stops(
    tmp_path: Path, built: list[FakeConnector]
) -> None:
    settings = _settings(tmp_path)
    assert not _falls_back(settings)  # a configured platform: no console
    await asyncio.wait_for(_serve(settings, console_user=None, force_console=False), 30)
    [connector] = built
    assert connector.events == ["start", "stop"]
    assert [m.recipients[0].user_id for m in connector.notifier.sent] == ["u1"]


async def test_inroads_console_chooses_only_the_console(
    tmp_path: Path, built: list[FakeConnector]
) -> None:
    settings = _settings(tmp_path)
    assert [spec.name for spec in chosen(settings, discover(), only="console")] == ["console"]
