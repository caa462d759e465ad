"""`people browse` on the in-memory core: three at a time, paging, filters, public only."""

from __future__ import annotations

from bot.domain import Actor
from tests.conftest import ALICE, CoreHarness


async def _members(core: CoreHarness, count: int) -> None:
    for n in range(count):
        who = Actor("console", "w1", f"m{n}", f"M{n}")
        school = "Leeds" if n % 2 else "York"
        line = f'people join role:"analyst" industry:grocery company:"Shop {n}" school:{school} budget:5'
        await core.say(line, who)


async def test_pages_three_at_a_time_with_previous_and_next(core: CoreHarness) -> None:
    await _members(core, 7)
    first = await core.dispatcher.run_text(ALICE, "people browse")
    assert first.sections[0].heading == "Page 1 of 3 (everyone listed)"
    assert len(first.sections[0].lines) == 3
    assert [a.command for a in first.actions] == ["people browse page:2"]
    last = await core.dispatcher.run_text(ALICE, "people browse page:3")
    assert len(last.sections[0].lines) == 1
    assert [a.label for a in last.actions] == ["Previous"]
    seen = {line.split(" — ")[0] for p in (1, 2, 3) for line in (
        await core.dispatcher.run_text(ALICE, f"people browse page:{p}")
    ).sections[0].lines}  # fmt: skip
    assert len(seen) == 7  # every member once across the pages
    assert "Requests a month you accept" not in first.plain_text()
    assert "5" not in " ".join(first.sections[0].lines).replace("Shop 5", "")


async def test_filters_come_from_your_own_listing(core: CoreHarness) -> None:
    await _members(core, 4)
    await core.say("people join industry:grocery school:Leeds")
    reply = await core.dispatcher.run_text(ALICE, "people browse")
    commands = [a.command for a in reply.actions]
    assert "people browse industry:grocery" in commands
    assert "people browse school:Leeds" in commands
    leeds = await core.dispatcher.run_text(ALICE, "people browse school:Leeds")
    assert all("Leeds" in line for line in leeds.sections[0].lines)
    assert len(leeds.sections[0].lines) == 2
    assert "people browse" in [a.command for a in leeds.actions]  # Everyone


async def test_nobody_yet_and_bad_pages_are_friendly(core: CoreHarness) -> None:
    assert "Nobody else is listed" in await core.say("people browse")
    assert "pages run from 1" in await core.say("people browse page:99")
