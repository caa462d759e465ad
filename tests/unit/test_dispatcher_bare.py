"""A group's own command answers to the name Discord shows for it, typed anywhere."""

from __future__ import annotations

from tests.conftest import ALICE, CoreHarness


async def test_the_discord_name_of_a_groups_command_works_as_text(core: CoreHarness) -> None:
    """`actions list` was refused with a suggestion to add an item called "list"."""
    await core.say('actions add "Send Jane my CV"')
    listed = await core.dispatcher.run_text(ALICE, "actions list")
    assert not listed.is_error
    assert "Send Jane my CV" in listed.plain_text()
    assert listed.plain_text() == (await core.dispatcher.run_text(ALICE, "actions")).plain_text()
    suggested = await core.dispatcher.run_text(ALICE, "questions suggest role:nurse")
    assert not suggested.is_error
