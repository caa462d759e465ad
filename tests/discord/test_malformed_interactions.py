"""Interactions of shapes Discord should never send, entering where the gateway hands them
over (issue 15 §7): the shard lives on, nothing is logged at ERROR or with a traceback,
and the person gets a kind answer or, where no answer is possible, none.

The cases are the ones the fuzzer (tests/fuzz/test_fuzz_discord_payloads.py) found or is
built around, kept here as plain examples so each failure names itself.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from typing import Any

import pytest

from adapters.discord.connector import build_discord
from adapters.discord.interactions import UNREADABLE_TEXT
from adapters.runtime import App
from bot.domain import Actor
from tests.discord.conftest import ALICE_ID, BOB_ID, GUILD, DiscordHarness, embed_text
from tests.discord.fake_api import FakeDiscord
from tests.discord.settle import settle
from tests.discord.test_discord_runtime import app, interaction, no_identify_pause

__all__ = ["app", "no_identify_pause"]  # fixtures shared with the runtime test

ALICE = Actor("discord", GUILD, ALICE_ID, "Alice")


class _Bad(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.ERROR or record.exc_info:
            self.records.append(record)


@pytest.fixture
def bad_logs() -> Iterator[list[logging.LogRecord]]:
    handler = _Bad()
    logging.getLogger().addHandler(handler)
    try:
        yield handler.records
    finally:
        logging.getLogger().removeHandler(handler)


def _answers(bot: DiscordHarness, payload: dict[str, Any]) -> list[str]:
    """The texts that answered `payload`: a direct reply, a follow-up or an edit."""
    mine = [c for c in bot.fake.calls if payload["token"] in c.path]
    return [
        embed_text(c)
        for c in mine
        if not c.route.endswith("/callback") or (c.body or {}).get("type") == 4
    ]


async def test_a_malformed_interaction_does_not_end_the_shard(
    fake: FakeDiscord, app: App, bad_logs: list[logging.LogRecord]
) -> None:
    """Over the real websocket: a click without a custom id (discord.py's parser would
    raise, which ends the shard's connection), then a good command on the same shard."""
    fake.guilds = {GUILD: "Alumni"}
    component = build_discord(app.parts)
    await component.start()
    try:
        await asyncio.wait_for(component.client.wait_until_ready(), 30)
        broken = interaction("interview", "list", [])
        broken.update(type=3, token="broken-click", data={"component_type": 2})
        await fake.dispatch(0, "INTERACTION_CREATE", broken)
        log = [{"name": "contact", "type": 3, "value": "Jane Doe"}]
        await fake.dispatch(0, "INTERACTION_CREATE", interaction("interview", "log", log))
        answer = await fake.wait_route("post", "/webhooks/{webhook_id}/{webhook_token}")
        assert "Logged interview" in embed_text(answer)
        assert component.health_reason() is None  # the shard is still connected
        assert not [c for c in fake.calls if "broken-click" in c.path]
    finally:
        await component.stop()
    assert not bad_logs, [r.getMessage() for r in bad_logs]


async def test_a_lone_surrogate_is_replaced_and_the_command_runs(
    discord_bot: DiscordHarness, bad_logs: list[logging.LogRecord]
) -> None:
    payload = discord_bot.slash(("interview", "log"), {"contact": "Jane \ud800Doe"})
    assert not await settle(discord_bot.client, payload)
    (answer,) = _answers(discord_bot, payload)
    assert "Jane \ufffdDoe" in answer
    async with discord_bot.uow() as uow:
        (contact,) = await uow.contacts.list(ALICE)
    assert contact.name == "Jane \ufffdDoe"
    assert not bad_logs


@pytest.mark.parametrize(
    "bend",
    [
        pytest.param(lambda p: p["data"].update(name="no-such-command"), id="unknown command"),
        pytest.param(
            lambda p: p["data"]["options"][0].update(name="nope"), id="unknown subcommand"
        ),
        pytest.param(
            lambda p: p["data"]["options"][0]["options"][0].update(type=3, value="seven"),
            id="text where a number belongs",
        ),
    ],
)
async def test_a_command_that_does_not_fit_gets_a_kind_word(
    discord_bot: DiscordHarness, bad_logs: list[logging.LogRecord], bend: Any
) -> None:
    payload = discord_bot.slash(("checkin", "done"), {"id": 3})
    bend(payload)
    assert not await settle(discord_bot.client, payload)
    answers = _answers(discord_bot, payload)
    assert answers, "the person hears something"
    assert all("went wrong on our side" not in text for text in answers)
    assert any(
        UNREADABLE_TEXT.split(";")[0] in text or "number" in text.lower() for text in answers
    ), answers
    assert not bad_logs, [r.getMessage() for r in bad_logs]


@pytest.mark.parametrize(
    "member",
    [{"roles": []}, {"roles": [], "joined_at": 5}, {"roles": ["not a snowflake"]}],
    ids=["no joined_at", "joined_at a number", "odd role"],
)
async def test_a_resolved_member_discord_py_cannot_read_gets_a_kind_word(
    discord_bot: DiscordHarness, bad_logs: list[logging.LogRecord], member: dict[str, Any]
) -> None:
    """discord.py builds the member before any hook of ours runs; its error (a KeyError,
    not an AppCommandError) would otherwise end the task unhandled."""
    payload = discord_bot.slash(("interview", "log"), {"with": BOB_ID})
    payload["data"]["resolved"]["members"] = {BOB_ID: member}
    assert not await settle(discord_bot.client, payload)
    (answer,) = _answers(discord_bot, payload)
    assert UNREADABLE_TEXT.split(";")[0] in answer
    async with discord_bot.uow() as uow:
        assert not await uow.contacts.list(ALICE)
    assert not bad_logs, [r.getMessage() for r in bad_logs]


async def test_a_user_option_whose_user_discord_py_cannot_read_is_dropped(
    discord_bot: DiscordHarness, bad_logs: list[logging.LogRecord]
) -> None:
    """A discriminator that is not digits: discord.py does arithmetic on it (found by
    the fuzzer, as a traceback in the command's answer path)."""
    payload = discord_bot.slash(("interview", "log"), {"with": BOB_ID})
    payload["data"]["resolved"]["users"][BOB_ID]["discriminator"] = ""
    assert not await settle(discord_bot.client, payload)
    assert not [c for c in discord_bot.fake.calls if payload["token"] in c.path]
    async with discord_bot.uow() as uow:
        assert not await uow.contacts.list(ALICE)
    assert not bad_logs, [r.getMessage() for r in bad_logs]


@pytest.mark.parametrize(
    "bend",
    [
        pytest.param(lambda p: p.pop("guild_id"), id="server member without a server"),
        pytest.param(lambda p: p["data"].pop("custom_id"), id="click without custom id"),
        pytest.param(lambda p: p["data"].update(custom_id=["x"]), id="custom id a list"),
        pytest.param(lambda p: p["data"].update(component_type="2"), id="type as text"),
        pytest.param(lambda p: p.update(authorizing_integration_owners=[]), id="owners a list"),
    ],
)
async def test_an_unreadable_click_is_dropped_quietly(
    discord_bot: DiscordHarness, bad_logs: list[logging.LogRecord], bend: Any
) -> None:
    message = discord_bot.fake._message({"content": "x"}, "400000000000000001")
    payload = discord_bot.click(message, "inroads::interview list", user=ALICE_ID, guild=GUILD)
    bend(payload)
    assert not await settle(discord_bot.client, payload)
    assert not [c for c in discord_bot.fake.calls if payload["token"] in c.path]
    assert not bad_logs, [r.getMessage() for r in bad_logs]


@pytest.mark.parametrize(
    ("path", "values"),
    [
        (("contact", "show"), {"contact": "ja"}),  # focused dropped below: none focused
        (("interview", "log"), {"company": "Ac"}),  # focused on an option with no completion
    ],
    ids=["nothing focused", "focused option does not complete"],
)
async def test_an_autocomplete_that_cannot_be_completed_is_ignored(
    discord_bot: DiscordHarness,
    bad_logs: list[logging.LogRecord],
    path: tuple[str, ...],
    values: dict[str, str],
) -> None:
    (name,) = values
    payload = discord_bot.slash(path, values, focused=name)
    if path == ("contact", "show"):
        del payload["data"]["options"][0]["options"][0]["focused"]
    assert not await settle(discord_bot.client, payload)
    assert not [c for c in discord_bot.fake.calls if payload["token"] in c.path]
    assert not bad_logs, [r.getMessage() for r in bad_logs]


async def test_a_form_row_of_the_wrong_kind_changes_nothing(
    discord_bot: DiscordHarness, bad_logs: list[logging.LogRecord]
) -> None:
    opened = await discord_bot.answer(discord_bot.feed(discord_bot.slash(("interview", "log"))))
    payload = discord_bot.submit(
        opened.body["data"], {"Who did you talk to?": "Jane Doe"}, user=ALICE_ID
    )
    row = payload["data"]["components"][0]
    (row.get("component") or row["components"][0])["type"] = 1  # not a text input
    assert not await settle(discord_bot.client, payload)
    async with discord_bot.uow() as uow:
        assert not await uow.contacts.list(ALICE)
    assert not bad_logs, [r.getMessage() for r in bad_logs]
