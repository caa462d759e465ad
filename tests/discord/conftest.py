"""Real discord.py, logged in against the local fake API, fed raw interaction payloads.

`DiscordHarness.slash(...)` builds an INTERACTION_CREATE payload the way Discord would
(nested subcommand options, resolved users, member or DM user) and hands it to
``client._connection.parse_interaction_create``; the real command tree runs it. Tests then
wait for the REST calls the bot makes in answer.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import discord
import pytest
from discord import app_commands

from adapters.discord.client import InroadsDiscordClient, api_base
from adapters.discord.notifier import DiscordNotifier
from bot.bootstrap import build_dispatcher, build_services
from bot.dispatcher import Dispatcher
from bot.domain import Actor, Reminder, ReminderKind
from bot.reminders.render import reminder_actions
from bot.reply import Reply
from bot.services import Services
from tests.discord.fake_api import APP_ID, TOKEN, Call, FakeDiscord, user_payload
from tests.fakes import FakeUnitOfWorkFactory, FixedClock, RecordingNotifier

GUILD = "300000000000000001"
OTHER_GUILD = "300000000000000002"
CHANNEL = "400000000000000001"
ALICE_ID = "100000000000000011"
BOB_ID = "100000000000000012"
_interaction_ids = itertools.count(600000000000000001)


@dataclass
class DiscordHarness:
    fake: FakeDiscord
    uow: FakeUnitOfWorkFactory
    dispatcher: Dispatcher
    services: Services
    client: InroadsDiscordClient
    clients: list[InroadsDiscordClient] = field(default_factory=list)

    async def new_client(self) -> InroadsDiscordClient:
        """A fresh client on the same database: what a restart looks like."""
        client = InroadsDiscordClient(self.dispatcher, self.services)
        await client.login(TOKEN)
        self.clients.append(client)
        self.client = client
        return client

    def add_guild(self, guild_id: str, name: str, members: tuple[str, ...]) -> None:
        self.fake.members.setdefault(guild_id, set()).update(members)
        self.client._connection._add_guild_from_data(
            {"id": guild_id, "name": name, "unavailable": False, "member_count": len(members)}
        )

    # -- payloads ------------------------------------------------------------------------

    def leaf(self, path: tuple[str, ...]) -> app_commands.Command[Any, Any, Any]:
        found: Any = self.client.tree.get_command(path[0])
        for word in path[1:]:
            found = next(c for c in found.commands if c.name == word)
        assert isinstance(found, app_commands.Command)
        return found

    def _options(
        self,
        path: tuple[str, ...],
        values: dict[str, Any],
        focused: str | None,
        resolved: dict[str, Any],
    ) -> list[dict[str, Any]]:
        command = self.leaf(path)
        params = {p.display_name: p for p in command.parameters}
        options: list[dict[str, Any]] = []
        for name, value in values.items():
            kind = params[name].type
            option: dict[str, Any] = {"name": name, "type": kind.value, "value": value}
            if kind is discord.AppCommandOptionType.attachment:
                resolved.setdefault("attachments", {})[str(value)] = self.fake.attachment(value)
                option["value"] = str(value)
            if kind is discord.AppCommandOptionType.user:
                resolved.setdefault("users", {})[str(value)] = user_payload(str(value))
                option["value"] = str(value)
            if name == focused:
                option["focused"] = True
            options.append(option)
        nested: list[dict[str, Any]] = options
        for depth in range(len(path) - 1, 0, -1):
            kind_value = 1 if depth == len(path) - 1 else 2
            nested = [{"name": path[depth], "type": kind_value, "options": nested}]
        return nested

    def _base(
        self, kind: int, user: str, guild: str | None, data: dict[str, Any]
    ) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "id": str(next(_interaction_ids)),
            "application_id": APP_ID,
            "type": kind,
            "token": f"itoken-{next(_interaction_ids)}",
            "version": 1,
            "attachment_size_limit": 8_388_608,
            "locale": "en-US",
            "app_permissions": "0",
            "entitlements": [],
            "authorizing_integration_owners": {"0": guild or "0"},
            "data": data,
        }
        if guild is not None:
            payload["guild_id"] = guild
            payload["guild_locale"] = "en-US"
            payload["channel_id"] = CHANNEL
            payload["context"] = 0
            payload["member"] = {
                "user": user_payload(user, f"user{user[-2:]}"),
                "roles": [],
                "joined_at": "2026-01-01T00:00:00+00:00",
                "deaf": False,
                "mute": False,
                "flags": 0,
                "permissions": "0",
            }
        else:
            payload["channel_id"] = f"5{user[1:]}"
            payload["context"] = 1
            payload["user"] = user_payload(user, f"user{user[-2:]}")
        return payload

    def feed(self, payload: dict[str, Any]) -> str:
        self.client._connection.parse_interaction_create(payload)
        return str(payload["token"])

    def slash(
        self,
        path: tuple[str, ...],
        values: dict[str, Any] | None = None,
        *,
        user: str = ALICE_ID,
        guild: str | None = GUILD,
        focused: str | None = None,
    ) -> dict[str, Any]:
        resolved: dict[str, Any] = {}
        options = self._options(path, values or {}, focused, resolved)
        data: dict[str, Any] = {"id": "1", "name": path[0], "type": 1, "options": options}
        if len(path) == 1:
            data["options"] = options  # a top-level command's own options
        if resolved:
            data["resolved"] = resolved
        return self._base(4 if focused else 2, user, guild, data)

    def click(
        self, message: dict[str, Any], custom_id: str, *, user: str, guild: str | None = None
    ) -> dict[str, Any]:
        payload = self._base(3, user, guild, {"custom_id": custom_id, "component_type": 2})
        payload["message"] = message
        return payload

    def submit(
        self,
        modal: dict[str, Any],
        values: dict[str, str],
        *,
        user: str,
        guild: str | None = GUILD,
    ) -> dict[str, Any]:
        """A modal submit answering `modal` (the callback body's data) with `values` by label."""
        rows = []
        for component in modal["components"]:
            text_input = component.get("component") or component["components"][0]
            label = component.get("label") or text_input.get("label")
            value = values.get(label, "")
            answered = {"type": 4, "custom_id": text_input["custom_id"], "value": value}
            if component["type"] == 18:
                rows.append({"type": 18, "id": component.get("id", 0), "component": answered})
            else:
                rows.append({"type": 1, "components": [answered]})
        return self._base(5, user, guild, {"custom_id": modal["custom_id"], "components": rows})

    # -- answers -------------------------------------------------------------------------

    async def answer(self, token: str) -> Call:
        """The message that answers interaction `token` (follow-up, or a direct response)."""

        def final(call: Call) -> bool:
            if token not in call.path:
                return False
            if call.route.endswith("/callback"):
                return call.body["type"] in (4, 8, 9)
            return call.method in ("post", "patch")

        return await self.fake.wait_for(final)

    async def run(
        self, path: tuple[str, ...], values: dict[str, Any] | None = None, **kw: Any
    ) -> Call:
        token = self.feed(self.slash(path, values, **kw))
        return await self.answer(token)


def embed_text(call: Call) -> str:
    body = call.body.get("data", call.body) if call.route.endswith("/callback") else call.body
    parts: list[str] = []
    for embed in body.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or ""]
        for fld in embed.get("fields") or []:
            parts += [fld["name"], fld["value"]]
        parts.append((embed.get("footer") or {}).get("text", ""))
    return "\n".join(parts)


