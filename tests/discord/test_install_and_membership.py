"""Who may act where (issue 15 §7): only a guild install of Inroads, in that server; and a
DM button acts on a server's data only while the clicker is still a member there.

Everything runs through real discord.py against the fake Discord API: the payloads carry
``authorizing_integration_owners`` and ``context`` as Discord sends them, and membership is
the fake's ``GET /guilds/{guild}/members/{user}``.
"""

from __future__ import annotations

from adapters.discord.component import discord_sync
from adapters.discord.guard import LEFT_THE_SERVER, NOT_IN_THIS_CHAT, NOT_INSTALLED_HERE
from adapters.discord.notifier import DiscordNotifier
from adapters.discord.render import custom_id
from adapters.settings import load_settings
from bot.bootstrap import build_services
from bot.dispatcher import Dispatcher
from bot.domain import Actor, GroupConfig, ReminderStatus
from bot.registry import all_specs
from bot.reply import Action, Reply
from tests.discord.conftest import (
    ALICE_ID,
    BOB_ID,
    CHANNEL,
    GUILD,
    OTHER_GUILD,
    DiscordHarness,
    embed_text,
    send_thank_you_dm,
)
from tests.discord.fake_api import TOKEN, Call, FakeDiscord
from tests.fakes import FakeUnitOfWorkFactory

ALICE = Actor("discord", GUILD, ALICE_ID, "Alice")
MEMBER_ROUTE = "/guilds/{guild_id}/members/{user_id}"
EPHEMERAL = 1 << 6


def _flags(call: Call) -> int:
    body = call.body.get("data", call.body) if call.route.endswith("/callback") else call.body
    return int(body.get("flags") or 0)


async def _group(discord_bot: DiscordHarness, guild: str = GUILD) -> GroupConfig | None:
    async with discord_bot.uow() as uow:
        return await uow.groups.get("discord", guild)


# -- install contexts ------------------------------------------------------------------------


async def test_every_command_is_offered_to_guild_installs_only(fake: FakeDiscord) -> None:
    settings = load_settings(discord_token=TOKEN, discord_api_base=fake.base)
    services = build_services(FakeUnitOfWorkFactory())
    await discord_sync(settings, Dispatcher(services, all_specs()), services, guild_id=None)
    upload = await fake.wait_route("put", "/applications/{application_id}/commands")
    assert not upload.errors, upload.errors  # Discord's own schema accepts the fields
    assert upload.body
    for command in upload.body:
        assert command["integration_types"] == [0], command["name"]  # guild install only
        assert command["contexts"] == [0, 1], command["name"]  # servers and the bot's DM


async def test_a_user_installed_copy_cannot_claim_a_server(discord_bot: DiscordHarness) -> None:
    """The first `mentor config` in a server makes its author admin; from a user install
    (the bot is not in that server) it is refused and nothing is written."""
    payload = discord_bot.slash(("mentor", "config"), {"cadence": "14d"}, user=BOB_ID)
    payload["authorizing_integration_owners"] = {"1": BOB_ID}
    answer = await discord_bot.answer(discord_bot.feed(payload))
    assert answer.body["type"] == 4  # answered at once, nothing deferred or run
    assert NOT_INSTALLED_HERE.split(",")[0] in embed_text(answer)
    assert _flags(answer) & EPHEMERAL
    assert await _group(discord_bot) is None

    # The same command through the server's own install does make Bob the admin.
    answer = await discord_bot.run(("mentor", "config"), {"cadence": "14d"}, user=BOB_ID)
    assert NOT_INSTALLED_HERE.split(",")[0] not in embed_text(answer)
    config = await _group(discord_bot)
    assert config is not None
    assert BOB_ID in config.admin_ids


async def test_a_guild_install_elsewhere_does_not_authorise_this_server(
    discord_bot: DiscordHarness,
) -> None:
    payload = discord_bot.slash(("mentor", "config"), {"cadence": "14d"}, user=BOB_ID)
    payload["authorizing_integration_owners"] = {"0": OTHER_GUILD, "1": BOB_ID}
    answer = await discord_bot.answer(discord_bot.feed(payload))
    assert NOT_INSTALLED_HERE.split(",")[0] in embed_text(answer)
    assert await _group(discord_bot) is None


