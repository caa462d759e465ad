"""The reminders outbox: people's own lists, and the dispatcher's claim and settle."""

from __future__ import annotations

from datetime import timedelta

from bot.domain import Actor, ReminderStatus
from bot.ports import UnitOfWorkFactory
from bot.ports.reminders import ClaimLimits, Settlement
from tests.contract.conftest import (
    COLLEAGUE,
    ELSEWHERE,
    EVERYONE,
    ME,
    NOW,
    contact,
    ids_of,
    interview,
    reminder,
    store,
)

MINUTE = timedelta(minutes=1)
PENDING = ReminderStatus.PENDING.value
CLAIMED = ReminderStatus.CLAIMED.value
SENT = ReminderStatus.SENT.value


async def claim(
    uows: UnitOfWorkFactory,
    limit: int = 10,
    *,
    token: str = "t1",
    owner: Actor | None = None,
    limits: ClaimLimits | None = None,
) -> list[int]:
    async with uows() as uow:
        claimed = await uow.reminders.claim_due(
            NOW, limit=limit, lease_seconds=60, token=token, owner=owner, limits=limits
        )
        await uow.commit()
    return ids_of(claimed)


async def test_reminders_are_listed_soonest_first_for_their_owner_only(
    uows: UnitOfWorkFactory,
) -> None:
    mine: dict[str, list[int]] = {}
    for owner in EVERYONE:
        [cid] = await store(uows, contact(owner, "Jane"))
        [iid] = await store(uows, interview(owner, cid))
        mine[owner.display_name] = await store(
            uows,
            reminder(owner, NOW + 2 * MINUTE, contact_id=cid),
            reminder(owner, NOW, interview_id=iid, status=SENT),
            reminder(owner, NOW + 2 * MINUTE),  # same time: the lower id first
        )
    async with uows() as uow:
        for owner in EVERYONE:
            later, sent, same_time = mine[owner.display_name]
            assert ids_of(await uow.reminders.list(owner)) == [sent, later, same_time]
            assert ids_of(await uow.reminders.list(owner, statuses=[PENDING])) == [
                later,
                same_time,
            ]
            assert await uow.reminders.list(owner, statuses=[]) == []
            [cid] = ids_of(await uow.contacts.list(owner))
            assert ids_of(await uow.reminders.list_for_contact(owner, cid)) == [later]
            [iid] = ids_of(await uow.interviews.list(owner))
            assert ids_of(await uow.reminders.list_for_interview(owner, iid)) == [sent]
            for other in EVERYONE:
                if other != owner:
                    assert await uow.reminders.get(other, later) is None
                    assert await uow.reminders.list_for_contact(other, cid) == []


async def test_add_all_writes_every_reminder_with_its_id(uows: UnitOfWorkFactory) -> None:
    batch = [reminder(ME, NOW + n * MINUTE, text=f"r{n}") for n in range(5)]
    async with uows() as uow:
        await uow.reminders.add_all(batch)
        await uow.commit()
    assert all(isinstance(r.id, int) for r in batch)
    async with uows() as uow:
        listed = await uow.reminders.list(ME)
    assert [r.text for r in listed] == [f"r{n}" for n in range(5)]
    assert ids_of(listed) == ids_of(batch)


async def test_a_claim_takes_what_is_due_and_counts_an_attempt(uows: UnitOfWorkFactory) -> None:
    due, deferred_past, expired = await store(
        uows,
        reminder(ME, NOW - MINUTE),
        reminder(ME, NOW - 5 * MINUTE, not_before=NOW - MINUTE),
        reminder(ME, NOW - 9 * MINUTE, status=CLAIMED, claim_token="x", claimed_until=NOW - MINUTE),
    )
    await store(
        uows,
        reminder(ME, NOW + MINUTE),  # not yet due
        reminder(ME, NOW - MINUTE, not_before=NOW + MINUTE),  # deferred
        reminder(ME, NOW - MINUTE, status=CLAIMED, claim_token="x", claimed_until=NOW + MINUTE),
        reminder(ME, NOW - MINUTE, status=SENT),
        reminder(ME, NOW - MINUTE, status=ReminderStatus.FAILED.value),
    )
    assert await claim(uows) == [expired, deferred_past, due]
    async with uows() as uow:
        for rid in (due, deferred_past, expired):
            row = await uow.reminders.get(ME, rid)
            assert row is not None
            assert (row.status, row.claim_token) == (CLAIMED, "t1")
            assert row.claimed_until == NOW + timedelta(seconds=60)
            assert row.attempts == 1
    assert await claim(uows, token="t2") == []  # nobody takes a row twice


async def test_a_claim_for_one_person_takes_only_theirs(uows: UnitOfWorkFactory) -> None:
    ids = {o.display_name: await store(uows, reminder(o, NOW - MINUTE)) for o in EVERYONE}
    assert await claim(uows, owner=COLLEAGUE) == ids[COLLEAGUE.display_name]
    limits = ClaimLimits(per_workspace=10, workspaces={("slack", "T1"): 0})
    assert await claim(uows, owner=ME, limits=limits) == []  # its workspace has no room
    assert await claim(uows, owner=ME) == ids[ME.display_name]
    left = sorted(ids[ELSEWHERE.display_name] + ids["Me on Discord"])
    assert sorted(await claim(uows)) == left


