"""Modals, autocomplete, reminder DMs with buttons that survive a restart, DM failures."""

from __future__ import annotations

import pytest

from adapters.discord.notifier import DiscordNotifier, nonce_for
from adapters.discord.render import custom_id
from bot.domain import Actor
from bot.ports import DeliveryError
from bot.reply import Action, Attachment, Reply
from tests.discord.conftest import (
    ALICE_ID,
    BOB_ID,
    GUILD,
    OTHER_GUILD,
    DiscordHarness,
    embed_text,
)

ALICE = Actor("discord", GUILD, ALICE_ID, "Alice")
BOB = Actor("discord", GUILD, BOB_ID, "Bob")
CALLBACK = "/interactions/{interaction_id}/{interaction_token}/callback"


async def test_interview_log_without_contact_opens_a_modal_and_submit_logs(
    discord_bot: DiscordHarness,
) -> None:
    token = discord_bot.feed(discord_bot.slash(("interview", "log"), {"medium": "video"}))
    opened = await discord_bot.answer(token)
    assert opened.route == CALLBACK
    assert opened.body["type"] == 9
    modal = opened.body["data"]
    assert modal["title"] == "Log an interview"
    assert len(modal["components"]) <= 5

    submit = discord_bot.submit(
        modal,
        {"Who did you talk to?": "Jane Doe", "Their company": "Acme", "Notes": "Start with data"},
        user=ALICE_ID,
    )
    answer = await discord_bot.answer(discord_bot.feed(submit))
    assert "Logged interview" in embed_text(answer)
    (interview,) = discord_bot.uow.store.rows["interviews"]
    assert interview.medium == "video"  # the option given with the command was kept
    assert interview.notes == "Start with data"
    assert (interview.platform, interview.workspace_id, interview.user_id) == ALICE.key


async def test_mentor_join_without_options_opens_the_profile_modal(
    discord_bot: DiscordHarness,
) -> None:
    opened = await discord_bot.run(("mentor", "join"))
    assert opened.body["type"] == 9
    assert opened.body["data"]["title"] == "Your mentoring profile"


async def test_autocomplete_offers_only_my_contacts(discord_bot: DiscordHarness) -> None:
    await discord_bot.dispatcher.run_text(ALICE, 'interview log "Jane Doe" company:Acme')
    await discord_bot.dispatcher.run_text(ALICE, 'interview log "Janet Roe" company:Globex')
    await discord_bot.dispatcher.run_text(BOB, 'interview log "Jane Secret" company:Initech')
    payload = discord_bot.slash(
        ("interview", "list"), {"contact": "jan"}, focused="contact", user=ALICE_ID
    )
    answer = await discord_bot.answer(discord_bot.feed(payload))
    assert answer.body["type"] == 8
    choices = answer.body["data"]["choices"]
    assert {c["value"] for c in choices} == {"Jane Doe", "Janet Roe"}
    assert all(len(c["name"]) <= 100 for c in choices)

    payload = discord_bot.slash(
        ("interview", "show"), {"interview": ""}, focused="interview", user=BOB_ID
    )
    answer = await discord_bot.answer(discord_bot.feed(payload))
    (only,) = answer.body["data"]["choices"]
    assert "Jane Secret" in only["name"]


