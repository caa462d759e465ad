"""`/contact import file` through real discord.py: the attachment is downloaded from the
fake Discord's CDN, previewed, confirmed with the preview's own button; a file announced
over the limit is refused without being downloaded, and a broken one writes nothing."""

from __future__ import annotations

from bot.journal.import_rows import MAX_FILE_BYTES
from tests.discord.conftest import ALICE_ID, GUILD, DiscordHarness, embed_text

IMPORT = ("contact", "import", "file")
PATCHED = "/webhooks/{webhook_id}/{webhook_token}/messages/@original"
CONNECTIONS = (
    "\ufeffNotes:\r\n"
    '"When exporting your connection data, you may notice that some of the email '
    'addresses are missing."\r\n\r\n'
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    'Ann,Lee,https://www.linkedin.com/in/annlee,,"Globex, Inc.",CTO,12 Mar 2024\r\n'
    "Bo,Chen,https://www.linkedin.com/in/bochen,,Initech,,01 Feb 2023\r\n"
).encode()


def names(bot: DiscordHarness) -> list[str]:
    return sorted(c.name for c in bot.uow.store.rows.get("contacts", []))


async def test_an_attachment_is_previewed_then_confirmed_by_its_button(
    discord_bot: DiscordHarness,
) -> None:
    upload = discord_bot.fake.attach("Connections.csv", CONNECTIONS)
    preview = await discord_bot.run(IMPORT, {"file": upload})
    text = embed_text(preview)
    assert "Import preview: 2 rows from your LinkedIn connections" in text
    assert "Ann Lee (CTO, Globex, Inc.)" in text
    assert discord_bot.fake.downloads == [upload]
    assert names(discord_bot) == []  # nothing written before the confirm

    buttons = [c for row in preview.body["components"] for c in row["components"]]
    confirm = next(b for b in buttons if "confirm" in b["custom_id"])
    message = discord_bot.fake.messages[next(reversed(discord_bot.fake.messages))]
    before = len(discord_bot.fake.calls)
    discord_bot.feed(discord_bot.click(message, confirm["custom_id"], user=ALICE_ID, guild=GUILD))
    done = await discord_bot.fake.wait_route("patch", PATCHED, after=before)
    assert "Imported 2 new contacts" in embed_text(done)
    assert names(discord_bot) == ["Ann Lee", "Bo Chen"]


async def test_a_file_over_the_limit_is_refused_without_downloading_it(
    discord_bot: DiscordHarness,
) -> None:
    big = discord_bot.fake.attach("Connections.csv", b"x", size=50 * 1024 * 1024)
    answer = embed_text(await discord_bot.run(IMPORT, {"file": big}))
    assert "That file is 50.0 MB" in answer
    assert f"up to {MAX_FILE_BYTES // 1024 // 1024} MB" in answer
    assert discord_bot.fake.downloads == []
    assert (
        "contact_imports" not in discord_bot.uow.store.rows
        or not (discord_bot.uow.store.rows["contact_imports"])
    )


async def test_a_broken_file_and_a_missing_download_write_nothing(
    discord_bot: DiscordHarness,
) -> None:
    broken = discord_bot.fake.attach("Connections.csv", b'First Name,Last Name\n"Ann,Lee\n')
    answer = embed_text(await discord_bot.run(IMPORT, {"file": broken}))
    assert "quote that never closes" in answer
    gone = discord_bot.fake.attach("Connections.csv", CONNECTIONS)
    discord_bot.fake.expired.add(gone)  # the CDN answers 404
    answer = embed_text(await discord_bot.run(IMPORT, {"file": gone}))
    assert "couldn't fetch that file" in answer
    assert names(discord_bot) == []
    assert not discord_bot.uow.store.rows.get("contact_imports")
