"""Action items: the same order and scope from the fakes and from SQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.domain import ActionItem, Actor
from bot.ports import UnitOfWorkFactory
from tests.contract.conftest import EVERYONE, ME, NOW, contact, ids_of, interview, store


def item(owner: Actor, text: str, **fields: Any) -> ActionItem:
    return ActionItem(owner.platform, owner.workspace_id, owner.user_id, text, **fields)


async def test_items_are_seen_only_by_their_owner(uows: UnitOfWorkFactory) -> None:
    mine = {}
    for owner in EVERYONE:
        [mine[owner.display_name]] = await store(uows, item(owner, "Send CV"))
    async with uows() as uow:
        for owner in EVERYONE:
            own = mine[owner.display_name]
            assert ids_of(await uow.action_items.list(owner)) == [own]
            for iid in mine.values():
                assert (await uow.action_items.get(owner, iid) is not None) == (iid == own)
        assert await uow.action_items.get(ME, 2**80) is None


async def test_open_first_then_soonest_due_then_oldest(uows: UnitOfWorkFactory) -> None:
    [cid] = await store(uows, contact(ME, "Jane"))
    [iv] = await store(uows, interview(ME, cid))
    ids = await store(
        uows,
        item(ME, "undated", contact_id=cid, interview_id=iv),
        item(ME, "done", done_at=NOW, due_at=NOW),
        item(ME, "later", due_at=NOW + timedelta(days=9), interview_id=iv),
        item(ME, "sooner", due_at=NOW + timedelta(days=1)),
    )
    undated, done, later, sooner = ids
    async with uows() as uow:
        assert ids_of(await uow.action_items.list(ME)) == [sooner, later, undated, done]
        assert ids_of(await uow.action_items.list(ME, interview_id=iv)) == [later, undated]
        assert ids_of(await uow.action_items.list(ME, open_only=True)) == [sooner, later, undated]


async def test_removing_the_contact_takes_its_items(uows: UnitOfWorkFactory) -> None:
    [cid, other] = await store(uows, contact(ME, "Jane"), contact(ME, "Ann"))
    [gone, kept] = await store(
        uows, item(ME, "Thank Jane", contact_id=cid), item(ME, "Ask Ann", contact_id=other)
    )
    async with uows() as uow:
        jane = await uow.contacts.get(ME, cid)
        assert jane is not None
        await uow.contacts.remove(ME, jane)
        await uow.commit()
    async with uows() as uow:
        assert ids_of(await uow.action_items.list(ME)) == [kept]
        assert await uow.action_items.get(ME, gone) is None


async def test_done_mark_and_delete_are_kept(uows: UnitOfWorkFactory) -> None:
    [iid, other] = await store(uows, item(ME, "Learn SQL"), item(ME, "Send CV"))
    async with uows() as uow:
        row = await uow.action_items.get(ME, iid)
        assert row is not None
        row.done_at = NOW
        gone = await uow.action_items.get(ME, other)
        assert gone is not None
        await uow.action_items.delete(gone)
        await uow.commit()
    async with uows() as uow:
        [row] = await uow.action_items.list(ME)
        assert (row.id, row.done_at) == (iid, NOW)
