"""Contacts, interviews and outcomes: the same answers from the fakes and from SQL."""

from __future__ import annotations

from datetime import timedelta

from bot.domain import Outcome, ReminderStatus
from bot.ports import UnitOfWorkFactory
from bot.ports.journal import ContactFootprint, ContactName, ReferralRow
from tests.contract.conftest import (
    EVERYONE,
    ME,
    NOW,
    contact,
    ids_of,
    interview,
    reminder,
    store,
)


async def test_contacts_are_seen_only_by_their_owner(uows: UnitOfWorkFactory) -> None:
    mine: dict[str, int] = {}
    for owner in EVERYONE:
        [mine[owner.display_name]] = await store(
            uows, contact(owner, "Jane Doe", company="Acme", member_id="M1")
        )
    every_id = list(mine.values())
    async with uows() as uow:
        for owner in EVERYONE:
            own = mine[owner.display_name]
            for cid in every_id:
                found = await uow.contacts.get(owner, cid)
                assert (found is not None) == (cid == own)
            assert ids_of(await uow.contacts.list(owner)) == [own]
            assert ids_of(await uow.contacts.get_many(owner, every_id)) == [own]
            assert ids_of(await uow.contacts.find_by_name(owner, "jane doe")) == [own]
            member = await uow.contacts.find_by_member(owner, "M1")
            assert member is not None
            assert member.id == own
            assert await uow.contacts.names(owner) == [ContactName(own, "Jane Doe", "Acme")]
            assert await uow.contacts.referral_rows(owner) == [
                ReferralRow(own, "Jane Doe", None, 1)
            ]


async def test_ids_that_cannot_exist_find_nothing(uows: UnitOfWorkFactory) -> None:
    [cid] = await store(uows, contact(ME, "Jane"))
    async with uows() as uow:
        for wrong in (0, -1, cid + 1000, 2**63, 2**80):
            assert await uow.contacts.get(ME, wrong) is None
            assert await uow.interviews.get(ME, wrong) is None
            assert await uow.reminders.get(ME, wrong) is None
        assert await uow.contacts.get_many(ME, [2**80, -5]) == []
        assert await uow.contacts.get_many(ME, []) == []


async def test_contacts_list_by_name_whatever_the_case(uows: UnitOfWorkFactory) -> None:
    await store(uows, *(contact(ME, n) for n in ("bob", "Émile", "Carol", "alice", "Dave")))
    async with uows() as uow:
        names = [c.name for c in await uow.contacts.list(ME)]
    assert names == ["alice", "bob", "Carol", "Dave", "Émile"]
    twins = await store(uows, contact(ME, "jane"), contact(ME, "Jane"), contact(ME, "JANE"))
    async with uows() as uow:
        same_name = [c.id for c in await uow.contacts.list(ME) if c.name.lower() == "jane"]
    assert same_name == twins  # the same name in any case: in the order added


async def test_find_by_name_ignores_case_and_spaces_and_narrows_by_company(
    uows: UnitOfWorkFactory,
) -> None:
    acme, globex, _ = await store(
        uows,
        contact(ME, "Jane Doe", company="Acme"),
        contact(ME, "Jane Doe", company="Globex"),
        contact(ME, "Jane Dolittle"),
    )
    async with uows() as uow:
        assert sorted(ids_of(await uow.contacts.find_by_name(ME, "  JANE doe "))) == [acme, globex]
        assert ids_of(await uow.contacts.find_by_name(ME, "jane doe", " ACME ")) == [acme]
        assert await uow.contacts.find_by_name(ME, "jane doe", "Initech") == []
        assert await uow.contacts.find_by_name(ME, "Jane") == []  # whole names only


async def test_a_contact_comes_back_as_it_was_written(uows: UnitOfWorkFactory) -> None:
    [referrer] = await store(uows, contact(ME, "Ann"))
    written = contact(
        ME,
        "Zoë Ñúñez",
        company="Café ☕",
        role="Buyer",
        industry="Food",
        how_known="met at a fair",
        referred_by_id=referrer,
        notes="likes 'quotes' and \"doubles\"",
        links="https://example.org/zoe",
        keep_in_touch=False,
        created_at=NOW,
        last_interaction_at=NOW - timedelta(days=3),
    )
    [cid] = await store(uows, written)
    async with uows() as uow:
        read = await uow.contacts.get(ME, cid)
    assert read is not None
    assert read is not written
    for field in [
        "name",
        "company",
        "role",
        "industry",
        "how_known",
        "referred_by_id",
        "notes",
        "links",
        "keep_in_touch",
        "created_at",
        "last_interaction_at",
        "member_id",
    ]:
        assert getattr(read, field) == getattr(written, field), field
    assert read.created_at is not None
    assert read.created_at.tzinfo is not None


