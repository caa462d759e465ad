"""Research notes and ticked checklist items survive a round trip through SQLite and
PostgreSQL (contacts.research is text, contacts.research_done a JSON list)."""

from __future__ import annotations

from tests.conftest import ALICE, BOB, CoreHarness


async def test_research_and_ticks_are_stored(sql_core: CoreHarness) -> None:
    await sql_core.say('contact add "Dana Lee" company:FreshMart role:"Category Manager"')
    await sql_core.say('contact research "Dana Lee" "Spoke on a sourcing panel in May"')
    await sql_core.say('contact research "Dana Lee" "FreshMart opened two stores"')
    said = await sql_core.say('interview prep "Dana Lee" done:role,company')
    assert "Ticked: role, company." in said
    async with sql_core.uow() as uow:
        [dana] = await uow.contacts.find_by_name(ALICE, "Dana Lee")
        assert dana.research.splitlines() == [
            "22 Nov 2026: Spoke on a sourcing panel in May",
            "22 Nov 2026: FreshMart opened two stores",
        ]
        assert dana.research_done == ["role", "company"]
        assert await uow.contacts.find_by_name(BOB, "Dana Lee") == []
    again = await sql_core.say('interview prep "Dana Lee"')
    assert "✓ Their path (role):" in again
    assert "☐ Your two sentences (pitch):" in again
    assert "What you found" in again
    await sql_core.say('contact research "Dana Lee" clear:yes')
    async with sql_core.uow() as uow:
        [dana] = await uow.contacts.find_by_name(ALICE, "Dana Lee")
        assert dana.research == ""
        assert dana.research_done == ["role", "company"]
