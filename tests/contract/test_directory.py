"""The directory's search index and search: the same answers from fakes, SQLite, PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain import Actor, Profile
from bot.ports import UnitOfWorkFactory
from bot.ports.directory import DirectoryQuery, TermFilter
from storage.repositories import directory as directory_storage
from tests.contract.conftest import COLLEAGUE, EVERYONE, ME, NOW

SEEKER = Actor("slack", "T1", "S1", "Seeker")


def listed(owner: Actor, rank: int, **fields: object) -> Profile:
    return Profile(
        owner.platform,
        owner.workspace_id,
        owner.user_id,
        listed_at=NOW,
        listing_rank=rank,
        in_matching=False,
        **fields,  # type: ignore[arg-type]
    )


async def _list(uows: UnitOfWorkFactory, *rows: tuple[Profile, set[tuple[str, str]]]) -> None:
    async with uows() as uow:
        for profile, terms in rows:
            await uow.profiles.save(profile)
            await uow.directory.index(profile, terms)
        await uow.commit()


def query(
    *filters: TermFilter, start: int = 0, limit: int = 50, seeker: str = "S1"
) -> DirectoryQuery:
    return DirectoryQuery("slack", "T1", seeker, tuple(filters), NOW, start, limit)


def users(hits: object) -> list[str]:
    return [h.profile.user_id for h in hits]  # type: ignore[attr-defined]


GROCERY = {("field", "grocery-retail"), ("school", "leeds"), ("word", "pricing")}


async def test_search_is_scoped_filtered_and_in_rotation_order(uows: UnitOfWorkFactory) -> None:
    await _list(
        uows,
        *((listed(who, 100 + n), GROCERY) for n, who in enumerate(EVERYONE)),
        (listed(Actor("slack", "T1", "U3"), 50), {("field", "fintech")}),
        (listed(SEEKER, 10), GROCERY),
    )
    async with uows() as uow:
        await uow.profiles.save(Profile("slack", "T1", "U9", listing_rank=1))  # not listed
        await uow.commit()
    async with uows() as uow:
        # Not the same user in another workspace or on another platform (both in
        # EVERYONE), never the seeker, never an unlisted row.
        assert users(await uow.directory.search(query())) == ["U3", "U1", "U2"]
        grocery = TermFilter("field", frozenset({"grocery-retail", "bakery"}))
        assert users(await uow.directory.search(query(grocery))) == ["U1", "U2"]
        leeds = TermFilter("school", frozenset({"leeds"}))
        york = TermFilter("school", frozenset({"york"}))
        assert users(await uow.directory.search(query(grocery, leeds))) == ["U1", "U2"]
        assert users(await uow.directory.search(query(grocery, york))) == []
        # Rotation: from `start`, then wrapping round to the lowest ranks; `limit` holds.
        assert users(await uow.directory.search(query(start=101))) == ["U2", "U3", "U1"]
        assert users(await uow.directory.search(query(start=101, limit=2))) == ["U2", "U3"]
        mine = await uow.directory.search(query(seeker="U2"))
        assert users(mine) == ["S1", "U3", "U1"]
        assert all(h.requests_this_month == 0 for h in mine)


async def test_paused_members_are_hidden_until_the_pause_ends(uows: UnitOfWorkFactory) -> None:
    await _list(
        uows,
        (listed(ME, 1, listing_paused_until=NOW + timedelta(days=1)), GROCERY),
        (listed(COLLEAGUE, 2, listing_paused_until=NOW - timedelta(days=1)), GROCERY),
    )
    async with uows() as uow:
        assert users(await uow.directory.search(query())) == ["U2"]


async def test_reindex_replaces_unindex_and_delete_remove(uows: UnitOfWorkFactory) -> None:
    profile = listed(ME, 1)
    await _list(uows, (profile, GROCERY), (listed(COLLEAGUE, 2), GROCERY))
    async with uows() as uow:
        mine = await uow.profiles.get(ME)
        assert mine is not None
        await uow.directory.index(mine, {("field", "fintech")})
        await uow.commit()
    grocery = TermFilter("field", frozenset({"grocery-retail"}))
    fintech = TermFilter("field", frozenset({"fintech"}))
    async with uows() as uow:
        assert users(await uow.directory.search(query(grocery))) == ["U2"]
        assert users(await uow.directory.search(query(fintech))) == ["U1"]
        await uow.directory.unindex(ME)
        await uow.commit()
    async with uows() as uow:
        assert users(await uow.directory.search(query(fintech))) == []
        colleague = await uow.profiles.get(COLLEAGUE)
        assert colleague is not None
        await uow.profiles.delete(colleague)
        await uow.commit()
    async with uows() as uow:
        assert users(await uow.directory.search(query(grocery))) == []
        assert users(await uow.directory.search(query())) == ["U1"]  # listed, no terms


async def test_forget_user_erases_the_listing_and_its_terms(uows: UnitOfWorkFactory) -> None:
    await _list(uows, (listed(ME, 1), GROCERY), (listed(COLLEAGUE, 2), GROCERY))
    async with uows() as uow:
        await uow.forget_user(ME)
        await uow.commit()
    async with uows() as uow:
        grocery = TermFilter("field", frozenset({"grocery-retail"}))
        assert users(await uow.directory.search(query(grocery))) == ["U2"]
        assert await uow.profiles.get(ME) is None


async def test_a_member_holding_several_wanted_values_comes_once(uows: UnitOfWorkFactory) -> None:
    both = {("field", "grocery-retail"), ("field", "bakery")}
    await _list(uows, (listed(ME, 1), both), (listed(COLLEAGUE, 2), both))
    async with uows() as uow:
        wanted = TermFilter("field", frozenset({"grocery-retail", "bakery"}))
        assert users(await uow.directory.search(query(wanted))) == ["U1", "U2"]
        assert users(await uow.directory.search(query(wanted, limit=1))) == ["U1"]
        assert users(await uow.directory.search(query(wanted, start=2))) == ["U2", "U1"]


async def test_several_filters_walk_the_rarest_in_small_rounds_and_wrap_round(
    uows: UnitOfWorkFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks of two members force many rounds (the SQL search's later rounds, cursor and
    wrap-round); the answer is the same as one pass, in rotation order."""
    monkeypatch.setattr(directory_storage, "FIRST_CHUNK", 2)
    monkeypatch.setattr(directory_storage, "MAX_CHUNK", 2)
    rows = []
    for n in range(12):
        terms = {("school", "leeds"), ("word", "pricing" if n % 3 else "hiring")}
        if n % 2:
            terms |= {("field", "grocery-retail")}
        rows.append((listed(Actor("slack", "T1", f"M{n:02d}"), 10 * n), terms))
    await _list(uows, *rows)
    grocery = TermFilter("field", frozenset({"grocery-retail"}))
    leeds = TermFilter("school", frozenset({"leeds"}))
    pricing = TermFilter("word", frozenset({"pricing", "tea"}))
    async with uows() as uow:
        found = users(await uow.directory.search(query(leeds, pricing, grocery, limit=1)))
        assert found == ["M01"]
        every = users(await uow.directory.search(query(leeds, pricing, grocery, start=55)))
        assert every == ["M07", "M11", "M01", "M05"]
        nobody = TermFilter("field", frozenset({"fintech"}))
        assert users(await uow.directory.search(query(leeds, nobody, grocery))) == []
