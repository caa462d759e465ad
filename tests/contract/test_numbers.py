"""Per-person numbers (issue 15 §7): the fakes, SQLite and PostgreSQL number alike.

Every owner counts each kind of record from 1, a deleted number is never handed out
again, a batch is numbered in the order it was written, a rolled-back number is free
again (the counter rolls back with the rows), `by_number` finds only the owner's own
row, and forget-me takes the counters with the rest: coming back starts at #1.
"""

from __future__ import annotations

from typing import Any

from bot.domain import ActionItem, Actor, CustomQuestion
from bot.ports import UnitOfWork, UnitOfWorkFactory
from tests.contract.conftest import EVERYONE, ME, NOW, contact, interview, reminder, store


def item(owner: Actor, text: str) -> ActionItem:
    return ActionItem(owner.platform, owner.workspace_id, owner.user_id, text)


def question(owner: Actor, text: str) -> CustomQuestion:
    return CustomQuestion(owner.platform, owner.workspace_id, owner.user_id, text)


async def _one_of_each(uows: UnitOfWorkFactory, owner: Actor) -> list[Any]:
    """A contact, an interview, a check-in, an action item and a question for `owner`."""
    person = contact(owner, "Jane Doe")
    [cid] = await store(uows, person)
    rows = [
        interview(owner, cid),
        reminder(owner, NOW),
        item(owner, "Send CV"),
        question(owner, "Why?"),
    ]
    await store(uows, *rows)
    return [person, *rows]


def _finders(uow: UnitOfWork) -> list[Any]:
    return [
        uow.contacts.by_number,
        uow.interviews.by_number,
        uow.reminders.by_number,
        uow.action_items.by_number,
        uow.custom_questions.by_number,
    ]


async def test_everyone_starts_at_one_and_finds_only_their_own(uows: UnitOfWorkFactory) -> None:
    made = {owner: await _one_of_each(uows, owner) for owner in EVERYONE}
    for rows in made.values():
        assert [row.number for row in rows] == [1, 1, 1, 1, 1]
    async with uows() as uow:
        for owner, rows in made.items():
            for find, row in zip(_finders(uow), rows, strict=True):
                found = await find(owner, 1)
                assert found is not None
                assert found.id == row.id  # never someone else's #1
                assert await find(owner, 2) is None
                assert await find(owner, 2**80) is None


async def test_a_deleted_number_is_never_handed_out_again(uows: UnitOfWorkFactory) -> None:
    [cid] = await store(uows, contact(ME, "Jane Doe"))
    first, second = interview(ME, cid), interview(ME, cid)
    await store(uows, first, second)
    assert (first.number, second.number) == (1, 2)
    async with uows() as uow:
        found = await uow.interviews.by_number(ME, 2)
        assert found is not None
        await uow.interviews.delete(found)
        await uow.commit()
    third = interview(ME, cid)
    await store(uows, third)
    assert third.number == 3
    async with uows() as uow:
        assert await uow.interviews.by_number(ME, 2) is None


async def test_a_batch_is_numbered_in_order_and_a_rollback_frees_its_numbers(
    uows: UnitOfWorkFactory,
) -> None:
    async with uows() as uow:
        batch = [reminder(ME, NOW, text=f"r{n}") for n in range(3)]
        await uow.reminders.add_all(batch)
        await uow.rollback()
    kept = [reminder(ME, NOW, text=f"k{n}") for n in range(3)]
    async with uows() as uow:
        await uow.reminders.add_all(kept)
        await uow.commit()
    assert [r.number for r in kept] == [1, 2, 3]
    async with uows() as uow:
        found = await uow.reminders.by_number(ME, 3)
        assert found is not None
        assert found.text == "k2"


async def test_forget_me_erases_the_counters(uows: UnitOfWorkFactory) -> None:
    await _one_of_each(uows, ME)
    await _one_of_each(uows, ME)
    others = [await _one_of_each(uows, owner) for owner in EVERYONE if owner != ME]
    async with uows() as uow:
        await uow.forget_user(ME)
        await uow.commit()
    again = await _one_of_each(uows, ME)
    assert [row.number for row in again] == [1, 1, 1, 1, 1]
    # Nobody else's counting moved.
    for owner, rows in zip([o for o in EVERYONE if o != ME], others, strict=True):
        later = await _one_of_each(uows, owner)
        assert [row.number for row in later] == [2, 2, 2, 2, 2], owner
        assert [row.number for row in rows] == [1, 1, 1, 1, 1]