async def test_reminder_dm_button_works_after_a_restart(discord_bot: DiscordHarness) -> None:
    await discord_bot.dispatcher.run_text(ALICE, 'interview log "Jane Doe" company:Acme')
    reminder = Reply(
        title="Time to say thanks",
        text="Send Jane a thank-you today.",
        actions=(Action("My interviews", "interview list"), Action("Help", "help")),
        attachments=(Attachment("plan.ics", b"BEGIN:VCALENDAR", "text/calendar"),),
    )
    notifier = DiscordNotifier(discord_bot.client)
    ref = await notifier.send_dm(ALICE, reminder, idempotency_key="reminder:7:1")
    sent = await discord_bot.fake.wait_route("post", "/channels/{channel_id}/messages")
    assert sent.files == ["plan.ics"]
    assert sent.body["nonce"] == nonce_for("reminder:7:1")
    assert len(sent.body["nonce"]) <= 25
    assert sent.body["enforce_nonce"] is True
    message_id = ref.split("/")[1]
    message = discord_bot.fake.messages[message_id]
    button = message["components"][0]["components"][0]
    assert button["custom_id"] == custom_id("interview list", GUILD)

    discord_bot.fake.members[GUILD] = {ALICE_ID}  # still in the reminder's server
    # Restart: the old client goes away, a new one (same database) gets the click.
    await discord_bot.client.close()
    await discord_bot.new_client()
    before = len(discord_bot.fake.calls)
    click = discord_bot.click(message, button["custom_id"], user=ALICE_ID, guild=None)
    discord_bot.feed(click)
    deferred = await discord_bot.fake.wait_route("post", CALLBACK, after=before)
    assert deferred.body["type"] == 6  # deferred update of the DM itself
    edited = await discord_bot.fake.wait_route(
        "patch", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", after=before
    )
    assert "Jane Doe" in embed_text(edited)  # ran as Alice, in the reminder's guild
    assert "Time to say thanks" in embed_text(edited)  # the reminder is kept above it
    buttons = [c for row in edited.body["components"] for c in row["components"]]
    assert buttons
    assert all(b.get("disabled") for b in buttons)
    store = discord_bot.client._connection._view_store
    assert not store._synced_message_views  # nothing kept per message: no growth per click
    assert not any(store._views.values())


async def test_a_click_by_someone_else_sees_only_their_own_data(
    discord_bot: DiscordHarness,
) -> None:
    await discord_bot.dispatcher.run_text(ALICE, 'interview log "Priya Natarajan" company:Acme')
    notifier = DiscordNotifier(discord_bot.client)
    ref = await notifier.send_dm(
        ALICE, Reply(text="x", actions=(Action("List", "interview list"),)), idempotency_key="k"
    )
    message = discord_bot.fake.messages[ref.split("/")[1]]
    ident = message["components"][0]["components"][0]["custom_id"]
    discord_bot.fake.members[GUILD] = {ALICE_ID, BOB_ID}
    before = len(discord_bot.fake.calls)
    discord_bot.feed(discord_bot.click(message, ident, user=BOB_ID, guild=None))
    edited = await discord_bot.fake.wait_route(
        "patch", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", after=before
    )
    assert "Priya" not in embed_text(edited)
    assert "empty" in embed_text(edited)


@pytest.mark.parametrize("code", [50007, 50278])
async def test_dm_to_a_closed_inbox_is_a_permanent_failure(
    discord_bot: DiscordHarness, code: int
) -> None:
    discord_bot.fake.blocked_dm_users[BOB_ID] = code
    notifier = DiscordNotifier(discord_bot.client)
    with pytest.raises(DeliveryError) as caught:
        await notifier.send_dm(BOB, Reply(text="Hi"), idempotency_key="reminder:9:1")
    assert caught.value.permanent is True
    assert "message" in caught.value.reason or "DMs" in caught.value.reason
    sends = [c for c in discord_bot.fake.calls if c.route == "/channels/{channel_id}/messages"]
    assert len(sends) == 1  # never retried


async def test_the_same_idempotency_key_never_posts_twice(discord_bot: DiscordHarness) -> None:
    notifier = DiscordNotifier(discord_bot.client)
    first = await notifier.send_dm(ALICE, Reply(text="Hi"), idempotency_key="reminder:3:1")
    again = await notifier.send_dm(ALICE, Reply(text="Hi"), idempotency_key="reminder:3:1")
    assert first == again
    other = await notifier.send_dm(ALICE, Reply(text="Hi"), idempotency_key="reminder:3:2")
    assert other != first


async def test_group_message_goes_to_each_member(discord_bot: DiscordHarness) -> None:
    notifier = DiscordNotifier(discord_bot.client)
    ref = await notifier.send_group([ALICE, BOB], Reply(text="Meet!"), idempotency_key="m:1")
    assert len(ref.split(",")) == 2
    discord_bot.fake.blocked_dm_users[BOB_ID] = 50007
    with pytest.raises(DeliveryError) as caught:
        await notifier.send_group([BOB], Reply(text="Meet!"), idempotency_key="m:2")
    assert caught.value.permanent


async def test_slash_command_in_dm_uses_the_one_shared_server(
    discord_bot: DiscordHarness,
) -> None:
    await discord_bot.dispatcher.run_text(ALICE, 'interview log "Jane Doe" company:Acme')
    discord_bot.add_guild(GUILD, "Alumni", (ALICE_ID,))
    discord_bot.add_guild(OTHER_GUILD, "Other", (BOB_ID,))
    answer = await discord_bot.run(("interview", "list"), {}, guild=None)
    assert "Jane Doe" in embed_text(answer)


