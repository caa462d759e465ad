"""Every command that names a person finds them the same way, asks when unsure, and says
when it added someone (core with fakes)."""

from __future__ import annotations

from bot.domain import Contact
from bot.reply import Reply
from tests.conftest import ALICE, BOB, CoreHarness


def contacts(core: CoreHarness) -> list[Contact]:
    return sorted(core.uow.store.table("contacts"), key=lambda c: c.id or 0)


def named(core: CoreHarness, name: str) -> Contact:
    return next(c for c in contacts(core) if c.name == name)


async def run(core: CoreHarness, line: str) -> Reply:
    return await core.dispatcher.run_text(ALICE, line)


async def test_checkin_for_a_first_name_uses_the_one_person_it_fits(core: CoreHarness) -> None:
    await core.say('contact add "Dana Whitfield" company:Globex')
    out = await core.say("checkin add Dana in 2 weeks")
    assert "I'll remind you about Dana Whitfield on" in out
    assert "I added" not in out
    dana = named(core, "Dana Whitfield")
    [reminder] = core.uow.store.table("reminders")
    assert reminder.contact_id == dana.id
    assert len(contacts(core)) == 1


async def test_accents_and_case_do_not_make_a_new_person(core: CoreHarness) -> None:
    await core.say('contact add "Zoë Kowalski" company:Initech')
    zoe = named(core, "Zoë Kowalski")
    out = await core.say('interview log "zoe KOWALSKI" notes:"Talked about QA"')
    assert "With: Zoë Kowalski (Initech)" in out
    assert "I added" not in out
    assert f"#{zoe.number} Zoë Kowalski" in await core.say('contact show "Zoe Kowalski"')
    assert "Prep pack: Zoë Kowalski" in await core.say("interview prep zoe")
    assert len(contacts(core)) == 1


async def test_a_company_written_short_is_still_the_same_person(core: CoreHarness) -> None:
    """Planned with "Harris Farm Markets", logged with "Harris Farm": one Grace Lin."""
    await core.say('interview plan "Grace Lin" company:"Harris Farm Markets" when:"in 3 days"')
    out = await core.say('interview log "Grace Lin" company:"Harris Farm" notes:"HACCP first"')
    assert "With: Grace Lin (Harris Farm Markets)" in out
    assert "I added" not in out
    assert len(contacts(core)) == 1
    await core.say('interview log "Grace Lin" company:"Woolworths"')
    assert len(contacts(core)) == 2  # another company: another Grace Lin


async def test_a_shared_first_name_asks_and_changes_nothing(core: CoreHarness) -> None:
    await core.say('contact add "Dana Whitfield" company:Globex')
    await core.say('contact add "Dana Scott" company:Acme')
    whitfield, scott = named(core, "Dana Whitfield"), named(core, "Dana Scott")
    before = repr(core.uow.store.rows)
    reply = await run(core, 'checkin add Dana "in 2 weeks" "Send the article"')
    assert "Dana could be Dana Whitfield (Globex) or Dana Scott (Acme)" in reply.text
    assert repr(core.uow.store.rows) == before  # no reminder, no new "Dana"
    commands = {a.label: a.command for a in reply.actions}
    assert commands == {
        f"#{whitfield.number} Dana Whitfield (Globex)": (
            f'checkin add #{whitfield.number} "in 2 weeks" "Send the article"'
        ),
        f"#{scott.number} Dana Scott (Acme)": f'checkin add #{scott.number} "in 2 weeks" "Send the article"',
        "Someone new: Dana": 'checkin add +Dana "in 2 weeks" "Send the article"',
    }
    # Clicking a button runs the person's own line about the person they picked.
    out = await core.say(commands[f"#{scott.number} Dana Scott (Acme)"])
    assert "I'll remind you about Dana Scott on" in out
    [reminder] = core.uow.store.table("reminders")
    assert (reminder.contact_id, reminder.text) == (scott.id, "Send the article")


async def test_someone_new_is_added_and_announced(core: CoreHarness) -> None:
    await core.say('contact add "Dana Whitfield"')
    out = await core.say("interview log Dana notes:hi")  # her first name: it is her
    assert "With: Dana Whitfield" in out
    assert "I added" not in out
    out = await core.say("interview log +Dana notes:hi")  # a second Dana, on purpose
    dana = named(core, "Dana")
    assert f"I added Dana to your contacts (#{dana.number})." in out
    assert [c.name for c in contacts(core)] == ["Dana Whitfield", "Dana"]
    # Now "Dana" is exact: it means the new Dana, and asks nothing.
    assert "With: Dana\n" in await core.say("interview log Dana")
    assert len(core.uow.store.table("interviews")) == 3


