"""Settings, custom questions, mentoring profiles, group settings and match rounds."""

from __future__ import annotations

from datetime import timedelta

from bot.domain import CustomQuestion, GroupConfig, Match, MatchRound, Profile, UserSettings
from bot.ports import UnitOfWorkFactory
from tests.contract.conftest import (
    COLLEAGUE,
    ELSEWHERE,
    EVERYONE,
    ME,
    NOW,
    OTHER_PLATFORM,
    ids_of,
    store,
)


async def test_settings_are_defaults_until_saved_and_each_persons_own(
    uows: UnitOfWorkFactory,
) -> None:
    async with uows() as uow:
        assert await uow.settings.get(ME) is None
        default = await uow.settings.get_or_default(ME)
        assert (default.user_id, default.timezone, default.id) == (ME.user_id, "UTC", None)
    async with uows() as uow:
        assert await uow.settings.get(ME) is None  # the default was not written
    for n, owner in enumerate(EVERYONE):
        await store(
            uows,
            UserSettings(
                owner.platform,
                owner.workspace_id,
                owner.user_id,
                timezone="Europe/Paris",
                keep_in_touch_days=[n, 60],
                goal=f"goal {n}",
                date_order="dmy",
            ),
        )
    async with uows() as uow:
        for n, owner in enumerate(EVERYONE):
            mine = await uow.settings.get_or_default(owner)
            assert (mine.goal, mine.keep_in_touch_days) == (f"goal {n}", [n, 60])
            assert (mine.timezone, mine.date_order) == ("Europe/Paris", "dmy")
        many = await uow.settings.get_many([ME, COLLEAGUE, ME])
        assert set(many) == {ME.key, COLLEAGUE.key}
        assert many[COLLEAGUE.key].goal == "goal 3"
        assert await uow.settings.get_many([]) == {}


async def test_saved_settings_change_in_place(uows: UnitOfWorkFactory) -> None:
    async with uows() as uow:
        prefs = await uow.settings.get_or_default(ME)
        prefs.paused = True
        await uow.settings.save(prefs)
        await uow.commit()
    async with uows() as uow:
        prefs = await uow.settings.get_or_default(ME)
        assert prefs.paused
        assert prefs.id is not None
        prefs.paused = False
        prefs.keep_in_touch_days = [14]
        await uow.settings.save(prefs)
        await uow.commit()
    async with uows() as uow:
        again = await uow.settings.get(ME)
        assert again is not None
        assert not again.paused
        assert again.keep_in_touch_days == [14]
        assert await uow.settings.get(COLLEAGUE) is None


async def test_pending_notices_are_listed_by_key_up_to_the_limit(
    uows: UnitOfWorkFactory,
) -> None:
    for owner in EVERYONE:
        notice = "" if owner == COLLEAGUE else "⚠ I couldn't send you check-in #3"
        await store(
            uows,
            UserSettings(owner.platform, owner.workspace_id, owner.user_id, pending_notice=notice),
        )
    async with uows() as uow:
        keys = await uow.settings.keys_with_pending_notice(limit=10)
        assert sorted(keys) == sorted([ME.key, ELSEWHERE.key, OTHER_PLATFORM.key])
        assert len(await uow.settings.keys_with_pending_notice(limit=2)) == 2


async def test_custom_questions_are_the_owners_in_the_order_added(
    uows: UnitOfWorkFactory,
) -> None:
    added = {
        o.display_name: await store(
            uows,
            *(
                CustomQuestion(o.platform, o.workspace_id, o.user_id, f"{o.display_name} {n}?")
                for n in range(3)
            ),
        )
        for o in EVERYONE
    }
    async with uows() as uow:
        for owner in EVERYONE:
            questions = await uow.custom_questions.list(owner)
            assert ids_of(questions) == added[owner.display_name]
            assert next(q.text for q in questions) == f"{owner.display_name} 0?"
        await uow.custom_questions.delete(questions[1])
        await uow.commit()
    async with uows() as uow:
        left = ids_of(await uow.custom_questions.list(EVERYONE[-1]))
    first, _, last = added[EVERYONE[-1].display_name]
    assert left == [first, last]


async def test_profiles_belong_to_one_person_and_list_by_workspace(
    uows: UnitOfWorkFactory,
) -> None:
    made = {}
    for owner in EVERYONE:
        [made[owner.key]] = await store(
            uows,
            Profile(
                owner.platform,
                owner.workspace_id,
                owner.user_id,
                role="mentor",
                industries=["Food", "Retail"],
                capacity=2,
                paused_until=NOW + timedelta(days=7),
            ),
        )
    async with uows() as uow:
        for owner in EVERYONE:
            mine = await uow.profiles.get(owner)
            assert mine is not None
            assert mine.id == made[owner.key]
            assert (mine.role, mine.industries, mine.capacity) == ("mentor", ["Food", "Retail"], 2)
            assert mine.paused_until == NOW + timedelta(days=7)
        in_t1 = ids_of(await uow.profiles.list_workspace("slack", "T1"))
        assert in_t1 == [made[ME.key], made[COLLEAGUE.key]]
        assert ids_of(await uow.profiles.list_workspace("discord", "T1")) == [
            made[OTHER_PLATFORM.key]
        ]
        assert await uow.profiles.list_workspace("slack", "nowhere") == []
        gone = await uow.profiles.get(COLLEAGUE)
        assert gone is not None
        await uow.profiles.delete(gone)
        await uow.commit()
    async with uows() as uow:
        assert await uow.profiles.get(COLLEAGUE) is None
        assert await uow.profiles.get(ME) is not None


