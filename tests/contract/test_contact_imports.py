"""Contact import batches and bulk writes: the same scope and answers from the fakes and
from SQL (the import tests trust the fake for what undo may remove)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from bot.domain import ActionItem, Actor, Outcome
from bot.ports import UnitOfWorkFactory
from bot.ports.imports import ContactImport, ImportStatus, NewContact
from tests.contract.conftest import (
    COLLEAGUE,
    EVERYONE,
    ME,
    NOW,
    contact,
    interview,
    reminder,
    store,
)


def batch(owner: Actor, rows: list[dict[str, Any]] | None = None) -> ContactImport:
    return ContactImport(
        owner.platform,
        owner.workspace_id,
        owner.user_id,
        ImportStatus.STAGED.value,
        "vCard",
        rows=rows or [],
        created_at=NOW,
    )


async def test_bulk_adds_fills_and_removes_stay_with_their_owner(uows: UnitOfWorkFactory) -> None:
    async with uows() as uow:
        mine = await uow.contact_imports.add_contacts(
            ME, [NewContact("Ann Lee", company="Globex", links="ann@globex.example"),
                 NewContact("Bo Chen")], now=NOW,
        )  # fmt: skip
        theirs = await uow.contact_imports.add_contacts(COLLEAGUE, [NewContact("Ann Lee")], now=NOW)
        await uow.commit()
    assert len(mine) == 2
    assert len(theirs) == 1
    async with uows() as uow:
        details = {d.name: d for d in await uow.contact_imports.details(ME)}
        assert sorted(details) == ["Ann Lee", "Bo Chen"]
        assert (details["Ann Lee"].company, details["Ann Lee"].links) == (
            "Globex",
            "ann@globex.example",
        )
        # A fill names the colleague's id too: only mine change.
        await uow.contact_imports.fill(
            ME, [(mine[1], {"role": "CTO", "company": "Initech"}), (theirs[0], {"role": "X"})]
        )
        await uow.commit()
    async with uows() as uow:
        bo = await uow.contacts.get(ME, mine[1])
        assert bo is not None
        assert (bo.role, bo.company) == ("CTO", "Initech")
        assert bo.created_at == NOW
        other = await uow.contacts.get(COLLEAGUE, theirs[0])
        assert other is not None
        assert other.role == ""
        await uow.contact_imports.remove_contacts(ME, [*mine, *theirs])
        await uow.commit()
    async with uows() as uow:
        assert await uow.contacts.list(ME) == []
        assert [c.id for c in await uow.contacts.list(COLLEAGUE)] == theirs


async def test_removable_leaves_out_whoever_has_something_of_the_persons_own(
    uows: UnitOfWorkFactory,
) -> None:
    people = await store(
        uows, *(contact(ME, name) for name in ("Free", "Talked", "Nudged", "Came of it",
                                                "To do", "Referrer", "Free too")),
    )  # fmt: skip
    free, talked, nudged, came, todo, referrer, free_too = people
    [theirs] = await store(uows, contact(COLLEAGUE, "Not mine"))
    await store(
        uows,
        interview(ME, talked, status="held"),
        reminder(ME, NOW + timedelta(days=1), contact_id=nudged, status="pending"),
        Outcome(ME.platform, ME.workspace_id, ME.user_id, "referral", contact_id=came),
        ActionItem(ME.platform, ME.workspace_id, ME.user_id, "Send CV", contact_id=todo),
        contact(ME, "Referred", referred_by_id=referrer),
    )
    own_work = await store(
        uows,
        contact(ME, "Researched", research="Spoke at a panel"),
        contact(ME, "Placed", industry="fintech"),
        contact(ME, "Ranked", seniority="senior"),
        contact(ME, "Member", member_id="U42"),
        contact(ME, "Spoken", last_interaction_at=NOW),
        contact(ME, "Quiet", keep_in_touch=False),
    )
    async with uows() as uow:
        asked = [*people, *own_work, theirs, 2**40]
        removable = await uow.contact_imports.removable(ME, asked)
    assert removable == [free, free_too]


async def test_one_staged_batch_per_person_and_expiry(uows: UnitOfWorkFactory) -> None:
    async with uows() as uow:
        first = await uow.contact_imports.stage(batch(ME, rows=[{"line": 2, "name": "A"}]))
        for owner in EVERYONE[1:]:
            await uow.contact_imports.stage(batch(owner))
        await uow.commit()
    async with uows() as uow:
        second = await uow.contact_imports.stage(batch(ME, rows=[{"line": 3, "name": "B"}]))
        await uow.commit()
    async with uows() as uow:
        repo = uow.contact_imports
        # Numbers are each person's own, and a replaced batch's number is never reused.
        assert (first.number, second.number) == (1, 2)
        assert await repo.by_number(ME, 1) is None  # replaced by the newer upload
        got = await repo.latest(ME, ImportStatus.STAGED.value)
        assert got is not None
        assert (got.id, got.number, got.rows) == (second.id, 2, [{"line": 3, "name": "B"}])
        theirs = await repo.by_number(COLLEAGUE, 1)
        assert theirs is not None
        assert theirs.user_id == COLLEAGUE.user_id
        assert await repo.by_number(COLLEAGUE, 2) is None
        got.status, got.rows, got.added_ids, got.applied_at = "applied", [], [7, 8], NOW
        got.changes = [{"id": 7, "before": {"role": ""}, "after": {"role": "CTO"}}]
        await repo.save(got)
        await uow.commit()
    async with uows() as uow:
        repo = uow.contact_imports
        applied = await repo.latest(ME, ImportStatus.APPLIED.value)
        assert applied is not None
        assert applied.added_ids == [7, 8]
        assert applied.changes[0]["after"] == {"role": "CTO"}
        assert await repo.latest(ME, ImportStatus.STAGED.value) is None
        await repo.expire(ME, staged_before=NOW + timedelta(days=1), applied_before=NOW)
        await uow.commit()
    async with uows() as uow:
        repo = uow.contact_imports
        assert await repo.latest(ME, ImportStatus.APPLIED.value) is not None  # not old yet
        await repo.expire(ME, staged_before=NOW, applied_before=NOW + timedelta(seconds=1))
        await uow.commit()
    async with uows() as uow:
        assert await uow.contact_imports.latest(ME, ImportStatus.APPLIED.value) is None
        assert await uow.contact_imports.latest(COLLEAGUE, ImportStatus.STAGED.value)