async def test_a_near_miss_is_a_question_never_a_guess(core: CoreHarness) -> None:
    await core.say('contact add "Zoë Kowalski"')
    zoe = named(core, "Zoë Kowalski")
    shown = await run(core, 'contact show "Zoey Kowalsky"')
    assert shown.text.startswith(
        "I can't find a contact called Zoey Kowalsky in your contacts. Did you mean Zoë Kowalski?"
    )
    assert [a.command for a in shown.actions] == [f"contact show #{zoe.number}"]
    planned = await run(core, 'interview plan "Zoey Kowalsky"')
    assert [a.command for a in planned.actions] == [
        f"interview plan #{zoe.number}",
        'interview plan "+Zoey Kowalsky"',
    ]
    assert core.uow.store.table("interviews") == []
    assert len(contacts(core)) == 1


async def test_a_name_that_fits_nobody_adds_them_and_says_so(core: CoreHarness) -> None:
    out = await core.say('outreach sent "Raj Patel"')
    raj = named(core, "Raj Patel")
    assert f"I added Raj Patel to your contacts (#{raj.number})." in out
    out = await core.say("checkin add Mia tomorrow")
    assert "I added Mia to your contacts" in out
    plan = await core.say('interview plan "Lea Ng" when:"tomorrow 3pm"')
    assert "Lea Ng" in plan
    assert "I added Lea Ng to your contacts" in plan


async def test_lookups_never_reach_other_people(core: CoreHarness) -> None:
    await core.say('contact add "Dana Whitfield"', BOB)
    out = await core.say("contact show Dana")
    assert "can't find a contact called Dana" in out
    assert "Whitfield" not in out
    out = await core.say("checkin add Dana in 2 weeks")
    assert "I added Dana to your contacts" in out


async def test_contact_add_knows_the_person_whatever_the_accents(core: CoreHarness) -> None:
    await core.say('contact add "Zoë Kowalski" company:Initech')
    out = await core.say('contact add "Zoe Kowalski" company:initech')
    assert "already in your contacts" in out
    assert "Nothing changed." in out
    out = await core.say('contact add "+Zoe Kowalski"')  # explicitly another person
    assert "Added Zoe Kowalski" in out
    assert len(contacts(core)) == 2


async def test_contact_add_with_new_details_offers_the_edit(core: CoreHarness) -> None:
    await core.say('interview log "Jane Doe" referrals:"Bo Chen (Globex)"')
    bo = named(core, "Bo Chen")
    before = repr(core.uow.store.rows)
    reply = await run(core, 'contact add "Bo Chen" role:"Data Engineer" notes:"Met at PyCon"')
    assert reply.title == f"Bo Chen (Globex) is already in your contacts (#{bo.number})."
    assert repr(core.uow.store.rows) == before
    [update] = reply.actions
    assert update.label == "Update Bo Chen"
    assert update.command == (
        f'contact edit #{bo.number} role:"Data Engineer" notes:"Met at PyCon"'
    )
    assert "Updated" in await core.say(update.command)
    bo = named(core, "Bo Chen")
    assert (bo.role, bo.notes, bo.company) == ("Data Engineer", "Met at PyCon", "Globex")
    again = await run(core, 'contact add "Bo Chen" notes:"Likes chess"')
    assert again.actions[0].command == f'contact edit #{bo.number} notes:"Met at PyCon Likes chess"'


async def test_referrals_find_the_accented_contact(core: CoreHarness) -> None:
    await core.say('contact add "Zoë Kowalski"')
    out = await core.say('interview log "Jane Doe" referrals:"Zoe Kowalski"')
    assert "Referrals: Zoë Kowalski" in out
    assert len(contacts(core)) == 2
    assert named(core, "Zoë Kowalski").referred_by_id == named(core, "Jane Doe").id


async def test_every_naming_command_uses_the_resolver(core: CoreHarness) -> None:
    await core.say('interview log "Dana Whitfield" company:Globex')
    checks = {
        "interview list contact:dana": "Dana Whitfield (Globex) · held",
        "interview prep dana": "Prep pack: Dana Whitfield",
        "questions for:dana": "Dana Whitfield",
        "outreach draft dana": "Dana",
        "contact chain dana": "Referral chain of Dana Whitfield",
    }
    for line, expected in checks.items():
        reply = await run(core, line)
        assert not reply.is_error, (line, reply.text)
        assert expected in reply.plain_text(), line
    assert len(contacts(core)) == 1