async def test_group_settings_are_per_workspace_and_a_round_is_claimed_once(
    uows: UnitOfWorkFactory,
) -> None:
    here, there = await store(
        uows,
        GroupConfig("slack", "T1", cadence_days=7, admin_ids=["U1"], exclusions=[["U1", "U2"]]),
        GroupConfig("discord", "T1", auto_run=True),
    )
    due_before = NOW - timedelta(days=7)
    async with uows() as uow:
        config = await uow.groups.get("slack", "T1")
        assert config is not None
        assert config.id == here
        assert (config.cadence_days, config.admin_ids, config.exclusions) == (
            7,
            ["U1"],
            [["U1", "U2"]],
        )
        assert await uow.groups.get("slack", "T2") is None
        assert ids_of(await uow.groups.list_all()) == [here, there]
        assert await uow.groups.claim_round(config, due_before=due_before, now=NOW)
        assert config.last_round_at == NOW
        await uow.commit()
    async with uows() as uow:
        config = await uow.groups.get("slack", "T1")
        assert config is not None
        assert config.last_round_at == NOW
        # Another process finding the same group due gets nothing.
        assert not await uow.groups.claim_round(config, due_before=due_before, now=NOW)
        # A cadence later it is due again.
        later = NOW + timedelta(days=7)
        assert await uow.groups.claim_round(config, due_before=NOW, now=later)
        await uow.commit()
    async with uows() as uow:
        config = await uow.groups.get("slack", "T1")
        other = await uow.groups.get("discord", "T1")
    assert config is not None
    assert config.last_round_at == NOW + timedelta(days=7)
    assert other is not None
    assert other.last_round_at is None
    # The availability poll of a round is claimed once, by whichever process is first.
    round_at = NOW + timedelta(days=14)
    async with uows() as uow:
        config = await uow.groups.get("slack", "T1")
        assert config is not None
        assert await uow.groups.claim_poll(config, round_at=round_at)
        await uow.commit()
    async with uows() as uow:
        config = await uow.groups.get("slack", "T1")
        assert config is not None
        assert config.polled_for == round_at
        assert not await uow.groups.claim_poll(config, round_at=round_at)
        assert await uow.groups.claim_poll(config, round_at=round_at + timedelta(days=14))


async def test_rounds_and_matches_stay_in_their_workspace(uows: UnitOfWorkFactory) -> None:
    first, second, elsewhere = await store(
        uows,
        MatchRound("slack", "T1", created_by="U1", unmatched_ids=["U5"]),
        MatchRound("slack", "T1", status="sent", sent_at=NOW),
        MatchRound("slack", "T2"),
    )
    m1, m2, m3, m_else = await store(
        uows,
        Match("slack", "T1", first, "U1", "U2", score=7, reasons=["same industry"]),
        Match("slack", "T1", second, "U3", "U1"),
        Match("slack", "T1", second, "U3", "U4"),
        Match("slack", "T2", elsewhere, "U1", "U2"),
    )
    async with uows() as uow:
        rnd = await uow.matches.get_round("slack", "T1", first)
        assert rnd is not None
        assert (rnd.created_by, rnd.unmatched_ids) == ("U1", ["U5"])
        assert await uow.matches.get_round("slack", "T2", first) is None
        assert await uow.matches.get_round("slack", "T1", 2**80) is None
        latest = await uow.matches.latest_round("slack", "T1")
        assert latest is not None
        assert (latest.id, latest.sent_at) == (second, NOW)
        assert await uow.matches.latest_round("discord", "T1") is None
        match = await uow.matches.get("slack", "T1", m1)
        assert match is not None
        assert (match.score, match.reasons) == (7, ["same industry"])
        assert await uow.matches.get("slack", "T2", m1) is None
        assert await uow.matches.get("slack", "T1", 2**80) is None
        # The dispatcher's batch spans workspaces: get_many is by id alone.
        assert sorted(ids_of(await uow.matches.get_many([m_else, m1, 2**80]))) == [m1, m_else]
        assert ids_of(await uow.matches.list_round("slack", "T1", second)) == [m2, m3]
        assert await uow.matches.list_round("slack", "T2", second) == []
        assert ids_of(await uow.matches.list_workspace("slack", "T1")) == [m1, m2, m3]
        assert ids_of(await uow.matches.list_for_member(ME)) == [m1, m2]
        assert ids_of(await uow.matches.list_for_member(ELSEWHERE)) == [m_else]
        assert await uow.matches.list_for_member(OTHER_PLATFORM) == []
        # Numbers count per workspace: T2's first round and pair are #1 as T1's were.
        assert (rnd.number, latest.number) == (1, 2)
        there = await uow.matches.get_round("slack", "T2", elsewhere)
        assert there is not None
        assert there.number == 1
        third = await uow.matches.by_group_number("slack", "T1", 3)
        assert third is not None
        assert third.id == m3
        theirs = await uow.matches.by_group_number("slack", "T2", 1)
        assert theirs is not None
        assert theirs.id == m_else
        assert await uow.matches.by_group_number("slack", "T2", 2) is None
        assert await uow.matches.by_group_number("slack", "T1", 2**80) is None
