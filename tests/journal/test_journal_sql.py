"""The journal on real databases (SQLite and PostgreSQL): storage, isolation, erase."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from bot.domain import Actor, Contact, Interview, Outcome
from tests.conftest import CoreHarness

W1_ALICE = Actor("console", "w1", "alice", "Alice")
W2_ALICE = Actor("console", "w2", "alice", "Alice elsewhere")
W1_BOB = Actor("console", "w1", "bob", "Bob")
W2_BOB = Actor("console", "w2", "bob", "Bob elsewhere")
EVERYONE = (W1_ALICE, W2_ALICE, W1_BOB, W2_BOB)


def tag(actor: Actor) -> str:
    return f"{actor.workspace_id}{actor.user_id}"


async def rows(
    core: CoreHarness, actor: Actor
) -> tuple[list[Contact], list[Interview], list[Outcome]]:
    async with core.uow() as uow:
        return (
            list(await uow.contacts.list(actor)),
            list(await uow.interviews.list(actor)),
            list(await uow.outcomes.list(actor)),
        )


async def test_full_flow_persists(sql_core: CoreHarness) -> None:
    say = sql_core.say
    assert "Logged" in await say(
        'interview log "Jane Doe" company:Acme when:"2026-11-20 10:00" '
        'referrals:"Ann Lee, Bo Chen (Globex)" asked:"What surprised you?; Whom else?"'
    )
    assert "Planned" in await say('interview plan "Ann Lee" when:"tomorrow 9am" duration:45m')
    contacts, interviews, outcomes = await rows(sql_core, W1_ALICE)
    by_name = {c.name: c for c in contacts}
    assert by_name["Ann Lee"].referred_by_id == by_name["Jane Doe"].id
    assert by_name["Bo Chen"].company == "Globex"
    jane_i = next(i for i in interviews if i.contact_id == by_name["Jane Doe"].id)
    ann_i = next(i for i in interviews if i.contact_id == by_name["Ann Lee"].id)
    assert jane_i.questions_asked == ["What surprised you?", "Whom else?"]
    assert ann_i.status == "scheduled"
    assert ann_i.duration_minutes == 45
    assert ann_i.scheduled_at == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    assert len(outcomes) == 2

    sql_core.clock.advance(timedelta(days=1, hours=1))
    assert "marked held" in await say(f'interview done {ann_i.number} referrals:"Cy"')
    assert "Within 24 hours" in await say(f"interview thanked {ann_i.number}")
    assert "Outcome recorded" in await say(f"interview outcome {ann_i.number} kind:lead")
    assert "updated" in await say(f'interview edit {jane_i.number} notes:"edited" medium:phone')
    assert "Jane Doe referred you to Ann Lee, who referred you to Cy." in await say(
        "contact chain Cy"
    )
    assert "already in your contacts" in await say('contact add "jane doe" company:ACME')
    stats = await sql_core.dispatcher.run_text(W1_ALICE, "inroads stats")
    values = {f.label: f.value for f in stats.fields}
    assert values["Held"] == "2"
    assert values["Referrals gained"] == "3"
    assert values["Job leads"] == "1"
    assert values["Thank-you within 24 h"] == "1 of 2 held (50%)"

    assert "Delete interview" in await say(f"interview delete {jane_i.number}")
    assert "Deleted" in await say(f"interview delete {jane_i.number} confirm:yes")
    contacts, interviews, outcomes = await rows(sql_core, W1_ALICE)
    assert [i.id for i in interviews] == [ann_i.id]
    assert len(contacts) == 4  # deleting an interview keeps its contact
    assert {o.interview_id for o in outcomes if o.note == "Referred you to Ann Lee"} == {None}
    assert interviews[0].thanked_at is not None
    assert interviews[0].thanked_at.tzinfo is not None


async def test_bad_input_writes_nothing_on_a_real_database(sql_core: CoreHarness) -> None:
    await sql_core.say('interview log Jane when:"yesterday"')
    await sql_core.say("contact add Ann company:X")
    await sql_core.say("contact add Ann company:Y")
    before = await rows(sql_core, W1_ALICE)
    n = before[1][0].id
    for command in (
        'interview log Jane when:"1900-01-01" referrals:"Ann"',
        f'interview thanked {n} when:"2020-01-01"',
        f"interview outcome {n} kind:bribe",
        f'interview edit {n} when:"next week"',
        'contact add "Eve" referred_by:Nobody',
        # Fails after the interview row was flushed: the rollback must take it away.
        'interview log Jane referrals:"Bo, Ann"',
    ):
        text = await sql_core.say(command)
        assert "Try:" in text, command
    after = await rows(sql_core, W1_ALICE)
    assert [len(x) for x in after] == [len(x) for x in before]
    assert after[1][0].thanked_at is None


async def test_no_read_crosses_a_user_or_a_workspace(sql_core: CoreHarness) -> None:
    ids: dict[Actor, int] = {}
    for actor in EVERYONE:
        secret = f"secret-{tag(actor)}"
        await sql_core.say(
            f'interview log "Person {tag(actor)}" company:Co{tag(actor)} notes:"{secret}" '
            f'referrals:"Ref {tag(actor)}"',
            actor,
        )
        await sql_core.say(f"interview outcome {await last_id(sql_core, actor)} kind:offer", actor)
        ids[actor] = await last_id(sql_core, actor)
    for actor in EVERYONE:
        others = [a for a in EVERYONE if a != actor]
        mine = ids[actor]
        views = [
            await sql_core.say("interview list", actor),
            await sql_core.say("contact list", actor),
            await sql_core.say(f"interview show {mine}", actor),
            await sql_core.say(f'contact chain "Ref {tag(actor)}"', actor),
            await sql_core.say("inroads stats", actor),
        ]
        export = await sql_core.dispatcher.run_text(actor, "inroads export")
        views.append(export.attachments[0].content.decode())
        everything = "\n".join(views)
        assert f"secret-{tag(actor)}" in everything
        assert "Offers: 1" in everything
        assert "Referrals gained: 1" in everything
        document = json.loads(export.attachments[0].content)
        assert {len(document[t]) for t in ("interviews", "outcomes")} == {1, 2}
        assert len(document["contacts"]) == 2
        # Everyone's first interview is their own #1: a number names the speaker's row
        # only, so someone else's number shows the speaker's own and nothing of theirs,
        # and a number the speaker has not reached is simply not found.
        assert {ids[other] for other in others} == {mine} == {1}
        theirs = await sql_core.say("interview show 2", actor)
        assert theirs == "I can't find interview #2 in your journal.\n" + (
            "`interview list` shows your interviews and their numbers.\nTry: `interview show 3`"
        )
        assert "can't find" in await sql_core.say("interview edit 2 notes:stolen", actor)
        for other in others:
            assert tag(other) not in everything.replace(f"secret-{tag(actor)}", "")
            assert "can't find a contact" in await sql_core.say(
                f'contact show "Person {tag(other)}"', actor
            )
    # Forgetting one person leaves the same user id in the other workspace untouched.
    assert "records removed" in await sql_core.say("inroads forget-me confirm:yes", W1_ALICE)
    assert "empty" in await sql_core.say("interview list", W1_ALICE)
    for actor in (W2_ALICE, W1_BOB, W2_BOB):
        contacts, interviews, outcomes = await rows(sql_core, actor)
        assert (len(contacts), len(interviews), len(outcomes)) == (2, 1, 2)
        assert interviews[0].notes == f"secret-{tag(actor)}"


async def last_id(core: CoreHarness, actor: Actor) -> int:
    """The number the actor sees for their newest interview."""
    _, interviews, _ = await rows(core, actor)
    return interviews[0].number or 0


async def test_export_erase_export_on_a_real_database(sql_core: CoreHarness) -> None:
    await sql_core.say('interview log Jane when:"yesterday" referrals:"Ann"')
    await sql_core.say('interview plan Ann when:"tomorrow 9am"')
    await sql_core.say("contact add Lin", W1_BOB)
    first = await sql_core.dispatcher.run_text(W1_ALICE, "inroads export")
    document = json.loads(first.attachments[0].content)
    assert (len(document["contacts"]), len(document["interviews"])) == (2, 2)
    assert "Erase everything" in str(
        await sql_core.dispatcher.run_text(W1_ALICE, "inroads forget-me")
    )
    assert (
        len(
            json.loads(
                (await sql_core.dispatcher.run_text(W1_ALICE, "inroads export"))
                .attachments[0]
                .content
            )["interviews"]
        )
        == 2
    )  # asking erased nothing
    assert "records removed" in await sql_core.say("inroads forget-me confirm:yes")
    again = await sql_core.dispatcher.run_text(W1_ALICE, "inroads export")
    document = json.loads(again.attachments[0].content)
    for table in (
        "contacts",
        "interviews",
        "outcomes",
        "reminders",
        "settings",
        "custom_questions",
        "mentoring_profile",
    ):
        assert document[table] == [], table
    assert "Lin" in await sql_core.say("contact list", W1_BOB)


async def test_pages_and_counts_come_from_the_database(sql_core: CoreHarness) -> None:
    """`interview list` asks for one page and a count; `contact list` for counts per
    contact: a long journal is never loaded to show its first lines."""
    for n in range(45):
        who = "Jane Doe" if n % 5 == 0 else f"Person {n}"
        await sql_core.say(f'interview log "{who}" when:"2026-11-{n % 20 + 1:02d} 10:00"', W1_ALICE)
    await sql_core.say('interview log "Someone Else"', W1_BOB)
    async with sql_core.uow() as uow:
        page = await uow.interviews.list(W1_ALICE, limit=20)
        everything = await uow.interviews.list(W1_ALICE)
        assert [i.id for i in page] == [i.id for i in everything[:20]]  # the newest 20
        assert await uow.interviews.count(W1_ALICE) == 45
        assert await uow.interviews.count(W1_ALICE, status="held") == 45
        assert await uow.interviews.count(W1_ALICE, status="requested") == 0
        jane = (await uow.contacts.find_by_name(W1_ALICE, "Jane Doe"))[0]
        assert await uow.interviews.count(W1_ALICE, contact_ids=[jane.id or 0]) == 9
        per_contact = await uow.interviews.count_by_contact(W1_ALICE)
        assert per_contact[jane.id or 0] == 9
        assert sum(per_contact.values()) == 45  # Bob's interview is not counted
        bobs = await uow.contacts.list(W1_BOB)
        found = await uow.contacts.get_many(W1_ALICE, [jane.id or 0, bobs[0].id or 0, 10**30])
        assert [c.name for c in found] == ["Jane Doe"]  # someone else's id is just absent
    listing = await sql_core.say("interview list", W1_ALICE)
    assert "Your interviews (45)" in listing
    assert "Showing 40 of 45" in listing
    assert listing.count("• #") == 40
    contacts = await sql_core.say("contact list", W1_ALICE)
    assert "Jane Doe · 9 interviews" in contacts
