"""`contact edit`, `merge` and `delete`, each scenario on the fakes and on real SQLite and
PostgreSQL (`sql_core`), reading the results back through the repositories."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from bot.domain import Actor, Contact, Interview, Outcome, Reminder
from tests.conftest import ALICE, BOB, CoreHarness

Scenario = Callable[[CoreHarness], Awaitable[None]]


async def journal(h: CoreHarness, who: Actor = ALICE) -> dict[str, list[object]]:
    async with h.uow() as uow:
        people = list(await uow.contacts.list(who))
        return {
            "contacts": people,
            "interviews": list(await uow.interviews.list(who)),
            "outcomes": list(await uow.outcomes.list(who)),
            "reminders": list(await uow.reminders.list(who)),
        }


async def snapshot(h: CoreHarness, who: Actor = ALICE) -> str:
    """Everything of `who`'s, as text (domain objects compare by identity)."""
    return repr(await journal(h, who))


async def person(h: CoreHarness, name: str) -> Contact:
    found = [c for c in (await journal(h))["contacts"] if isinstance(c, Contact)]
    return next(c for c in found if c.name == name)


async def edit_scenario(h: CoreHarness) -> None:
    await h.say('interview log "Jane Doe" referrals:"Bo Chen (Globex)"')
    out = await h.say(
        'contact edit "Bo Chen" role:"Data Engineer" seniority:senior how:"via Jane" '
        'links:"linkedin.com/in/bochen, https://bochen.dev/about"'
    )
    assert out.startswith("✓ Updated") or out.startswith("Updated")
    assert "Role: Data Engineer" in out
    assert "Seniority: senior" in out
    bo = await person(h, "Bo Chen")
    assert (bo.role, bo.seniority, bo.how_known, bo.company) == (
        "Data Engineer",
        "senior",
        "via Jane",
        "Globex",
    )
    assert bo.links == "linkedin.com/in/bochen\nhttps://bochen.dev/about"
    shown = await h.say(f"contact show #{bo.number}")
    assert "Seniority: senior" in shown
    assert "Links: linkedin.com/in/bochen, https://bochen.dev/about" in shown
    out = await h.say(f'contact edit #{bo.number} role:"" name:"Bo Chen-Li"')
    assert "Role: (cleared)" in out
    assert "Name: Bo Chen-Li" in out
    assert (await person(h, "Bo Chen-Li")).role == ""
    assert "already reads like that" in await h.say('contact edit "bo chen-li" company:Globex')
    before = await snapshot(h)
    refusals = {
        'contact edit "Bo Chen-Li" name:""': "can't be empty",
        'contact edit "Bo Chen-Li" links:"call me maybe"': "doesn't look like a web address",
        'contact edit "Bo Chen-Li"': "Say what to change",
        'contact edit "Bo Chen-Li" status:vip': "doesn't take the option",
        "contact edit Nobody role:x": "can't find a contact called Nobody",
    }
    for line, expected in refusals.items():
        assert expected in await h.say(line), line
    await h.say('contact add "Ann Lee" company:Globex')
    clash = await h.say('contact edit "Bo Chen-Li" name:"ann lee"')
    ann = await person(h, "Ann Lee")
    assert f"You already have Ann Lee (Globex) (#{ann.number})" in clash
    assert f"contact merge #{ann.number} #{bo.number}" in clash
    assert "can't find a contact" in await h.say('contact edit "Bo Chen-Li" role:x', BOB)
    after = await journal(h)
    assert [c.name for c in after["contacts"]] == ["Ann Lee", "Bo Chen-Li", "Jane Doe"]
    assert before.count("Contact(") + 1 == len(after["contacts"])  # only Ann was added


