"""Conversation requests and blocks: the same answers from the fakes, SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from bot.directory.request_model import (
    ACCEPTED,
    DECLINED,
    EXPIRED,
    NOT_NOW,
    OPEN,
    TIMES,
    ConversationRequest,
    MemberBlock,
    message_key,
)
from bot.domain import FORGOTTEN_ID, Actor, Match, MatchRound, Profile, ReminderKind
from bot.ports import UnitOfWorkFactory
from tests.contract.conftest import COLLEAGUE, ELSEWHERE, ME, NOW, contact, interview, store

HELPER = Actor("slack", "T1", "H1", "Helper")
MONTH = NOW.replace(day=1, hour=0)


def request(
    seeker: Actor, helper_id: str, status: str = OPEN, **fields: Any
) -> ConversationRequest:
    sent = fields.pop("sent_at", NOW)
    return ConversationRequest(
        seeker.platform,
        seeker.workspace_id,
        seeker.user_id,
        helper_id,
        status=status,
        reason="why",
        message="hello",
        created_at=sent,
        sent_at=sent,
        expires_at=sent + timedelta(days=5) if status in (OPEN, TIMES) else None,
        next_check_at=sent + timedelta(days=3) if status in (OPEN, TIMES) else None,
        **fields,
    )


async def add(uows: UnitOfWorkFactory, *rows: ConversationRequest) -> list[int]:
    async with uows() as uow:
        for row in rows:
            await uow.requests.add(row)
        await uow.commit()
    return [r.id or 0 for r in rows]


def ids(rows: Sequence[ConversationRequest]) -> list[int]:
    return [r.id or 0 for r in rows]


async def test_reads_are_scoped_to_the_tenant_and_the_two_people(uows: UnitOfWorkFactory) -> None:
    mine, theirs, elsewhere = await add(
        uows,
        request(ME, "H1"),
        request(COLLEAGUE, "H1", ACCEPTED, answered_at=NOW),
        request(ELSEWHERE, "H1"),
    )
    async with uows() as uow:
        assert (await uow.requests.get("slack", "T1", mine)) is not None
        assert await uow.requests.get("slack", "T2", mine) is None
        assert ids(await uow.requests.list_for(ME)) == [mine]
        assert ids(await uow.requests.list_for(HELPER)) == [theirs, mine]  # newest first
        assert ids(await uow.requests.sent_by(ME, statuses=(OPEN,))) == [mine]
        assert ids(await uow.requests.sent_by(ME, statuses=(ACCEPTED,))) == []
        assert ids(await uow.requests.waiting_for(HELPER)) == [mine]
        assert elsewhere not in ids(await uow.requests.list_for(HELPER))


async def test_charges_count_this_months_accepted_and_the_waiting(
    uows: UnitOfWorkFactory,
) -> None:
    await add(
        uows,
        request(ME, "H1"),
        request(ME, "H1", TIMES),
        request(ME, "H1", ACCEPTED, answered_at=NOW),
        request(ME, "H1", ACCEPTED, answered_at=MONTH - timedelta(days=2)),
        request(ME, "H1", NOT_NOW, answered_at=NOW),
        request(ME, "H1", DECLINED, answered_at=NOW),
        request(ME, "H1", EXPIRED),
        request(ME, "H2", ACCEPTED, answered_at=NOW),
        request(ELSEWHERE, "H1"),
    )
    async with uows() as uow:
        found = await uow.requests.charges("slack", "T1", ["H1", "H2", "H3"], since=MONTH)
    assert dict(found) == {"H1": 3, "H2": 1}


async def test_the_sweep_reminds_once_expires_and_writes_numbered_outbox_rows(
    uows: UnitOfWorkFactory,
) -> None:
    old = NOW - timedelta(days=6)
    fresh, due, stale, answered = await add(
        uows,
        request(ME, "H1", sent_at=NOW),
        request(COLLEAGUE, "H1", sent_at=NOW - timedelta(days=3, hours=1)),
        request(ME, "H2", sent_at=old),
        request(COLLEAGUE, "H3", ACCEPTED, sent_at=old, answered_at=old),
    )
    async with uows() as uow:
        result = await uow.requests.sweep(NOW, limit=100)
        await uow.commit()
    assert (result.reminded, result.expired) == (1, 1)
    async with uows() as uow:
        again = await uow.requests.sweep(NOW, limit=100)
        await uow.commit()
    assert again.total == 0
    async with uows() as uow:
        assert ids(await uow.requests.list_for(HELPER)) == [due, fresh]
        reminded = await uow.requests.get("slack", "T1", due)
        expired = await uow.requests.get("slack", "T1", stale)
        untouched = await uow.requests.get("slack", "T1", fresh)
        settled = await uow.requests.get("slack", "T1", answered)
        assert reminded is not None
        assert reminded.reminded_at == NOW
        assert reminded.status == OPEN
        assert reminded.next_check_at == reminded.expires_at
        assert expired is not None
        assert expired.status == EXPIRED
        assert expired.next_check_at is None
        assert untouched is not None
        assert untouched.reminded_at is None
        assert settled is not None
        assert settled.status == ACCEPTED
        nudges = await uow.reminders.list(Actor("slack", "T1", "H1"))
        news = await uow.reminders.list(ME)
    assert [(r.kind, r.text, r.number) for r in nudges] == [
        (ReminderKind.REQUEST_NUDGE.value, message_key(due), -1)
    ]
    assert [(r.kind, r.text, r.number) for r in news] == [
        (ReminderKind.REQUEST_NEWS.value, message_key(stale, EXPIRED), -1)
    ]


async def test_the_sweep_takes_a_limited_chunk(uows: UnitOfWorkFactory) -> None:
    old = NOW - timedelta(days=6)
    await add(uows, *(request(ME, f"H{n}", sent_at=old) for n in range(5)))
    async with uows() as uow:
        first = await uow.requests.sweep(NOW, limit=3)
        await uow.commit()
    async with uows() as uow:
        second = await uow.requests.sweep(NOW, limit=3)
        await uow.commit()
        numbers = sorted(r.number or 0 for r in await uow.reminders.list(ME))
    assert (first.expired, second.expired) == (3, 2)
    # Messages count down on their own counter, each chunk going on from the last.
    assert numbers == [-5, -4, -3, -2, -1]


async def test_figures_are_counts_only(uows: UnitOfWorkFactory) -> None:
    helper_profile = Profile("slack", "T1", "H1", listed_at=NOW, ask_budget=1, in_matching=False)
    paused = Profile(
        "slack",
        "T1",
        "H2",
        listed_at=NOW,
        listing_paused_until=NOW + timedelta(days=3),
        in_matching=False,
    )
    contact_id = (await store(uows, contact(ME, "Helper"), helper_profile, paused))[0]
    [held_id] = await store(uows, interview(ME, contact_id, status="held"))
    rnd = MatchRound("slack", "T1", status="sent")
    await store(uows, rnd)
    await store(
        uows,
        Match("slack", "T1", rnd.id or 0, "H1", "U1", status="sent", met=True),
        Match("slack", "T1", rnd.id or 0, "H2", "U2", status="sent"),
    )
    later = NOW + timedelta(hours=2)
    await add(
        uows,
        request(ME, "H1", ACCEPTED, answered_at=later, interview_id=held_id),
        request(COLLEAGUE, "H1", ACCEPTED, answered_at=NOW + timedelta(hours=4)),
        request(ME, "H2", DECLINED, answered_at=later),
        request(ME, "H2"),
        ConversationRequest("slack", "T1", "U1", "H2"),  # a draft: never counted
        request(ELSEWHERE, "H1", ACCEPTED, answered_at=later),
    )
    async with uows() as uow:
        mine = await uow.requests.figures("slack", "T1", now=NOW, month_start=MONTH)
        everywhere = await uow.requests.figures(None, None, now=NOW, month_start=MONTH)
    assert dict(mine.statuses) == {ACCEPTED: 2, DECLINED: 1, OPEN: 1}
    assert sorted(mine.answer_seconds) == [7200.0, 7200.0, 14400.0]
    assert sorted(mine.received) == [2, 2]
    assert mine.over_budget == 1  # H1 took two with a budget of one
    assert mine.held == 1
    assert (mine.listed, mine.paused) == (2, 1)
    assert (mine.mentor_intros, mine.mentor_met) == (2, 1)
    assert sum(everywhere.statuses.values()) == 5
    assert sorted(everywhere.received) == [1, 2, 2]


async def test_blocks_are_the_blockers_and_silent(uows: UnitOfWorkFactory) -> None:
    async with uows() as uow:
        assert await uow.requests.block(MemberBlock("slack", "T1", "H1", "U1", NOW))
        assert not await uow.requests.block(MemberBlock("slack", "T1", "H1", "U1", NOW))
        assert await uow.requests.block(MemberBlock("slack", "T2", "H9", "U1", NOW))
        await uow.commit()
    async with uows() as uow:
        assert await uow.requests.blockers_of(ME) == frozenset({"H1"})
        assert await uow.requests.blockers_of(COLLEAGUE) == frozenset()
        assert [b.blocked_id for b in await uow.requests.blocks(HELPER)] == ["U1"]
        assert await uow.requests.unblock(HELPER, "U1")
        assert not await uow.requests.unblock(HELPER, "U1")
        await uow.commit()
    async with uows() as uow:
        assert await uow.requests.blockers_of(ME) == frozenset()


async def test_forget_me_keeps_the_others_history_without_the_leavers_words(
    uows: UnitOfWorkFactory,
) -> None:
    helped, waiting, both = await add(
        uows,
        request(ME, "H1", ACCEPTED, answered_at=NOW),
        request(ME, "H2"),
        request(ME, "H3", DECLINED, answered_at=NOW, decline_note="private"),
    )
    async with uows() as uow:
        await uow.requests.block(MemberBlock("slack", "T1", "U1", "H4", NOW))
        await uow.forget_user(ME)
        await uow.forget_user(Actor("slack", "T1", "H3"))
        await uow.commit()
    async with uows() as uow:
        kept = await uow.requests.get("slack", "T1", helped)
        closed = await uow.requests.get("slack", "T1", waiting)
        assert await uow.requests.get("slack", "T1", both) is None  # nobody's any more
        assert await uow.requests.blocks(ME) == []
    assert kept is not None
    assert kept.seeker_id == FORGOTTEN_ID
    assert (kept.reason, kept.message, kept.status) == ("", "", ACCEPTED)
    assert closed is not None
    assert closed.status == "cancelled"
    assert closed.next_check_at is None


async def test_forgetting_the_helper_blanks_the_name_kept_for_the_seekers_journal(
    uows: UnitOfWorkFactory,
) -> None:
    (offered,) = await add(
        uows, request(ME, "H1", "times", answered_at=NOW, times="Tue 3pm", helper_name="Bo Chen")
    )
    async with uows() as uow:
        stored = await uow.requests.get("slack", "T1", offered)
        assert stored is not None
        assert stored.helper_name == "Bo Chen"
        await uow.forget_user(Actor("slack", "T1", "H1"))
        await uow.commit()
    async with uows() as uow:
        kept = await uow.requests.get("slack", "T1", offered)
    assert kept is not None
    assert (kept.helper_id, kept.helper_name, kept.times) == (FORGOTTEN_ID, "", "")
