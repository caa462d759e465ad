"""Mentor matching on real databases (SQLite and PostgreSQL): a full round, the atomic
claim that keeps automatic rounds single, and forget-me's anonymisation."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.domain import FORGOTTEN_ID, Actor, GroupConfig
from bot.mentoring.rounds import run_due_rounds
from storage.uow import SqlUnitOfWorkFactory
from tests.conftest import ALICE, BOB, CoreHarness

DAN = Actor("console", "w1", "dan", "Dan")
ERIN = Actor("console", "w1", "erin", "Erin")


async def setup_group(core: CoreHarness) -> None:
    await core.say("mentor config cadence:14d", ALICE)
    await core.say(
        'mentor join role:both industries:"fintech, health" roles:"product manager" '
        "timezone:Europe/Paris languages:en capacity:2",
        BOB,
    )
    await core.say('mentor seek industries:fintech learning:"payments" goal:switch', DAN)
    await core.say('mentor seek roles:"product manager" timezone:Europe/Madrid', ERIN)


async def test_a_full_round_on_a_real_database(sql_core: CoreHarness) -> None:
    await setup_group(sql_core)
    preview = await sql_core.say("mentor round preview", ALICE)
    assert "Proposed pairs" in preview
    async with sql_core.uow() as uow:
        matches = await uow.matches.list_workspace("console", "w1")
        assert {(m.mentor_id, m.seeker_id) for m in matches} == {("bob", "dan"), ("bob", "erin")}
        erin = next(m for m in matches if m.seeker_id == "erin")
    assert "Dropped" in await sql_core.say(f"mentor round drop {erin.id}", ALICE)
    out = await sql_core.say("mentor round run", ALICE)
    assert "Introductions: 1" in out
    assert "Seekers unmatched: 2" in out  # Erin (dropped) and Bob ("both": no self match)
    async with sql_core.uow() as uow:
        rounds = await uow.matches.latest_round("console", "w1")
        assert rounds is not None
        assert rounds.status == "sent"
        assert sorted(rounds.unmatched_ids) == ["bob", "erin"]
        dan_match = next(
            m for m in await uow.matches.list_workspace("console", "w1") if m.seeker_id == "dan"
        )
        assert dan_match.status == "sent"
        reminders = await uow.reminders.list(DAN)
        assert {(r.kind, r.match_id) for r in reminders} == {
            ("match-follow-up", dan_match.id),
            ("match-intro", dan_match.id),
            ("match-nudge", dan_match.id),  # due in 3 days, dropped if the pair talks
        }
        queued = await uow.reminders.list_round_messages("console", "w1", f"round:{rounds.id}")
        assert sorted((r.kind, r.user_id) for r in queued) == [
            ("match-intro", "dan"),
            ("match-unmatched", "bob"),
            ("match-unmatched", "erin"),
        ]
        profile = await uow.profiles.get(ERIN)
        assert profile is not None
        assert profile.unmatched_rounds == 1
        config = await uow.groups.get("console", "w1")
        assert config is not None
        assert config.last_round_at == sql_core.clock.now()
    assert "Wonderful" in await sql_core.say(f"mentor met {dan_match.number} yes", DAN)
    stats = await sql_core.say("mentor stats", ALICE)
    assert "Meetings held: 1 of 1" in stats


async def test_forget_me_anonymises_matches_on_sql(sql_core: CoreHarness) -> None:
    await setup_group(sql_core)
    await sql_core.say('mentor config exclude:"@dan @erin"', ALICE)
    await sql_core.say("mentor round run", ALICE)
    async with sql_core.uow() as uow:
        await uow.forget_user(DAN)
        await uow.forget_user(ERIN)
        await uow.commit()
    async with sql_core.uow() as uow:
        assert await uow.profiles.get(DAN) is None
        matches = await uow.matches.list_workspace("console", "w1")
        assert matches
        assert {m.seeker_id for m in matches} == {FORGOTTEN_ID}
        assert await uow.matches.list_for_member(DAN) == []
        config = await uow.groups.get("console", "w1")
        assert config is not None
        assert config.exclusions == []
        latest = await uow.matches.latest_round("console", "w1")
        assert latest is not None
        assert "erin" not in latest.unmatched_ids
    assert "Introductions: 2" in await sql_core.say("mentor stats", ALICE)


async def test_only_one_process_claims_a_due_round(sql_uow: SqlUnitOfWorkFactory) -> None:
    async with sql_uow() as uow:
        await uow.groups.save(GroupConfig("console", "w1", auto_run=True, admin_ids=["alice"]))
        await uow.commit()
    from tests.fakes import FixedClock

    now = FixedClock().now()

    async def claim() -> bool:
        async with sql_uow() as uow:
            config = await uow.groups.get("console", "w1")
            assert config is not None
            won = await uow.groups.claim_round(config, due_before=now - timedelta(days=14), now=now)
            await uow.commit()
            return won

    results = [await claim(), await claim()]
    assert results == [True, False]
    later = now + timedelta(days=14)
    async with sql_uow() as uow:
        config = await uow.groups.get("console", "w1")
        assert config is not None
        assert await uow.groups.claim_round(config, due_before=now, now=later)


async def test_automatic_rounds_on_sql(sql_core: CoreHarness) -> None:
    await setup_group(sql_core)
    await sql_core.say("mentor config auto:on", ALICE)
    services = sql_core.dispatcher.services
    first, second = await asyncio.gather(
        run_due_rounds(services, sql_core.clock.now()),
        run_due_rounds(services, sql_core.clock.now()),
    )
    assert first + second == 1
    assert sql_core.notifier.sent == []
    await sql_core.deliver()
    intros = [m for m in sql_core.notifier.sent if len(m.recipients) == 2]
    assert len(intros) == 2