async def merge_scenario(h: CoreHarness) -> None:
    await h.say('interview log "Jane Doe" referrals:"Dana W"')
    await h.say('interview log "Dana W" referrals:"Cy Diaz" notes:"Great chat"')
    await h.say('contact add "Dana Whitfield" company:Globex notes:"Designer at Globex"')
    await h.say('checkin add "Dana W" "in 3 days" "Send the deck"')
    offer = await h.say('contact add "Dana W" company:Globex')  # she is already there
    assert "Update them with what you just wrote?" in offer
    dana_w, whitfield = await person(h, "Dana W"), await person(h, "Dana Whitfield")
    jane, cy = await person(h, "Jane Doe"), await person(h, "Cy Diaz")
    before = await snapshot(h)
    ask = await h.dispatcher.run_text(ALICE, 'contact merge "Dana Whitfield" "Dana W"')
    assert ask.title == (
        f"Merge #{dana_w.number} Dana W into #{whitfield.number} Dana Whitfield (Globex)?"
    )
    assert "1 interview" in ask.text
    assert "1 outcome" in ask.text
    assert "the 1 person they referred will show as referred by Dana Whitfield" in ask.text
    [go] = ask.actions
    assert go.command == f"contact merge #{whitfield.number} #{dana_w.number} confirm:yes"
    assert await snapshot(h) == before  # asking changed nothing
    done = await h.say(go.command)
    assert f"Merged Dana W into #{whitfield.number} Dana Whitfield (Globex)" in done
    after = await journal(h)
    names = [c.name for c in after["contacts"] if isinstance(c, Contact)]
    assert names == ["Cy Diaz", "Dana Whitfield", "Jane Doe"]
    kept = await person(h, "Dana Whitfield")
    assert kept.referred_by_id == jane.id  # inherited: she had no referrer
    assert kept.notes == "Designer at Globex"
    assert kept.last_interaction_at is not None
    assert (await person(h, "Cy Diaz")).referred_by_id == whitfield.id
    interviews = [i for i in after["interviews"] if isinstance(i, Interview)]
    assert sorted(i.contact_id for i in interviews) == sorted([jane.id, whitfield.id])
    outcomes = [o for o in after["outcomes"] if isinstance(o, Outcome)]
    assert {o.contact_id for o in outcomes} == {jane.id, whitfield.id}
    reminders = [r for r in after["reminders"] if isinstance(r, Reminder)]
    assert dana_w.id not in {r.contact_id for r in reminders}
    assert "Send the deck" in {r.text for r in reminders if r.contact_id == whitfield.id}
    keep_in_touch = [
        r
        for r in reminders
        if r.contact_id == whitfield.id and r.kind == "keep_in_touch" and r.status == "pending"
    ]
    assert len(keep_in_touch) <= 1  # two people's timers became one person's
    chain = await h.say("contact chain Cy")
    assert "Jane Doe referred you to Dana Whitfield, who referred you to Cy Diaz." in chain
    refusals = {
        f"contact merge #{whitfield.number} #{whitfield.number}": "Both names lead to the same contact",
        "contact merge Dana": "Name the two people",
        "contact merge Dana Whitfield Jane": "Name the two people",
        f"contact merge #{whitfield.number} #{cy.number} confirm:maybe": "confirm:yes",
    }
    for line, expected in refusals.items():
        assert expected in await h.say(line), line
    assert "can't find a contact" in await h.say(
        f"contact merge #{whitfield.number} #{cy.number} confirm:yes", BOB
    )
    assert await snapshot(h) == repr(after)


async def merge_loop_scenario(h: CoreHarness) -> None:
    """Ann referred Bo, Bo referred Cy, and Cy turns out to be Ann: no loop may appear."""
    await h.say('interview log "Ann Lee" referrals:"Bo Chen"')
    await h.say('interview log "Bo Chen" referrals:"Cy Diaz"')
    ann, bo = await person(h, "Ann Lee"), await person(h, "Bo Chen")
    await h.say('contact merge "Cy Diaz" "Ann Lee" confirm:yes')
    cy = await person(h, "Cy Diaz")
    assert cy.referred_by_id is None  # Ann's place at the top of the chain
    assert (await person(h, "Bo Chen")).referred_by_id == cy.id
    assert "No one referred you to Cy Diaz" in await h.say("contact chain Cy")
    assert "Cy Diaz referred you to Bo Chen." in await h.say(f"contact chain #{bo.number}")
    assert ann.id not in {c.id for c in (await journal(h))["contacts"] if isinstance(c, Contact)}