async def test_footprint_counts_what_hangs_on_a_contact(uows: UnitOfWorkFactory) -> None:
    [jane, other] = await store(uows, contact(ME, "Jane"), contact(ME, "Other"))
    [held, _] = await store(uows, interview(ME, jane), interview(ME, jane))
    await store(
        uows,
        contact(ME, "Referred", referred_by_id=jane),
        reminder(ME, NOW, contact_id=jane),
        reminder(ME, NOW, contact_id=jane, status=ReminderStatus.CLAIMED.value),
        reminder(ME, NOW, contact_id=jane, status=ReminderStatus.SENT.value),
        reminder(ME, NOW, contact_id=other),
        Outcome(ME.platform, ME.workspace_id, ME.user_id, "referral", held, jane),
    )
    async with uows() as uow:
        assert await uow.contacts.footprint(ME, jane) == ContactFootprint(2, 2, 1, 1)
        assert await uow.contacts.footprint(ME, other) == ContactFootprint(0, 1, 0, 0)
        # Nobody else's counts, even asked with this contact's id.
        for owner in EVERYONE[1:]:
            assert await uow.contacts.footprint(owner, jane) == ContactFootprint()


async def test_move_links_points_everything_at_the_other_contact(
    uows: UnitOfWorkFactory,
) -> None:
    [old, new] = await store(uows, contact(ME, "Jane D"), contact(ME, "Jane Doe"))
    [iid] = await store(uows, interview(ME, old))
    [rid, oid, referred, self_ref] = await store(
        uows,
        reminder(ME, NOW, contact_id=old),
        Outcome(ME.platform, ME.workspace_id, ME.user_id, "offer", iid, old),
        contact(ME, "Ref", referred_by_id=old),
        contact(ME, "Later", referred_by_id=new),
    )
    async with uows() as uow:
        target = await uow.contacts.get(ME, new)
        assert target is not None
        target.referred_by_id = old  # the merge's target was referred by the one merged in
        await uow.contacts.move_links(ME, old, new)
        await uow.commit()
    async with uows() as uow:
        moved = await uow.interviews.get(ME, iid)
        assert moved is not None
        assert moved.contact_id == new
        rem = await uow.reminders.get(ME, rid)
        assert rem is not None
        assert rem.contact_id == new
        assert [o.contact_id for o in await uow.outcomes.list(ME)] == [new]
        assert [o.id for o in await uow.outcomes.list(ME)] == [oid]
        ref = await uow.contacts.get(ME, referred)
        assert ref is not None
        assert ref.referred_by_id == new
        later = await uow.contacts.get(ME, self_ref)
        assert later is not None
        assert later.referred_by_id == new
        target = await uow.contacts.get(ME, new)
        assert target is not None
        assert target.referred_by_id == old


async def test_remove_takes_a_contact_with_its_history_and_frees_who_it_referred(
    uows: UnitOfWorkFactory,
) -> None:
    [jane, keep] = await store(uows, contact(ME, "Jane"), contact(ME, "Keep"))
    [iid, kept_iid] = await store(uows, interview(ME, jane), interview(ME, keep))
    [referred, _, _, by_interview, kept_outcome] = await store(
        uows,
        contact(ME, "Referred", referred_by_id=jane),
        reminder(ME, NOW, contact_id=jane),
        reminder(ME, NOW, interview_id=iid),
        # An outcome of Jane's interview recorded against another contact stays, unlinked.
        Outcome(ME.platform, ME.workspace_id, ME.user_id, "referral", iid, keep),
        Outcome(ME.platform, ME.workspace_id, ME.user_id, "offer", kept_iid, keep),
    )
    [kept_reminder] = await store(uows, reminder(ME, NOW, contact_id=keep))
    async with uows() as uow:
        gone = await uow.contacts.get(ME, jane)
        assert gone is not None
        await uow.contacts.remove(ME, gone)
        await uow.commit()
    async with uows() as uow:
        assert await uow.contacts.get(ME, jane) is None
        assert await uow.interviews.get(ME, iid) is None
        assert ids_of(await uow.interviews.list(ME)) == [kept_iid]
        assert ids_of(await uow.reminders.list(ME)) == [kept_reminder]
        outcomes = {o.id: o.interview_id for o in await uow.outcomes.list(ME)}
        assert outcomes == {by_interview: None, kept_outcome: kept_iid}
        freed = await uow.contacts.get(ME, referred)
        assert freed is not None
        assert freed.referred_by_id is None


