"""`contact import` by upload: a file dropped into the bot's DM (a `file_share` message
event) is downloaded from the fake Slack with the bot's token, previewed in the DM, and
confirmed with the preview's button; typed DM text gets a pointer, and what can't be
downloaded or is too big writes nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from storage import tables
from tests.slack.conftest import USER, SlackHarness, eventually
from tests.slack.fake_slack import BOT_TOKEN, TEAM_ID

CONNECTIONS = (
    "\ufeffNotes:\r\n"
    '"When exporting your connection data, you may notice that some of the email '
    'addresses are missing."\r\n\r\n'
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    'Ann,Lee,https://www.linkedin.com/in/annlee,,"Globex, Inc.",CTO,12 Mar 2024\r\n'
    "Bo,Chen,https://www.linkedin.com/in/bochen,,Initech,,01 Feb 2023\r\n"
).encode()


def file_share(shared: dict[str, Any], text: str = "", **extra: Any) -> dict[str, Any]:
    return {
        "type": "message",
        "subtype": "file_share",
        "channel": "D" + USER,
        "channel_type": "im",
        "user": USER,
        "team": TEAM_ID,
        "text": text,
        "ts": "1700000100.000100",
        "files": [shared],
        **extra,
    }


async def contact_count(slack: SlackHarness) -> int:
    async with slack.app.engine.connect() as conn:
        return int(await conn.scalar(select(func.count()).select_from(tables.contacts)) or 0)


async def test_an_upload_in_the_dm_is_previewed_then_confirmed(slack: SlackHarness) -> None:
    shared = slack.fake.share_file("Connections.csv", CONNECTIONS)
    response = await slack.event(file_share(shared))
    assert response.status == 200
    posted = await slack.fake.wait_for("chat.postMessage")
    assert posted.params["channel"] == "D" + USER
    assert "Import preview: 2 rows from your LinkedIn connections" in posted.params["text"]
    assert slack.fake.downloads == [(shared["id"], f"Bearer {BOT_TOKEN}")]
    assert await contact_count(slack) == 0

    buttons = next(b for b in posted.blocks if b["type"] == "actions")["elements"]
    confirm = next(b["value"] for b in buttons if "confirm" in b["value"])
    await slack.interactive(slack.button_payload(confirm))
    await eventually(lambda: _has(slack, 2))


async def _has(slack: SlackHarness, count: int) -> bool:
    return await contact_count(slack) == count


async def test_columns_in_the_message_text_map_a_generic_csv(slack: SlackHarness) -> None:
    shared = slack.fake.share_file("people.csv", b"Person,Employer\nDana Lee,Acme\n")
    await slack.event(file_share(shared, text='columns:"name=Person, company=Employer"'))
    posted = await slack.fake.wait_for("chat.postMessage")
    assert "Dana Lee (Acme)" in posted.params["text"]


async def test_too_big_unreadable_or_foreign_files_write_nothing(slack: SlackHarness) -> None:
    big = slack.fake.share_file("Connections.csv", b"x", size=50 * 1024 * 1024)
    await slack.event(file_share(big))
    posted = await slack.fake.wait_for("chat.postMessage")
    assert "That file is 50.0 MB" in posted.params["text"]
    assert slack.fake.downloads == []  # refused on the announced size alone

    elsewhere = slack.fake.share_file("Connections.csv", CONNECTIONS)
    elsewhere["url_private_download"] = "http://203.0.113.9/steal/Connections.csv"
    await slack.event(file_share(elsewhere))
    posted = await slack.fake.wait_for("chat.postMessage", count=2)
    assert "couldn't download that file" in posted.params["text"]
    assert slack.fake.downloads == []  # the token never left for another host

    slack.fake.shared.pop(big["id"])
    missing = slack.fake.share_file("Connections.csv", CONNECTIONS)
    slack.fake.shared.pop(missing["id"])  # Slack answers 404
    await slack.event(file_share(missing))
    posted = await slack.fake.wait_for("chat.postMessage", count=3)
    assert "couldn't download that file" in posted.params["text"]
    assert await contact_count(slack) == 0


async def test_typed_dm_text_gets_a_pointer_and_the_bots_own_posts_nothing(
    slack: SlackHarness,
) -> None:
    typed = {"type": "message", "channel": "D" + USER, "channel_type": "im", "user": USER,
             "team": TEAM_ID, "text": "hello?", "ts": "1700000200.000100"}  # fmt: skip
    own = {**typed, "bot_id": "B0BOT", "text": "Import preview: …", "ts": "1700000201.0001"}
    assert (await slack.event(own)).status == 200
    assert (await slack.event(typed)).status == 200
    posted = await slack.fake.wait_for("chat.postMessage")
    assert "I only read files here" in posted.params["text"]
    await slack.component.handlers.after_ack.drain(within_seconds=5)
    assert len(slack.fake.of("chat.postMessage")) == 1
