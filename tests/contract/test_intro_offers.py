"""Warm-introduction offers and requests: the same answers from fakes, SQLite, PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from bot.directory.request_model import MemberBlock
from bot.domain import Actor, Profile, ReminderKind
from bot.ports import UnitOfWorkFactory
from bot.ports.intros import IntroRequest, IntroStatus
from tests.contract.conftest import COLLEAGUE, ELSEWHERE, EVERYONE, ME, NOW, OTHER_PLATFORM

SEEKER = Actor("slack", "T1", "S1", "Seeker")
PAUSED = Actor("slack", "T1", "U3", "Paused")
UNLISTED = Actor("slack", "T1", "U4", "Unlisted")


def _profile(owner: Actor, rank: int, **more: object) -> Profile:
    return Profile(
        owner.platform,
        owner.workspace_id,
        owner.user_id,
        listed_at=NOW,
        listing_rank=rank,
        in_matching=False,
        **more,  # type: ignore[arg-type]
    )


async def _offer(uows: UnitOfWorkFactory, owner: Actor, *pairs: tuple[str, str]) -> int:
    async with uows() as uow:
        added = await uow.intros.add_offers(owner, list(pairs), NOW)
        await uow.commit()
    return added


async def test_offers_are_per_owner_deduplicated_and_removable(uows: UnitOfWorkFactory) -> None:
    for n, someone in enumerate(EVERYONE):
        await _offer(uows, someone, (f"Company {n}", f"company {n}"))
    assert await _offer(uows, ME, ("Acme Ltd", "acme"), ("ACME", "acme"), ("Globex", "globex")) == 2
    assert await _offer(uows, ME, ("acme", "acme")) == 0
    async with uows() as uow:
        mine = await uow.intros.offers(ME)
        assert [(o.company, o.key) for o in mine] == [
            ("Acme Ltd", "acme"),
            ("Company 0", "company 0"),
            ("Globex", "globex"),
        ]
        assert await uow.intros.remove_offers(ME, ["acme", "nothing"]) == 1
        await uow.commit()
    async with uows() as uow:
        assert [o.key for o in await uow.intros.offers(ME)] == ["company 0", "globex"]
        assert [o.key for o in await uow.intros.offers(COLLEAGUE)] == ["company 3"]
        assert await uow.intros.clear_offers(ME) == 2
        await uow.commit()
    async with uows() as uow:
        assert await uow.intros.offers(ME) == []
        assert len(await uow.intros.offers(ELSEWHERE)) == 1


async def test_introducers_are_listed_unpaused_in_the_workspace_in_rotation_order(
    uows: UnitOfWorkFactory,
) -> None:
    async with uows() as uow:
        await uow.profiles.save(_profile(ME, 50))
        await uow.profiles.save(_profile(COLLEAGUE, 10))
        await uow.profiles.save(_profile(PAUSED, 5, listing_paused_until=NOW + timedelta(days=3)))
        await uow.profiles.save(Profile(UNLISTED.platform, UNLISTED.workspace_id, UNLISTED.user_id))
        await uow.profiles.save(_profile(ELSEWHERE, 1))
        await uow.profiles.save(_profile(OTHER_PLATFORM, 1))
        await uow.profiles.save(_profile(SEEKER, 2))
        await uow.commit()
    for someone in (ME, COLLEAGUE, PAUSED, UNLISTED, ELSEWHERE, OTHER_PLATFORM, SEEKER):
        await _offer(uows, someone, ("Acme", "acme"))
    await _offer(uows, ME, ("Globex", "globex"))
    async with uows() as uow:
        found = await uow.intros.introducers(
            "slack", "T1", "acme", seeker_id=SEEKER.user_id, now=NOW, limit=10
        )
        assert found.total == 2
        assert [p.user_id for p in found.profiles] == [COLLEAGUE.user_id, ME.user_id]
        assert found.company == "Acme"
        first = await uow.intros.introducers(
            "slack", "T1", "acme", seeker_id=SEEKER.user_id, now=NOW, limit=1
        )
        assert (first.total, len(first.profiles)) == (2, 1)
        later = NOW + timedelta(days=4)
        again = await uow.intros.introducers(
            "slack", "T1", "acme", seeker_id=SEEKER.user_id, now=later, limit=10
        )
        assert again.total == 3  # the pause ended
        offered = await uow.intros.offered(
            "slack", "T1", seeker_id=SEEKER.user_id, now=NOW, limit=10
        )
        assert offered == [("acme", "Acme"), ("globex", "Globex")]


async def test_whoever_blocked_the_seeker_is_left_out_of_counts_lists_and_did_you_mean(
    uows: UnitOfWorkFactory,
) -> None:
    """A member who blocked the seeker is neither counted nor listed nor the source of a
    did-you-mean for them; a block elsewhere (another workspace, another platform) or by
    the seeker hides no one, and everyone else still sees the blocker."""
    bystander = Actor("slack", "T1", "U5", "Bystander")
    async with uows() as uow:
        for rank, someone in enumerate((ME, COLLEAGUE, ELSEWHERE, OTHER_PLATFORM)):
            await uow.profiles.save(_profile(someone, rank))
        blocks = [
            (ME, SEEKER.user_id),  # the one that counts
            (Actor("slack", "T2", "U2"), SEEKER.user_id),  # the colleague's id, elsewhere
            (Actor("discord", "T1", "U2"), SEEKER.user_id),  # ... and on another platform
            (SEEKER, COLLEAGUE.user_id),  # the seeker's own block hides nobody from them
        ]
        for blocker, blocked in blocks:
            await uow.requests.block(
                MemberBlock(blocker.platform, blocker.workspace_id, blocker.user_id, blocked, NOW)
            )
        await uow.commit()
    for someone in (ME, COLLEAGUE, ELSEWHERE, OTHER_PLATFORM):
        await _offer(uows, someone, ("Acme", "acme"))
    await _offer(uows, ME, ("Globex", "globex"))
    async with uows() as uow:
        found = await uow.intros.introducers(
            "slack", "T1", "acme", seeker_id=SEEKER.user_id, now=NOW, limit=10
        )
        assert (found.total, [p.user_id for p in found.profiles]) == (1, [COLLEAGUE.user_id])
        none = await uow.intros.introducers(
            "slack", "T1", "globex", seeker_id=SEEKER.user_id, now=NOW, limit=10
        )
        assert (none.total, none.profiles) == (0, [])
        offered = await uow.intros.offered(
            "slack", "T1", seeker_id=SEEKER.user_id, now=NOW, limit=10
        )
        assert offered == [("acme", "Acme")]  # Globex: only the blocker offers it
        seen = await uow.intros.introducers(
            "slack", "T1", "acme", seeker_id=bystander.user_id, now=NOW, limit=10
        )
        assert seen.total == 2
        theirs = await uow.intros.offered(
            "slack", "T1", seeker_id=bystander.user_id, now=NOW, limit=10
        )
        assert theirs == [("acme", "Acme"), ("globex", "Globex")]
        elsewhere = await uow.intros.introducers(
            "slack", "T2", "acme", seeker_id=SEEKER.user_id, now=NOW, limit=10
        )
        assert elsewhere.total == 1  # ELSEWHERE (U1 in T2) blocked no one


def _request(seeker: Actor, member: Actor, key: str, minutes: int) -> IntroRequest:
    return IntroRequest(
        platform=seeker.platform,
        workspace_id=seeker.workspace_id,
        seeker_id=seeker.user_id,
        member_id=member.user_id,
        company=key.title(),
        company_key=key,
        reason="A reason long enough to send",
        created_at=NOW + timedelta(minutes=minutes),
    )


async def test_requests_are_scoped_ordered_and_answered_once(uows: UnitOfWorkFactory) -> None:
    async with uows() as uow:
        first = await uow.intros.add_request(_request(SEEKER, ME, "acme", 0))
        await uow.intros.add_request(_request(SEEKER, COLLEAGUE, "globex", 5))
        await uow.intros.add_request(_request(COLLEAGUE, ME, "globex", 10))
        await uow.commit()
    assert first.id is not None
    async with uows() as uow:
        assert [r.company_key for r in await uow.intros.requests_by(SEEKER)] == ["globex", "acme"]
        waiting = await uow.intros.requests_to(ME, status="open")
        assert [r.seeker_id for r in waiting] == [SEEKER.user_id, COLLEAGUE.user_id]
        assert await uow.intros.get_request("slack", "T2", first.id) is None
        got = await uow.intros.get_request("slack", "T1", first.id)
        assert got is not None
        assert got.reason == "A reason long enough to send"
        assert await uow.intros.answer(got, "accepted", NOW, expected="open")
        assert not await uow.intros.answer(got, "declined", NOW, expected="open")
        await uow.commit()
    async with uows() as uow:
        got = await uow.intros.get_request("slack", "T1", first.id)
        assert got is not None
        assert got.status == IntroStatus.ACCEPTED.value
        assert got.answered_at == NOW
        assert [r.seeker_id for r in await uow.intros.requests_to(ME, status="open")] == [
            COLLEAGUE.user_id
        ]


async def test_forget_me_erases_offers_and_requests_on_both_sides(
    uows: UnitOfWorkFactory,
) -> None:
    await _offer(uows, ME, ("Acme", "acme"))
    await _offer(uows, COLLEAGUE, ("Acme", "acme"))
    async with uows() as uow:
        await uow.intros.add_request(_request(SEEKER, ME, "acme", 0))
        await uow.intros.add_request(_request(ME, COLLEAGUE, "acme", 1))
        await uow.intros.add_request(_request(SEEKER, COLLEAGUE, "acme", 2))
        await uow.commit()
    async with uows() as uow:
        await uow.forget_user(ME)
        await uow.commit()
    async with uows() as uow:
        assert await uow.intros.offers(ME) == []
        assert len(await uow.intros.offers(COLLEAGUE)) == 1
        assert [r.member_id for r in await uow.intros.requests_by(SEEKER)] == [COLLEAGUE.user_id]
        assert await uow.intros.requests_by(ME) == []


def _waiting(seeker: Actor, member: Actor, key: str, *, days_ago: float) -> IntroRequest:
    """An open request made `days_ago`, on the sweep's clock as the command sets it."""
    made = NOW - timedelta(days=days_ago)
    request = _request(seeker, member, key, 0)
    request.created_at = made
    request.expires_at = made + timedelta(days=5)
    request.next_check_at = made + timedelta(days=3)
    return request