async def test_interviews_list_newest_first_filter_count_and_limit(
    uows: UnitOfWorkFactory,
) -> None:
    [jane, omar] = await store(uows, contact(ME, "Jane"), contact(ME, "Omar"))
    day = timedelta(days=1)
    ids = await store(
        uows,
        interview(ME, jane, held_at=NOW - 3 * day),
        interview(ME, omar, status="scheduled", scheduled_at=NOW + day),
        interview(ME, jane, status="requested", requested_at=NOW - day),
        interview(ME, omar, held_at=NOW - 3 * day),  # same time: the later id first
        interview(ME, jane, status="thanked", held_at=NOW - 5 * day, thanked_at=NOW),
    )
    a, b, c, d, e = ids
    async with uows() as uow:
        assert ids_of(await uow.interviews.list(ME)) == [b, c, d, a, e]
        assert ids_of(await uow.interviews.list(ME, limit=2)) == [b, c]
        assert ids_of(await uow.interviews.list(ME, status="held")) == [d, a]
        assert ids_of(await uow.interviews.list(ME, contact_ids=[jane])) == [c, a, e]
        assert ids_of(await uow.interviews.list(ME, contact_ids=[])) == []
        assert await uow.interviews.count(ME) == 5
        assert await uow.interviews.count(ME, status="held", contact_ids=[omar]) == 1
        assert dict(await uow.interviews.count_by_contact(ME)) == {jane: 3, omar: 2}
        stages = {row.id: row for row in await uow.interviews.stage_rows(ME)}
        assert set(stages) == set(ids)
        assert stages[e].status == "thanked"
        assert stages[e].thanked_at == NOW
        assert stages[a].held_at == NOW - 3 * day
        for owner in EVERYONE[1:]:
            assert await uow.interviews.list(owner) == []
            assert await uow.interviews.count(owner) == 0
            assert dict(await uow.interviews.count_by_contact(owner)) == {}
            assert await uow.interviews.stage_rows(owner) == []
            assert await uow.interviews.get(owner, a) is None


async def test_an_interview_keeps_its_questions_and_can_be_deleted(
    uows: UnitOfWorkFactory,
) -> None:
    [jane] = await store(uows, contact(ME, "Jane"))
    asked = ["How did you start?", "What would you do differently — now?"]
    [iid] = await store(uows, interview(ME, jane, questions_asked=asked, medium="video"))
    async with uows() as uow:
        read = await uow.interviews.get(ME, iid)
        assert read is not None
        assert read.questions_asked == asked
        assert read.medium == "video"
        await uow.interviews.delete(read)
        await uow.commit()
    async with uows() as uow:
        assert await uow.interviews.get(ME, iid) is None


async def test_outcomes_are_the_owners_in_the_order_recorded(uows: UnitOfWorkFactory) -> None:
    recorded: dict[str, list[int]] = {}
    for owner in EVERYONE:
        [cid] = await store(uows, contact(owner, "Jane"))
        recorded[owner.display_name] = await store(
            uows,
            *(
                Outcome(owner.platform, owner.workspace_id, owner.user_id, kind, None, cid)
                for kind in ("offer", "referral", "job lead")
            ),
        )
    async with uows() as uow:
        for owner in EVERYONE:
            outcomes = await uow.outcomes.list(owner)
            assert ids_of(outcomes) == recorded[owner.display_name]
            assert [o.kind for o in outcomes] == ["offer", "referral", "job lead"]


async def test_find_by_name_folds_case_beyond_ascii(uows: UnitOfWorkFactory) -> None:
    [zoe] = await store(uows, contact(ME, "Élodie Ørsted"))
    async with uows() as uow:
        assert ids_of(await uow.contacts.find_by_name(ME, "Élodie Ørsted")) == [zoe]
        assert ids_of(await uow.contacts.find_by_name(ME, "élodie ørsted")) == [zoe]


async def test_an_interview_with_no_date_at_all_lists_last(uows: UnitOfWorkFactory) -> None:
    [jane] = await store(uows, contact(ME, "Jane"))
    undated, dated, undated_later = await store(
        uows,
        interview(ME, jane, held_at=None),
        interview(ME, jane, held_at=NOW - timedelta(days=400)),
        interview(ME, jane, held_at=None),
    )
    async with uows() as uow:
        assert ids_of(await uow.interviews.list(ME)) == [dated, undated_later, undated]
        assert ids_of(await uow.interviews.list(ME, limit=1)) == [dated]