async def delete_scenario(h: CoreHarness) -> None:
    await h.say('interview log "Dana W" referrals:"Cy Diaz" notes:"Great chat"')
    [talk] = (await journal(h))["interviews"]
    assert "Outcome recorded" in await h.say(f"interview outcome {talk.number} kind:lead")
    await h.say('checkin add "Dana W" "in 3 days" "Send the deck"')
    await h.say('interview log "Dana W" referrals:"Cy Diaz"', BOB)
    dana = await person(h, "Dana W")
    bobs = await snapshot(h, BOB)
    before = await snapshot(h)
    ask = await h.dispatcher.run_text(ALICE, "contact delete dana")
    assert ask.title == f"Delete #{dana.number} Dana W?"
    assert "This removes them with their 1 interview" in ask.text
    assert "2 outcomes" in ask.text  # the referral and the lead
    assert "The 1 person they referred stays in your contacts" in ask.text
    [go] = ask.actions
    assert go.command == f"contact delete #{dana.number} confirm:yes"
    assert await snapshot(h) == before
    assert "Deleted" in await h.say(go.command)
    after = await journal(h)
    assert [c.name for c in after["contacts"] if isinstance(c, Contact)] == ["Cy Diaz"]
    assert (await person(h, "Cy Diaz")).referred_by_id is None
    assert after["interviews"] == []
    assert after["outcomes"] == []
    assert after["reminders"] == []
    assert "No one referred you to Cy Diaz" in await h.say("contact chain Cy")
    assert "can't find a contact" in await h.say(go.command)  # a second click
    assert await snapshot(h, BOB) == bobs  # Bob's Dana and Cy are untouched


async def keep_in_touch_scenario(h: CoreHarness) -> None:
    """Rosa typed `contact edit luis keep_in_touch:off` and was told the option doesn't
    exist; `checkin stop` did it. The edit now makes the same move."""
    await h.say('interview log "Luis Ortega" company:"Ortega Foods" when:"2 days ago"')

    async def keep_in_touch_due() -> list[Reminder]:
        rows = (await journal(h))["reminders"]
        return [r for r in rows if isinstance(r, Reminder) and r.kind == "keep-in-touch"
                and r.status == "pending"]  # fmt: skip

    assert await keep_in_touch_due()
    off = await h.say("contact edit luis keep_in_touch:off")
    assert "Keep-in-touch nudges: off" in off
    assert await keep_in_touch_due() == []
    [luis] = (await journal(h))["contacts"]
    assert isinstance(luis, Contact)
    assert luis.keep_in_touch is False
    again = await h.say("contact edit luis keep-in-touch:off")
    assert "already reads like that" in again
    on = await h.say("contact edit luis keep-in-touch:on")
    assert "Keep-in-touch nudges: on" in on
    assert len(await keep_in_touch_due()) == 1
    before = await snapshot(h)
    refused = await h.say("contact edit luis keep_in_touch:maybe")
    assert "`keep_in_touch:` is `on` or `off`" in refused
    assert await snapshot(h) == before


SCENARIOS = [
    edit_scenario,
    merge_scenario,
    merge_loop_scenario,
    delete_scenario,
    keep_in_touch_scenario,
]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__)
async def test_on_fakes(core: CoreHarness, scenario: Scenario) -> None:
    await scenario(core)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.__name__)
async def test_on_databases(sql_core: CoreHarness, scenario: Scenario) -> None:
    await scenario(sql_core)


async def test_a_contact_with_nothing_on_them_is_described_plainly(core: CoreHarness) -> None:
    await core.say('contact add "Dana Whitfield"')
    await core.say('contact add "Dana W"')
    ask = await core.dispatcher.run_text(ALICE, 'contact merge "Dana Whitfield" "Dana W"')
    assert ask.text.startswith("Dana W has no interviews, reminders or outcomes to move.")
    await core.say('checkin add "Dana W" tomorrow')
    ask = await core.dispatcher.run_text(ALICE, 'contact merge "Dana Whitfield" "Dana W"')
    assert ask.text.startswith("Dana W's 1 pending reminder moves to #")
    ask = await core.dispatcher.run_text(ALICE, 'contact delete "Dana W"')
    assert ask.text == "This removes them with their 1 pending reminder. This can't be undone."
    assert "Moved over: 1 pending reminder" in await core.say(
        'contact merge "Dana Whitfield" "Dana W" confirm:yes'
    )