async def test_the_sweep_reminds_once_expires_and_writes_numbered_outbox_rows(
    uows: UnitOfWorkFactory,
) -> None:
    async with uows() as uow:
        fresh = await uow.intros.add_request(_waiting(SEEKER, ME, "acme", days_ago=1))
        due = await uow.intros.add_request(_waiting(COLLEAGUE, ME, "acme", days_ago=3.1))
        stale = await uow.intros.add_request(_waiting(SEEKER, COLLEAGUE, "globex", days_ago=6))
        answered = await uow.intros.add_request(_waiting(SEEKER, ME, "initech", days_ago=6))
        elsewhere = await uow.intros.add_request(_waiting(ELSEWHERE, ME, "acme", days_ago=6))
        await uow.commit()
    async with uows() as uow:
        got = await uow.intros.get_request("slack", "T1", answered.id or 0)
        assert got is not None
        assert await uow.intros.answer(got, "declined", NOW, expected="open")
        assert got.next_check_at is None  # answered: off the sweep's clock
        await uow.commit()
    async with uows() as uow:
        result = await uow.intros.sweep(NOW, limit=100)
        await uow.commit()
    assert (result.reminded, result.expired) == (1, 2)
    async with uows() as uow:
        again = await uow.intros.sweep(NOW, limit=100)
        await uow.commit()
    assert again.total == 0
    async with uows() as uow:
        reminded = await uow.intros.get_request("slack", "T1", due.id or 0)
        expired = await uow.intros.get_request("slack", "T1", stale.id or 0)
        untouched = await uow.intros.get_request("slack", "T1", fresh.id or 0)
        declined = await uow.intros.get_request("slack", "T1", answered.id or 0)
        theirs = await uow.intros.get_request("slack", "T2", elsewhere.id or 0)
        nudges = await uow.reminders.list(ME)
        news = await uow.reminders.list(SEEKER)
        other_news = await uow.reminders.list(ELSEWHERE)
    assert reminded is not None
    assert (reminded.status, reminded.reminded_at) == ("open", NOW)
    assert reminded.next_check_at == reminded.expires_at
    assert expired is not None
    assert (expired.status, expired.answered_at, expired.next_check_at) == ("expired", NOW, None)
    assert untouched is not None
    assert (untouched.status, untouched.reminded_at) == ("open", None)
    assert declined is not None
    assert declined.status == "declined"
    assert theirs is not None
    assert theirs.status == "expired"  # every workspace is swept, each row its own
    # A message, not a check-in: it counts down on its own counter (storage/numbering.py).
    assert [(r.kind, r.text, r.number) for r in nudges] == [
        (ReminderKind.INTRO_NUDGE.value, f"intro:{due.id}", -1)
    ]
    assert [(r.kind, r.text, r.number) for r in news] == [
        (ReminderKind.INTRO_ANSWER.value, f"intro:{stale.id}", -1)
    ]
    assert [(r.kind, r.text) for r in other_news] == [
        (ReminderKind.INTRO_ANSWER.value, f"intro:{elsewhere.id}")
    ]


async def test_the_sweep_takes_a_limited_chunk_and_numbers_on(uows: UnitOfWorkFactory) -> None:
    async with uows() as uow:
        for n in range(5):
            member = Actor("slack", "T1", f"M{n}", "Member")
            await uow.intros.add_request(_waiting(SEEKER, member, "acme", days_ago=6))
        await uow.commit()
    async with uows() as uow:
        first = await uow.intros.sweep(NOW, limit=3)
        await uow.commit()
    async with uows() as uow:
        second = await uow.intros.sweep(NOW, limit=3)
        await uow.commit()
        numbers = sorted(r.number or 0 for r in await uow.reminders.list(SEEKER))
    assert (first.expired, second.expired) == (3, 2)
    # Messages count down on their own counter, each chunk going on from the last.
    assert numbers == [-5, -4, -3, -2, -1]
