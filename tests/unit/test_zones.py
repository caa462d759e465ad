"""The shared zone learner (adapters/zones.py): a connector's profile zone is saved on
first contact only while the person has the default, a failed lookup is tried again
later, and a zone that is no IANA name is ignored."""

from __future__ import annotations

from adapters.zones import ZoneLearner, ZoneUnavailable, save_zone
from tests.conftest import ALICE, BOB, CoreHarness


async def _zone(core: CoreHarness, who: object = ALICE) -> tuple[str, str]:
    async with core.dispatcher.services.uow() as uow:
        prefs = await uow.settings.get_or_default(who)  # type: ignore[arg-type]
    return prefs.timezone, prefs.timezone_source


async def test_first_contact_saves_the_profile_zone_once(core: CoreHarness) -> None:
    learner = ZoneLearner(core.dispatcher.services, source="testchat")
    asked: list[str] = []

    async def lookup() -> str | None:
        asked.append("asked")
        return "Europe/Paris"

    await learner.first_contact(ALICE, lookup)
    await learner.first_contact(ALICE, lookup)
    assert await _zone(core) == ("Europe/Paris", "testchat")
    assert asked == ["asked"]


async def test_a_zone_they_set_is_kept(core: CoreHarness) -> None:
    await core.say("checkin settings timezone:Asia/Tokyo")
    learner = ZoneLearner(core.dispatcher.services, source="testchat")

    async def lookup() -> str | None:
        return "Europe/Paris"

    await learner.first_contact(ALICE, lookup)
    assert (await _zone(core))[0] == "Asia/Tokyo"
    assert not await save_zone(core.dispatcher.services, ALICE, "Europe/Paris", "machine")


async def test_a_failed_lookup_is_tried_again_and_nonsense_ignored(core: CoreHarness) -> None:
    learner = ZoneLearner(core.dispatcher.services, source="testchat")
    answers: list[str | None] = ["fail", "Not/AZone"]

    async def lookup() -> str | None:
        answer = answers.pop(0)
        if answer == "fail":
            raise ZoneUnavailable("rate limited")
        return answer

    await learner.first_contact(BOB, lookup)  # failed: forgotten, asked again
    await learner.first_contact(BOB, lookup)  # not a zone: nothing saved
    assert (await _zone(core, BOB))[1] == "default"
    assert answers == []
