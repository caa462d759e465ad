"""Contacts: dedup, list, show and referral chains (with cycles guarded)."""

from __future__ import annotations

from bot.domain import Contact
from bot.journal.chain import describe_path, led_to, path_to
from tests.conftest import ALICE, BOB, CoreHarness


def contacts(core: CoreHarness) -> list[Contact]:
    return list(core.uow.store.table("contacts"))


def named(core: CoreHarness, name: str) -> Contact:
    return next(c for c in contacts(core) if c.name == name)


async def test_add_and_dedup_by_name_and_company(core: CoreHarness) -> None:
    text = await core.say('contact add "Ann Lee" company:Globex role:"Data Scientist" how:"alumni"')
    assert "Added Ann Lee (Data Scientist, Globex)" in text
    snapshot = repr(core.uow.store.rows)
    text = await core.say('contact add "ann LEE" company:globex role:CEO')
    assert "already in your contacts" in text
    assert repr(core.uow.store.rows) == snapshot  # nothing changed, not even the role
    assert named(core, "Ann Lee").role == "Data Scientist"
    assert "Added" in await core.say('contact add "Ann Lee" company:Initech')
    assert len(contacts(core)) == 2


async def test_dedup_by_member_id(core: CoreHarness) -> None:
    await core.say("contact add <@U42|ann>")
    assert "already in your contacts" in await core.say("contact add <@U42> company:X")
    assert len(contacts(core)) == 1
    assert contacts(core)[0].member_id == "U42"


async def test_same_person_for_two_users_is_two_contacts(core: CoreHarness) -> None:
    await core.say('contact add "Ann Lee"', ALICE)
    assert "Added" in await core.say('contact add "Ann Lee"', BOB)
    assert len(contacts(core)) == 2
    assert "Your contacts (1)" in await core.say("contact list", BOB)


async def test_list_and_show(core: CoreHarness) -> None:
    await core.say('interview log "Jane Doe" company:Acme referrals:"Ann Lee"')
    await core.say('contact add "Cy" referred_by:"Ann Lee"')
    listing = await core.say("contact list")
    assert "Ann Lee · 0 interviews · via Jane Doe" in listing
    assert "Jane Doe (Acme) · 1 interview" in listing
    assert "Cy · 0 interviews · via Ann Lee" in listing
    assert "No contacts match" in await core.say("contact list company:Initech")
    shown = await core.say('contact show "Jane Doe"')
    assert "Led you to\n• Ann Lee" in shown
    assert "referral: Referred you to Ann Lee" in shown
    ann = named(core, "Ann Lee")
    assert "Referred by: Jane Doe" in await core.say(f"contact show #{ann.number}")
    assert "You have no contacts yet" in await core.say("contact list", BOB)


async def test_chain_both_ways(core: CoreHarness) -> None:
    await core.say('interview log "Ann" referrals:"Bo"')
    await core.say('interview log "Bo" referrals:"Cy (Initech), Di"')
    await core.say('contact add "Ed" referred_by:"Cy"')
    text = await core.say("contact chain Cy")
    assert "Ann referred you to Bo, who referred you to Cy." in text
    assert "1. Ann — where it started\n• 2. Bo\n• 3. Cy (Initech)" in text
    assert "Ed (referred by Cy)" in text
    text = await core.say("contact chain Ann")
    assert "No one referred you to Ann" in text
    assert (
        "• Bo (referred by Ann)\n•   Cy (Initech) (referred by Bo)\n•     Ed (referred by Cy)"
        in text
    )
    assert "Di (referred by Bo)" in text


async def test_referral_never_closes_a_loop(core: CoreHarness) -> None:
    await core.say('interview log "Ann" referrals:"Bo"')
    await core.say('interview log "Bo" referrals:"Ann"')  # Ann already came first
    assert named(core, "Ann").referred_by_id is None
    assert named(core, "Bo").referred_by_id == named(core, "Ann").id


async def test_chain_survives_a_cycle_in_the_data(core: CoreHarness) -> None:
    await core.say('interview log "Ann" referrals:"Bo"')
    await core.say('interview log "Bo" referrals:"Cy"')
    named(core, "Ann").referred_by_id = named(core, "Cy").id  # corrupt data: a loop
    text = await core.say("contact chain Cy")
    assert "loops back on itself" in text
    assert "Whom Cy led you to" in text


def _c(cid: int, name: str, parent: int | None) -> Contact:
    return Contact("console", "w1", "alice", name, referred_by_id=parent, id=cid)


def test_chain_helpers() -> None:
    people = {1: _c(1, "A", None), 2: _c(2, "B", 1), 3: _c(3, "C", 2), 4: _c(4, "D", 1)}
    assert [p.name for p in path_to(people, people[3]).people] == ["A", "B", "C"]
    assert [(d, c.name) for d, c in led_to(people, people[1])] == [(1, "B"), (2, "C"), (1, "D")]
    looped = {1: _c(1, "A", 2), 2: _c(2, "B", 1)}
    path = path_to(looped, looped[1])
    assert path.looped
    assert [p.name for p in path.people] == ["B", "A"]
    assert [c.name for _, c in led_to(looped, looped[1])] == ["B"]
    assert "loops back" in describe_path(path)