async def test_slash_command_in_dm_asks_which_server_when_several(
    discord_bot: DiscordHarness,
) -> None:
    discord_bot.add_guild(GUILD, "Alumni", (ALICE_ID,))
    discord_bot.add_guild(OTHER_GUILD, "Makers", (ALICE_ID,))
    answer = await discord_bot.run(("interview", "list"), {"status": "held"}, guild=None)
    text = embed_text(answer)
    assert "Alumni" in text
    assert "Makers" in text
    ids = {c["custom_id"] for row in answer.body["components"] for c in row["components"]}
    assert ids == {
        custom_id("interview list status:held", GUILD),
        custom_id("interview list status:held", OTHER_GUILD),
    }


async def test_a_long_rate_limit_is_handed_back_not_waited(discord_bot: DiscordHarness) -> None:
    discord_bot.fake.message_failures.append(
        (
            429,
            {"message": "You are being rate limited.", "retry_after": 120.0, "global": False},
            True,
        )
    )
    notifier = DiscordNotifier(discord_bot.client)
    with pytest.raises(DeliveryError) as caught:
        await notifier.send_dm(ALICE, Reply(text="Hi"), idempotency_key="reminder:4:1")
    assert caught.value.permanent is False
    assert caught.value.retry_after == pytest.approx(120.0)
    sends = [c for c in discord_bot.fake.calls if c.route == "/channels/{channel_id}/messages"]
    assert len(sends) == 1


async def test_a_rejected_token_pauses_dms_instead_of_repeating(
    discord_bot: DiscordHarness,
) -> None:
    discord_bot.fake.message_failures.append(
        (401, {"message": "401: Unauthorized", "code": 0}, True)
    )
    notifier = DiscordNotifier(discord_bot.client)
    for attempt in range(3):
        with pytest.raises(DeliveryError) as caught:
            await notifier.send_dm(ALICE, Reply(text="Hi"), idempotency_key=f"r:{attempt}")
        assert caught.value.permanent is False
        assert caught.value.retry_after
    sends = [c for c in discord_bot.fake.calls if c.route == "/channels/{channel_id}/messages"]
    assert len(sends) == 1  # the two later attempts never reached Discord


async def test_a_cloudflare_ban_pauses_dms(discord_bot: DiscordHarness) -> None:
    discord_bot.fake.message_failures.append((429, {"message": "banned"}, False))
    notifier = DiscordNotifier(discord_bot.client)
    for attempt in range(2):
        with pytest.raises(DeliveryError) as caught:
            await notifier.send_dm(ALICE, Reply(text="Hi"), idempotency_key=f"b:{attempt}")
        assert caught.value.permanent is False
        assert caught.value.retry_after
    sends = [c for c in discord_bot.fake.calls if c.route == "/channels/{channel_id}/messages"]
    assert len(sends) == 1


async def test_a_button_in_a_server_reply_runs_and_updates_it(
    discord_bot: DiscordHarness,
) -> None:
    await discord_bot.dispatcher.run_text(ALICE, 'interview log "Jane Doe" company:Acme')
    (interview,) = discord_bot.uow.store.rows["interviews"]
    asked = await discord_bot.run(("interview", "delete"), {"interview": str(interview.number)})
    buttons = [c for row in asked.body["components"] for c in row["components"]]
    confirm = next(b for b in buttons if "confirm" in b["custom_id"])
    assert confirm["custom_id"].startswith("inroads::")  # the server comes with the click
    message = discord_bot.fake.messages[next(reversed(discord_bot.fake.messages))]

    before = len(discord_bot.fake.calls)
    discord_bot.feed(discord_bot.click(message, confirm["custom_id"], user=ALICE_ID, guild=GUILD))
    edited = await discord_bot.fake.wait_route(
        "patch", "/webhooks/{webhook_id}/{webhook_token}/messages/@original", after=before
    )
    assert "deleted" in embed_text(edited).lower()
    assert discord_bot.uow.store.rows["interviews"] == []


