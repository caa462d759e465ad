"""`contact import`: preview, confirm, cancel and undo, on the fakes and on both databases.

The same scenarios run on the in-memory fakes (`core`) and on SQLite and PostgreSQL
(`sql_core`), so the bulk SQL writes behave as the fakes the unit tests trust.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from typing import Any

import pytest

from bot.bootstrap import build_dispatcher, build_services
from bot.domain import Contact
from bot.journal.contact_import import ImportContacts
from bot.ports.imports import STAGED_FOR
from bot.reply import Reply
from storage.engine import session_factory
from storage.uow import SqlUnitOfWorkFactory
from tests.conftest import ALICE, BOB, CoreHarness, migrated_database
from tests.fakes import FakeUnitOfWorkFactory, FixedClock, RecordingNotifier

LINKEDIN = (
    "\ufeffNotes:\r\n"
    '"When exporting your connection data, you may notice that some of the email '
    "addresses are missing. You will only see email addresses for connections who have "
    "allowed their connections to see or download their email address, see "
    'https://www.linkedin.com/psettings/privacy/email"\r\n'
    "\r\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    'Ann,Lee,https://www.linkedin.com/in/annlee,ann@globex.com,"Globex, Inc.",Data Scientist,'
    "12 Mar 2024\r\n"
    "Bo,Chen,https://www.linkedin.com/in/bochen,,Initech,Engineer,01 Feb 2023\r\n"
    "Cy,Diaz,https://www.linkedin.com/in/cydiaz,,Umbrella,,15 Jan 2022\r\n"
    ",,https://www.linkedin.com/in/nobody,,,,01 Jan 2020\r\n"
    "Bo,Chen,https://www.linkedin.com/in/bochen,,Initech,Engineer,01 Feb 2023\r\n"
).encode()


@pytest.fixture(params=["fake", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def harness(
    request: pytest.FixtureRequest, tmp_path: os.PathLike[str]
) -> AsyncIterator[CoreHarness]:
    """The core on the fakes, then on each database."""
    clock, notifier = FixedClock(), RecordingNotifier()
    if request.param == "fake":
        uow = FakeUnitOfWorkFactory()
        yield CoreHarness(build_dispatcher(build_services(uow, clock=clock)), uow, clock, notifier)
        return
    async with migrated_database(request.param, tmp_path) as engine:
        sql = SqlUnitOfWorkFactory(session_factory(engine))
        services = build_services(sql, clock=clock, notifier=notifier)
        yield CoreHarness(build_dispatcher(services), sql, clock, notifier)


async def upload(h: CoreHarness, data: bytes, actor: Any = ALICE, **extra: Any) -> Reply:
    spec = h.dispatcher.spec_for(("contact", "import"))
    return await h.dispatcher.run(spec, ImportContacts(actor=actor, data=data, **extra))


async def people(h: CoreHarness, actor: Any = ALICE) -> dict[str, Contact]:
    async with h.uow() as uow:
        return {c.name: c for c in await uow.contacts.list(actor)}


async def test_preview_writes_no_contact_and_confirm_writes_them(harness: CoreHarness) -> None:
    await harness.say('contact add "Bo Chen" role:"Staff Engineer" notes:"Met at PyCon"')
    reply = await upload(harness, LINKEDIN, source="Connections.csv")
    text = reply.plain_text()
    assert "Import preview: 5 rows from your LinkedIn connections" in text
    assert "New: 2" in text
    assert "Updated: 1" in text
    assert "Already there: 1" in text
    assert "Skipped: 1" in text
    assert "no name: 1 row (line 8)" in text
    assert "Bo Chen (#1): adds company, how you know them, links" in text
    assert "Bo Chen: also on line 6" in text
    confirm, cancel = (a.command for a in reply.actions)
    assert confirm.startswith("contact import confirm ")
    assert cancel == confirm.replace("confirm", "cancel")
    assert list(await people(harness)) == ["Bo Chen"]  # nothing written yet

    done = await harness.say(reply.actions[0].command)
    assert "Imported 2 new contacts and filled in details on 1 contact" in done
    everyone = await people(harness)
    assert sorted(everyone) == ["Ann Lee", "Bo Chen", "Cy Diaz"]
    ann = everyone["Ann Lee"]
    assert (ann.company, ann.role) == ("Globex, Inc.", "Data Scientist")
    assert ann.how_known == "LinkedIn connection since 12 Mar 2024"
    assert ann.links.splitlines() == ["https://www.linkedin.com/in/annlee", "ann@globex.com"]
    bo = everyone["Bo Chen"]
    assert bo.role == "Staff Engineer"  # what the person typed stays
    assert bo.notes == "Met at PyCon"
    assert bo.company == "Initech"  # an empty detail is filled in
    # A second confirm finds nothing waiting.
    assert "no import waiting" in await harness.say("contact import confirm")


async def test_undo_removes_the_batch_and_reverts_fills_but_keeps_talked_to(
    harness: CoreHarness,
) -> None:
    await harness.say('contact add "Bo Chen" role:"Staff Engineer"')
    preview = await upload(harness, LINKEDIN)
    await harness.say(preview.actions[0].command)
    await harness.say('interview log "Cy Diaz" when:"yesterday 3pm" notes:"Great chat"')
    await harness.say('contact edit "Ann Lee" role:"Lead Data Scientist"')
    question = await harness.say("contact import undo")
    assert "Undo import" in question
    assert "1 contact you have since talked with or added details to stay" in question
    assert len(await people(harness)) == 3  # asking changes nothing
    done = await harness.say("contact import undo confirm:yes")
    assert "removed 1 contact, took back details on 1" in done
    everyone = await people(harness)
    assert sorted(everyone) == ["Bo Chen", "Cy Diaz"]  # Ann went; Cy has an interview
    bo = everyone["Bo Chen"]
    assert (bo.company, bo.how_known, bo.links, bo.role) == ("", "", "", "Staff Engineer")
    assert "no import to undo" in await harness.say("contact import undo")


async def test_cancel_drops_the_staged_rows(harness: CoreHarness) -> None:
    await upload(harness, LINKEDIN)
    assert "Import cancelled" in await harness.say("contact import cancel")
    assert "no import waiting" in await harness.say("contact import confirm")
    assert await people(harness) == {}


async def test_a_newer_upload_replaces_the_preview_and_old_buttons_say_so(
    harness: CoreHarness,
) -> None:
    first = await upload(harness, LINKEDIN)
    second = await upload(harness, LINKEDIN)
    stale = await harness.say(first.actions[0].command)
    assert "no import waiting" in stale
    assert await people(harness) == {}
    assert "Imported 3 new contacts" in await harness.say(second.actions[0].command)


async def test_confirm_sorts_again_against_the_journal_as_it_is_then(
    harness: CoreHarness,
) -> None:
    preview = await upload(harness, LINKEDIN)
    await harness.say('contact add "Ann Lee" company:"Globex, Inc." role:"CTO"')
    done = await harness.say(preview.actions[0].command)
    assert "Imported 2 new contacts and filled in details on 1 contact" in done
    assert "changed since the preview" not in done  # 3 writes either way
    assert len([n for n in await people(harness) if n == "Ann Lee"]) == 1


async def test_a_preview_expires_after_a_day(harness: CoreHarness) -> None:
    await upload(harness, LINKEDIN)
    harness.clock.advance(STAGED_FOR * 1.1)
    assert "no import waiting" in await harness.say("contact import confirm")


async def test_imports_are_private(harness: CoreHarness) -> None:
    preview = await upload(harness, LINKEDIN)
    assert "no import waiting" in await harness.say(preview.actions[0].command, BOB)
    assert "no import waiting" in await harness.say("contact import cancel", BOB)
    await harness.say(preview.actions[0].command)
    assert "no import to undo" in await harness.say("contact import undo confirm:yes", BOB)
    assert await people(harness, BOB) == {}


async def test_bad_files_are_refused_and_change_nothing(harness: CoreHarness) -> None:
    for data in (
        b"",
        b"\x00\x01\x02binary",
        b"%PDF-1.7\n",
        b'Name,Company\n"Ann Lee,Globex\nBo Chen,Initech\n',
        b"Colour,Size\nred,big\n",
        b"x" * (21 * 1024 * 1024),
    ):
        reply = await upload(harness, data)
        assert reply.is_error, data[:20]
        assert "Try: `contact import" in reply.plain_text()
    assert await people(harness) == {}
    assert "no import waiting" in await harness.say("contact import confirm")


async def test_typed_without_a_file_says_how_to_attach_one(core: CoreHarness) -> None:
    text = await core.say("contact import Connections.csv")
    assert "Give the file's path" in text


async def test_nothing_new_stages_nothing(harness: CoreHarness) -> None:
    await upload(harness, LINKEDIN)
    await harness.say("contact import confirm")
    again = (await upload(harness, LINKEDIN)).plain_text()
    assert "Nothing to import" in again
    assert "Already there: 4" in again
    assert "no import waiting" in await harness.say("contact import confirm")


async def test_forget_me_erases_staged_and_applied_batches(core: CoreHarness) -> None:
    await upload(core, LINKEDIN)
    await core.say("inroads forget-me confirm:yes")
    assert core.uow.store.table("contact_imports") == []