async def test_a_group_dm_through_a_user_install_is_refused(discord_bot: DiscordHarness) -> None:
    discord_bot.add_guild(GUILD, "Alumni", (ALICE_ID,))
    payload = discord_bot.slash(("interview", "log"), {"contact": "Jane Doe"}, guild=None)
    payload["context"] = 2  # a group DM or someone else's DM: only a user install gets there
    payload["authorizing_integration_owners"] = {"1": ALICE_ID}
    answer = await discord_bot.answer(discord_bot.feed(payload))
    assert NOT_IN_THIS_CHAT.split(".")[0] in embed_text(answer)
    async with discord_bot.uow() as uow:
        assert not await uow.interviews.list(ALICE)


# -- membership behind DM buttons ------------------------------------------------------------


async def _reminder_dm(discord_bot: DiscordHarness) -> tuple[int, dict[str, object], str]:
    row, message, done = await send_thank_you_dm(discord_bot)
    return row.id or 0, message, str(done["custom_id"])


async def _status(discord_bot: DiscordHarness, reminder_id: int) -> str:
    async with discord_bot.uow() as uow:
        row = await uow.reminders.get(ALICE, reminder_id)
    assert row is not None
    return row.status


async def test_a_dm_button_refuses_once_the_member_left(discord_bot: DiscordHarness) -> None:
    reminder_id, message, done = await _reminder_dm(discord_bot)
    discord_bot.fake.members[GUILD] = set()  # Alice has left the server

    token = discord_bot.feed(discord_bot.click(message, done, user=ALICE_ID))
    answer = await discord_bot.answer(token)
    assert answer.method == "post"  # a message of its own; the DM is not replaced
    assert LEFT_THE_SERVER.split(",")[0] in embed_text(answer)
    assert _flags(answer) & EPHEMERAL
    assert await _status(discord_bot, reminder_id) == ReminderStatus.PENDING.value
    asked = [c for c in discord_bot.fake.calls if c.route == MEMBER_ROUTE]
    assert [c.path.rsplit("/", 3)[-3:] for c in asked] == [[GUILD, "members", ALICE_ID]]

    # She rejoins: once the short memory of the answer has passed, the button works again.
    discord_bot.fake.members[GUILD] = {ALICE_ID}
    discord_bot.client.inroads.membership.ttl = 0.0
    token = discord_bot.feed(discord_bot.click(message, done, user=ALICE_ID))
    edited = await discord_bot.answer(token)
    assert edited.method == "patch"
    assert "Thank Jane today" in embed_text(edited)
    assert await _status(discord_bot, reminder_id) == ReminderStatus.DONE.value


async def test_leaving_is_noticed_after_the_short_cache(discord_bot: DiscordHarness) -> None:
    """A member's answer is remembered for a minute (one REST call, not one per click);
    after that, the member who left is refused."""
    discord_bot.fake.members[GUILD] = {ALICE_ID}
    await discord_bot.dispatcher.run_text(ALICE, 'interview log "Jane Doe" company:Acme')
    notifier = DiscordNotifier(discord_bot.client)
    ref = await notifier.send_dm(
        ALICE, Reply(text="x", actions=(Action("List", "interview list"),)), idempotency_key="k"
    )
    message = discord_bot.fake.messages[ref.split("/")[1]]
    ident = str(message["components"][0]["components"][0]["custom_id"])
    for _ in range(2):
        answer = await discord_bot.answer(
            discord_bot.feed(discord_bot.click(message, ident, user=ALICE_ID))
        )
        assert "Jane Doe" in embed_text(answer)
    assert len([c for c in discord_bot.fake.calls if c.route == MEMBER_ROUTE]) == 1

    discord_bot.fake.members[GUILD] = set()
    discord_bot.client.inroads.membership.ttl = 0.0  # the minute has passed
    answer = await discord_bot.answer(
        discord_bot.feed(discord_bot.click(message, ident, user=ALICE_ID))
    )
    assert LEFT_THE_SERVER.split(",")[0] in embed_text(answer)
    assert "Jane Doe" not in embed_text(answer)


async def test_a_click_inside_the_server_needs_no_membership_call(
    discord_bot: DiscordHarness,
) -> None:
    """In the server itself Discord vouches for membership: no extra REST call."""
    await discord_bot.dispatcher.run_text(ALICE, 'interview log "Jane Doe" company:Acme')
    ident = custom_id("interview list")
    assert ident is not None
    button = {"type": 2, "style": 2, "label": "List", "custom_id": ident}
    message = discord_bot.fake._message(
        {"content": "x", "components": [{"type": 1, "components": [button]}]}, CHANNEL
    )
    token = discord_bot.feed(discord_bot.click(message, ident, user=ALICE_ID, guild=GUILD))
    answer = await discord_bot.answer(token)
    assert not [c for c in discord_bot.fake.calls if c.route == MEMBER_ROUTE]
    assert "Jane Doe" in embed_text(answer)