class _Public:
    """A dispatcher stand-in whose reply is meant for the whole channel."""

    specs = ()

    async def run_text(self, actor: Actor, text: str) -> Reply:
        return Reply(title="Round announced", text=f"for {actor.workspace_id}", ephemeral=False)

    async def run_values(self, actor: Actor, spec: object, values: object, *, line: str) -> Reply:
        return await self.run_text(actor, line)


class _Broken:
    specs = ()

    async def run_text(self, actor: Actor, text: str) -> Reply:
        raise RuntimeError("adapter-side bug")

    async def run_values(self, actor: Actor, spec: object, values: object, *, line: str) -> Reply:
        return await self.run_text(actor, line)


async def test_a_public_reply_is_posted_for_everyone(discord_bot: DiscordHarness) -> None:
    discord_bot.client.inroads.dispatcher = _Public()  # type: ignore[assignment]
    token = discord_bot.feed(discord_bot.slash(("mentor", "stats")))
    private = await discord_bot.answer(token)
    assert "Posted in the channel" in embed_text(private)
    public = await discord_bot.fake.wait_for(
        lambda c: token in c.path and "Round announced" in embed_text(c)
    )
    assert not (public.body.get("flags") or 0) & 64  # not ephemeral


async def test_an_adapter_failure_becomes_an_apology(
    discord_bot: DiscordHarness, caplog: pytest.LogCaptureFixture
) -> None:
    discord_bot.client.inroads.dispatcher = _Broken()  # type: ignore[assignment]
    answer = await discord_bot.run(("interview", "list"))
    assert "nothing was changed" in embed_text(answer)
    assert "discord interaction failed" in caplog.text


async def test_a_member_option_becomes_a_mention(discord_bot: DiscordHarness) -> None:
    answer = await discord_bot.run(("interview", "log"), {"with": BOB_ID, "company": "Acme"})
    assert "Logged interview" in embed_text(answer)
    (contact,) = discord_bot.uow.store.rows["contacts"]
    assert contact.member_id == BOB_ID


async def test_files_are_attached_to_answers(discord_bot: DiscordHarness) -> None:
    answer = await discord_bot.run(
        ("interview", "plan"), {"contact": "Ann Lee", "when": "tomorrow 3pm"}
    )
    assert any(name.endswith(".ics") for name in answer.files), answer.files
    assert answer.body["attachments"]  # named in the payload, as Discord requires


async def test_interview_plan_without_contact_opens_its_form(discord_bot: DiscordHarness) -> None:
    opened = await discord_bot.run(("interview", "plan"))
    assert opened.body["type"] == 9
    form = opened.body["data"]
    submit = discord_bot.submit(
        form, {"Who will you talk to?": "Ann Lee", "When?": "tomorrow 3pm"}, user=ALICE_ID
    )
    answer = await discord_bot.answer(discord_bot.feed(submit))
    assert any(name.endswith(".ics") for name in answer.files)
    assert discord_bot.uow.store.rows["interviews"][0].status == "scheduled"


async def test_same_user_in_two_servers_has_two_separate_journals(
    discord_bot: DiscordHarness,
) -> None:
    await discord_bot.run(("interview", "log"), {"contact": "Jane Doe"}, guild=GUILD)
    await discord_bot.run(("interview", "log"), {"contact": "Omar Haddad"}, guild=OTHER_GUILD)
    here = embed_text(await discord_bot.run(("interview", "list"), guild=GUILD))
    there = embed_text(await discord_bot.run(("interview", "list"), guild=OTHER_GUILD))
    assert "Jane Doe" in here
    assert "Omar" not in here
    assert "Omar Haddad" in there
    assert "Jane Doe (" not in there
    workspaces = {i.workspace_id for i in discord_bot.uow.store.rows["interviews"]}
    assert workspaces == {GUILD, OTHER_GUILD}


async def test_autocomplete_in_a_dm_uses_the_shared_server(discord_bot: DiscordHarness) -> None:
    await discord_bot.dispatcher.run_text(ALICE, 'interview log "Jane Doe" company:Acme')
    discord_bot.add_guild(GUILD, "Alumni", (ALICE_ID,))
    payload = discord_bot.slash(
        ("contact", "show"), {"contact": "ja"}, focused="contact", guild=None
    )
    answer = await discord_bot.answer(discord_bot.feed(payload))
    assert [c["value"] for c in answer.body["data"]["choices"]] == ["Jane Doe"]
