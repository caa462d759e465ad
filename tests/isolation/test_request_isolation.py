"""No request text or private field reaches anyone it shouldn't.

Alice asks Bob with a reason only the two of them may read; Bob declines with a note
only he may read. Carol (a third member), Erin (the admin), everyone's exports and the
admins' CSV are searched for both, through every command that could show them.
"""

from __future__ import annotations

import json
import zipfile
from io import BytesIO

from bot.domain import FORGOTTEN_ID
from tests.conftest import CoreHarness
from tests.directory.requests_helpers import (
    ALICE,
    BOB,
    CAROL,
    ERIN,
    ask_and_send,
    everything_said,
    latest,
    setup,
    to,
)

SECRET_REASON = "my divorce means I need a quieter job in Leeds"
PRIVATE_NOTE = "too close to my old team"


async def _story(core: CoreHarness) -> int:
    await core.say("mentor config", ERIN)  # Erin becomes the workspace's admin
    await setup(core, BOB, CAROL)
    request = await ask_and_send(core, reason=SECRET_REASON)
    await core.deliver()
    await core.say(f'people answer {request.id} decline note:"{PRIVATE_NOTE}"', BOB)
    await core.deliver()
    return request.id or 0


def _export_text(reply_files: list[bytes]) -> str:
    out = []
    for content in reply_files:
        if content[:2] == b"PK":
            with zipfile.ZipFile(BytesIO(content)) as archive:
                out += [archive.read(n).decode() for n in archive.namelist()]
        else:
            out.append(content.decode())
    return "\n".join(out)


async def _exported(core: CoreHarness, who: object) -> str:
    reply = await core.dispatcher.run_text(who, "inroads export")  # type: ignore[arg-type]
    return _export_text([a.content for a in reply.attachments])


async def test_a_third_member_and_the_admin_never_see_the_texts(core: CoreHarness) -> None:
    rid = await _story(core)
    for who in (CAROL, ERIN):
        for line in (
            "people requests",
            f"people answer {rid} accept",
            f"people answer {rid} decline",
            f"people cancel {rid}",
            f"people send {rid}",
            f"people edit {rid}",
            f"people agree {rid}",
            "people find",
            "people admin",
            "mentor stats",
        ):
            reply = await core.dispatcher.run_text(who, line)
            said = everything_said(reply)
            assert SECRET_REASON not in said, (who, line)
            assert PRIVATE_NOTE not in said, (who, line)
        assert SECRET_REASON not in await _exported(core, who)
    # Carol's attempts changed nothing.
    assert latest(core, ALICE, BOB).status == "declined"


async def test_the_seeker_never_sees_the_helpers_note_and_the_helper_keeps_it(
    core: CoreHarness,
) -> None:
    await _story(core)
    for message in to(core, ALICE):
        assert PRIVATE_NOTE not in everything_said(message.reply)
    assert PRIVATE_NOTE not in await core.say("people requests")
    alice_export = await _exported(core, ALICE)
    assert SECRET_REASON in alice_export  # her own words are hers to take
    assert PRIVATE_NOTE not in alice_export
    bob_export = await _exported(core, BOB)
    assert PRIVATE_NOTE in bob_export
    assert "I'm Alice Ng" in bob_export  # the request he received


async def test_the_admin_view_is_counts_only_with_a_csv(core: CoreHarness) -> None:
    await _story(core)
    reply = await core.dispatcher.run_text(ERIN, "people admin")
    fields = {f.label: f.value for f in reply.fields}
    assert fields["Members in the directory"] == "2"
    assert fields["Requests sent"] == "1"
    assert fields["Declined"] == "1"
    assert fields["Median time to an answer"] == "0.0 h"
    [csv_file] = reply.attachments
    rows = csv_file.content.decode().splitlines()
    assert rows[0] == "metric,value,as_of"
    assert any(r.startswith("requests_declined,1,") for r in rows)
    said = everything_said(reply)
    for name in ("alice", "bob", "carol", "Alice", "Acme"):
        assert name not in said
    refused = await core.say("people admin", CAROL)
    assert "admin" in refused.lower()
    assert "Requests sent" not in refused


async def test_an_erased_seeker_is_a_member_to_the_helper_and_their_words_go(
    core: CoreHarness,
) -> None:
    await setup(core, BOB, CAROL)
    helped = await ask_and_send(core, reason=SECRET_REASON)
    await core.say(f"people answer {helped.id} accept", BOB)
    await ask_and_send(core, CAROL, reason=SECRET_REASON)  # still waiting on Carol
    await core.say("inroads forget-me confirm:yes", ALICE)
    rows = core.uow.store.table("conversation_requests")
    assert {r.seeker_id for r in rows} == {FORGOTTEN_ID}
    assert SECRET_REASON not in json.dumps([vars(r) for r in rows], default=str)
    assert [r.status for r in rows] == ["accepted", "cancelled"]
    await core.deliver()
    listing = await core.say("people requests", BOB)
    assert "from a member: you helped" in listing
    assert to(core, CAROL) == []  # her request never reached Carol: its seeker is gone
    for message in core.notifier.sent:  # the intro was dropped too
        assert "@alice" not in message.reply.plain_text()


async def test_an_erased_helper_closes_kindly_and_is_a_member_to_the_seeker(
    core: CoreHarness,
) -> None:
    await setup(core, BOB, CAROL)
    await ask_and_send(core, reason=SECRET_REASON)
    await core.say("inroads forget-me confirm:yes", BOB)
    [row] = core.uow.store.table("conversation_requests")
    assert row.helper_id == FORGOTTEN_ID
    assert row.status == "expired"
    await core.deliver()
    [news] = to(core, ALICE)
    assert "a member" in news.reply.text
    assert "@bob" not in everything_said(news.reply)
    assert "to a member: expired" in await core.say("people requests")
