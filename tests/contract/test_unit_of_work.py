"""What a unit of work promises: only committed changes last, and forget-me erases one
person's rows in every area while keeping the shared history of others."""

from __future__ import annotations

from bot.domain import (
    FORGOTTEN_ID,
    CustomQuestion,
    GroupConfig,
    Match,
    MatchRound,
    Outcome,
    Profile,
    UserSettings,
)
from bot.ports import UnitOfWorkFactory
from tests.contract.conftest import (
    COLLEAGUE,
    EVERYONE,
    ME,
    NOW,
    contact,
    ids_of,
    interview,
    reminder,
    store,
)


async def test_nothing_lasts_without_a_commit(uows: UnitOfWorkFactory) -> None:
    async with uows() as uow:
        await uow.contacts.add(contact(ME, "Jane"))
    async with uows() as uow:
        assert await uow.contacts.list(ME) == []


async def test_changes_after_the_last_commit_are_rolled_back(uows: UnitOfWorkFactory) -> None:
    async with uows() as uow:
        kept = await uow.contacts.add(contact(ME, "Kept"))
        await uow.commit()
        kept.company = "Changed after the commit"
        await uow.contacts.add(contact(ME, "Lost"))
    async with uows() as uow:
        names = [(c.name, c.company) for c in await uow.contacts.list(ME)]
    assert names == [("Kept", "")]


async def test_rollback_undoes_what_the_unit_of_work_did_since_its_commit(
    uows: UnitOfWorkFactory,
) -> None:
    async with uows() as uow:
        await uow.contacts.add(contact(ME, "Kept"))
        await uow.commit()
        await uow.contacts.add(contact(ME, "Undone"))
        await uow.rollback()
        await uow.contacts.add(contact(ME, "After"))
        await uow.commit()
    async with uows() as uow:
        assert [c.name for c in await uow.contacts.list(ME)] == ["After", "Kept"]


async def test_an_object_changed_after_its_unit_of_work_is_not_saved(
    uows: UnitOfWorkFactory,
) -> None:
    written = contact(ME, "Jane", company="Acme")
    [cid] = await store(uows, written)
    async with uows() as uow:
        read = await uow.contacts.get(ME, cid)
    assert read is not None
    written.company = read.company = "Nobody saved this"
    async with uows() as uow:
        again = await uow.contacts.get(ME, cid)
    assert again is not None
    assert again.company == "Acme"


async def test_a_list_replaced_on_a_read_object_is_saved_with_the_next_commit(
    uows: UnitOfWorkFactory,
) -> None:
    """The handlers' rule for JSON lists (storage/mapping.py): assign a new list."""
    [pid] = await store(uows, Profile(ME.platform, ME.workspace_id, ME.user_id, topics=["a"]))
    async with uows() as uow:
        profile = await uow.profiles.get(ME)
        assert profile is not None
        assert profile.id == pid
        profile.topics = [*profile.topics, "b"]
        profile.paused_until = NOW
        await uow.commit()
    async with uows() as uow:
        again = await uow.profiles.get(ME)
    assert again is not None
    assert again.topics == ["a", "b"]
    assert again.paused_until == NOW


async def test_forget_user_erases_one_person_everywhere(uows: UnitOfWorkFactory) -> None:
    rows_each = 0
    for owner in EVERYONE:
        [cid] = await store(uows, contact(owner, "Jane"))
        [iid] = await store(uows, interview(owner, cid))
        mine = (
            reminder(owner, NOW, contact_id=cid),
            Outcome(owner.platform, owner.workspace_id, owner.user_id, "offer", iid, cid),
            CustomQuestion(owner.platform, owner.workspace_id, owner.user_id, "Why?"),
            Profile(owner.platform, owner.workspace_id, owner.user_id),
            UserSettings(owner.platform, owner.workspace_id, owner.user_id, goal="UX"),
        )
        await store(uows, *mine)
        rows_each = 2 + len(mine)
    [group] = await store(
        uows,
        GroupConfig(
            ME.platform,
            ME.workspace_id,
            admin_ids=[ME.user_id, COLLEAGUE.user_id],
            exclusions=[[ME.user_id, "U9"], ["U8", "U9"]],
        ),
    )
    [round_id] = await store(
        uows, MatchRound(ME.platform, ME.workspace_id, unmatched_ids=[ME.user_id, "U9"])
    )
    [match] = await store(
        uows, Match(ME.platform, ME.workspace_id, round_id, ME.user_id, COLLEAGUE.user_id)
    )

    async with uows() as uow:
        assert await uow.forget_user(ME) == rows_each
        await uow.commit()

    async with uows() as uow:
        assert await uow.contacts.list(ME) == []
        assert await uow.interviews.list(ME) == []
        assert await uow.reminders.list(ME) == []
        assert await uow.outcomes.list(ME) == []
        assert await uow.custom_questions.list(ME) == []
        assert await uow.profiles.get(ME) is None
        assert await uow.settings.get(ME) is None
        for owner in EVERYONE[1:]:
            assert len(await uow.contacts.list(owner)) == 1
            assert len(await uow.reminders.list(owner)) == 1
            assert await uow.profiles.get(owner) is not None
            assert await uow.settings.get(owner) is not None
        shared = await uow.matches.get(ME.platform, ME.workspace_id, match)
        assert shared is not None
        assert (shared.mentor_id, shared.seeker_id) == (FORGOTTEN_ID, COLLEAGUE.user_id)
        config = await uow.groups.get(ME.platform, ME.workspace_id)
        assert config is not None
        assert config.id == group
        assert config.admin_ids == [COLLEAGUE.user_id]
        assert config.exclusions == [["U8", "U9"]]
        rnd = await uow.matches.get_round(ME.platform, ME.workspace_id, round_id)
        assert rnd is not None
        assert rnd.unmatched_ids == [FORGOTTEN_ID, "U9"]
        assert ids_of(await uow.matches.list_for_member(COLLEAGUE)) == [match]
        assert await uow.matches.list_for_member(ME) == []
