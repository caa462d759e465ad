"""Autocomplete suggestions read through the ports: same answers on SQLite and PostgreSQL."""

from __future__ import annotations

from bot.bootstrap import build_services
from bot.domain import Actor
from bot.journal.suggest import suggest_contacts, suggest_interviews
from tests.conftest import CoreHarness

ALICE = Actor("discord", "g1", "u1", "Alice")
BOB = Actor("discord", "g1", "u2", "Bob")
ALICE_ELSEWHERE = Actor("discord", "g2", "u1", "Alice")


async def test_suggestions_are_mine_only_and_match_the_prefix(sql_core: CoreHarness) -> None:
    await sql_core.say('interview log "Jane Doe" company:Acme role:Engineer', ALICE)
    await sql_core.say('interview log "Omar Haddad" company:Globex', ALICE)
    await sql_core.say('interview log "Jane Private" company:Initech', BOB)
    await sql_core.say('interview log "Jane Other" company:Hooli', ALICE_ELSEWHERE)
    svc = build_services(sql_core.uow, clock=sql_core.clock)

    contacts = await suggest_contacts(svc, ALICE, "jan")
    assert contacts == [("Jane Doe (Engineer, Acme)", "Jane Doe")]
    assert {value for _, value in await suggest_contacts(svc, ALICE, "")} == {
        "Jane Doe",
        "Omar Haddad",
    }
    assert [v for _, v in await suggest_contacts(svc, ALICE, "globex")] == ["Omar Haddad"]

    interviews = await suggest_interviews(svc, ALICE, "omar")
    assert len(interviews) == 1
    label, value = interviews[0]
    assert value.isdigit()
    assert label.startswith(f"#{value} Omar Haddad")
    assert await suggest_interviews(svc, BOB, "omar") == []
    assert len(await suggest_contacts(svc, ALICE, "", limit=1)) == 1