def embed_colour(call: Call) -> int | None:
    body = call.body.get("data", call.body) if call.route.endswith("/callback") else call.body
    embeds = body.get("embeds") or []
    return embeds[0].get("color") if embeds else None


@pytest.fixture(autouse=True)
def restore_route_base() -> Iterator[None]:
    """discord.py's REST base is process-wide: whatever a test does, put it back."""
    previous = discord.http.Route.BASE
    yield
    discord.http.Route.BASE = previous


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


@pytest.fixture
async def discord_bot(fake: FakeDiscord) -> AsyncIterator[DiscordHarness]:
    uow = FakeUnitOfWorkFactory()
    services = build_services(uow, clock=FixedClock(), notifier=RecordingNotifier())
    dispatcher = build_dispatcher(services)
    previous = discord.http.Route.BASE
    with api_base(fake.base):
        harness = DiscordHarness(fake, uow, dispatcher, services, None)  # type: ignore[arg-type]
        await harness.new_client()
        try:
            yield harness
        finally:
            for client in harness.clients:
                with contextlib.suppress(Exception):
                    await client.close()
    assert not fake.invalid(), [(c.route, c.errors) for c in fake.invalid()]
    assert previous == discord.http.Route.BASE, "Route.BASE must be restored"


async def send_thank_you_dm(
    bot: DiscordHarness,
) -> tuple[Reminder, dict[str, Any], dict[str, Any]]:
    """Alice's pending thank-you check-in, sent to her DM by the real notifier: the row,
    the message as the fake holds it, and its Done button."""
    alice = Actor("discord", GUILD, ALICE_ID, "Alice")
    async with bot.uow() as uow:
        row = await uow.reminders.add(
            Reminder(
                "discord",
                GUILD,
                ALICE_ID,
                ReminderKind.THANK_YOU.value,
                datetime(2026, 11, 22, 9, tzinfo=UTC),
            )
        )
        await uow.commit()
    dm = Reply(title="Thank Jane today", actions=reminder_actions(row, None))
    ref = await DiscordNotifier(bot.client).send_dm(alice, dm, idempotency_key="r:1")
    message = bot.fake.messages[ref.split("/")[1]]
    done = message["components"][0]["components"][0]
    assert done["label"] == "Done"
    return row, message, done