async def test_a_backlog_never_hides_another_workspaces_check_in(
    uows: UnitOfWorkFactory,
) -> None:
    backlog = await store(uows, *(reminder(ME, NOW - (60 - n) * MINUTE) for n in range(6)))
    [fresh] = await store(uows, reminder(ELSEWHERE, NOW - MINUTE))
    assert await claim(uows, limit=2) == [backlog[0], fresh]
    # Round-robin: one each per lap, so with room for three the next is the backlog's.
    assert await claim(uows, limit=3, token="t2") == backlog[1:4]


async def test_a_colleagues_fresh_check_in_goes_before_my_backlog(
    uows: UnitOfWorkFactory,
) -> None:
    backlog = await store(uows, *(reminder(ME, NOW - (60 - n) * MINUTE) for n in range(4)))
    [fresh] = await store(uows, reminder(COLLEAGUE, NOW - MINUTE))
    assert await claim(uows, limit=2) == [backlog[0], fresh]


async def test_claim_limits_skip_a_full_workspace_and_cap_a_busy_one(
    uows: UnitOfWorkFactory,
) -> None:
    here = await store(uows, *(reminder(ME, NOW - n * MINUTE) for n in (3, 2, 1)))
    there = await store(uows, *(reminder(ELSEWHERE, NOW - n * MINUTE) for n in (3, 2, 1)))
    limits = ClaimLimits(per_workspace=10, workspaces={("slack", "T1"): 0, ("slack", "T2"): 2})
    assert await claim(uows, limits=limits) == there[:2]
    async with uows() as uow:
        untouched = await uow.reminders.list(ME)
    assert [(r.status, r.attempts) for r in untouched] == [(PENDING, 0)] * 3
    assert ids_of(untouched) == here


async def test_settle_applies_only_to_rows_still_claimed_by_the_token(
    uows: UnitOfWorkFactory,
) -> None:
    sent, retry, mine_untaken = await store(
        uows, reminder(ME, NOW - MINUTE), reminder(ME, NOW - MINUTE), reminder(ME, NOW + MINUTE)
    )
    assert await claim(uows) == [sent, retry]
    results = [
        Settlement(sent, SENT, sent_at=NOW, late=True, message_ref="m-1"),
        Settlement(retry, PENDING, last_error="x" * 600, not_before=NOW + MINUTE),
        Settlement(mine_untaken, SENT, sent_at=NOW),
    ]
    async with uows() as uow:
        assert await uow.reminders.settle("someone-else", results) == set()
        assert await uow.reminders.settle("t1", results) == {sent, retry}
        await uow.commit()
    async with uows() as uow:
        done = await uow.reminders.get(ME, sent)
        again = await uow.reminders.get(ME, retry)
        waiting = await uow.reminders.get(ME, mine_untaken)
        assert await uow.reminders.settle("t1", results) == set()  # already settled
    assert done is not None
    assert again is not None
    assert waiting is not None
    assert (done.status, done.sent_at, done.late, done.message_ref) == (SENT, NOW, True, "m-1")
    assert (done.claim_token, done.claimed_until, done.attempts) == (None, None, 1)
    assert (again.status, again.not_before, again.attempts) == (PENDING, NOW + MINUTE, 1)
    assert again.last_error == "x" * 500
    assert (waiting.status, waiting.sent_at) == (PENDING, None)


async def test_a_settlement_can_hand_back_the_attempt(uows: UnitOfWorkFactory) -> None:
    [rid] = await store(uows, reminder(ME, NOW - MINUTE))
    assert await claim(uows) == [rid]
    async with uows() as uow:
        await uow.reminders.settle("t1", [Settlement(rid, PENDING, attempts_delta=-1)])
        await uow.commit()
    async with uows() as uow:
        row = await uow.reminders.get(ME, rid)
    assert row is not None
    assert (row.status, row.attempts, row.claim_token) == (PENDING, 0, None)


async def test_pending_due_and_release_deferred_are_the_owners_only(
    uows: UnitOfWorkFactory,
) -> None:
    for owner in EVERYONE:
        await store(
            uows,
            reminder(owner, NOW - MINUTE, not_before=NOW + MINUTE),
            reminder(owner, NOW + MINUTE),
            reminder(owner, NOW + 9 * MINUTE),
            reminder(owner, NOW - MINUTE, status=SENT),
        )
    async with uows() as uow:
        due = await uow.reminders.pending_due(ME, before=NOW + 5 * MINUTE)
        assert sorted(when for _, when in due) == [NOW - MINUTE, NOW + MINUTE]
        mine = set(ids_of(await uow.reminders.list(ME)))
        assert {rid for rid, _ in due} <= mine
        assert await uow.reminders.release_deferred(ME) == 1
        await uow.commit()
    async with uows() as uow:
        for owner in EVERYONE:
            deferred = [r.not_before for r in await uow.reminders.list(owner) if r.not_before]
            assert deferred == ([] if owner == ME else [NOW + MINUTE])
