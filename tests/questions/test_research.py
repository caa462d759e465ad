"""Research notes, the tickable research checklist, mistakes to avoid, and prep text that
follows the planned length (issue 17 §3)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.domain import Contact
from bot.questions.mistakes import mistakes_to_avoid
from bot.questions.prep import prep_pack
from tests.conftest import ALICE, BOB, CoreHarness
from tests.questions.helpers import add_contact


def _contact(core: CoreHarness, name: str) -> Contact:
    [found] = [c for c in core.uow.store.table("contacts") if c.name == name]
    return found


async def test_research_lines_are_dated_shown_and_cleared(core: CoreHarness) -> None:
    await core.say('contact add "Dana Lee" company:FreshMart role:"Category Manager"')
    said = await core.say('contact research "Dana Lee" "Spoke on a sourcing panel in May"')
    assert "Noted for Dana Lee" in said
    assert "22 Nov 2026: Spoke on a sourcing panel in May" in said
    core.clock.current += timedelta(days=2)
    await core.say('contact research "Dana Lee" found:"FreshMart opened two stores"')
    dana = _contact(core, "Dana Lee")
    assert dana.research.splitlines() == [
        "22 Nov 2026: Spoke on a sourcing panel in May",
        "24 Nov 2026: FreshMart opened two stores",
    ]
    shown = await core.say('contact show "Dana Lee"')
    assert "What you found: 22 Nov 2026: Spoke on a sourcing panel in May; 24 Nov" in shown
    async with core.uow() as uow:
        sections = await prep_pack(uow, ALICE, dana, now=core.clock.now())
    [found] = [s for s in sections if s.heading == "What you found"]
    assert found.lines[0].endswith("FreshMart opened two stores")  # newest first
    assert "can't find a contact" in await core.say('contact research "Dana Lee" "x"', BOB)
    assert "clear:yes" in await core.say('contact research "Dana Lee"')
    assert len(_contact(core, "Dana Lee").research.splitlines()) == 2
    assert "cleared" in await core.say('contact research "Dana Lee" clear:yes')
    dana = _contact(core, "Dana Lee")
    assert dana.research == ""
    async with core.uow() as uow:
        sections = await prep_pack(uow, ALICE, dana, now=core.clock.now())
    assert "What you found" not in [s.heading for s in sections]
    assert "already empty" in await core.say('contact research "Dana Lee" clear:yes')


async def test_an_overlong_finding_is_refused_and_nothing_changes(core: CoreHarness) -> None:
    await core.say('contact add "Dana Lee"')
    said = await core.say(f'contact research "Dana Lee" "{"word " * 150}"')
    assert "keep one under 500" in said
    assert _contact(core, "Dana Lee").research == ""


async def test_checklist_items_are_ticked_by_key_and_the_rest_is_listed(
    core: CoreHarness,
) -> None:
    add_contact(core, "Jane Doe", role="Nurse", company="St Mary's", industry="Healthcare")
    first = await core.dispatcher.run_text(ALICE, 'interview prep "Jane Doe"')
    lines = first.sections[0].lines
    assert lines[0].startswith("☐ Their path (role): Read Jane's profile")
    assert "interview prep #1 done:role" in lines[-1]
    reply = await core.dispatcher.run_text(ALICE, 'interview prep "Jane Doe" done:profile,news')
    assert reply.text.startswith("Ticked: role, company.")
    assert _contact(core, "Jane Doe").research_done == ["role", "company"]
    lines = reply.sections[0].lines
    assert lines[0].startswith("✓ Their path (role):")
    assert lines[1].startswith("✓ The organisation (company):")
    assert lines[2].startswith("☐ A recent development (industry):")
    assert "2 of 4 done; still to do: industry, pitch" in lines[-1]
    assert [a.label for a in reply.actions][:2] == [
        "Done: a recent development",
        "Done: your two sentences",
    ]
    again = await core.say('interview prep "Jane Doe" done:role')
    assert "already ticked" in again
    done = await core.dispatcher.run_text(ALICE, "interview prep #1 done:industry,pitch")
    assert done.sections[0].lines[-1] == "All done: you're ready for this one."
    assert not [a for a in done.actions if a.label.startswith("Done:")]


async def test_a_held_conversation_clears_only_the_ticks_that_belonged_to_it(
    core: CoreHarness,
) -> None:
    """Research about the person carries to the next conversation; the time confirmed
    and your two sentences were for the one that has now happened."""
    await core.say('interview plan "Jane Doe" company:Acme role:Nurse when:"in 2 days"')
    await core.say('interview prep "Jane Doe" done:role,company,pitch,time')
    assert _contact(core, "Jane Doe").research_done == ["role", "company", "pitch", "time"]
    [planned] = core.uow.store.table("interviews")
    await core.say(f"interview done {planned.number}")
    assert _contact(core, "Jane Doe").research_done == ["role", "company"]
    await core.say('interview plan "Jane Doe" when:"in 9 days"')
    lines = (await core.dispatcher.run_text(ALICE, 'interview prep "Jane Doe"')).sections[0].lines
    assert lines[0].startswith("✓ Their path (role)")
    assert any(line.startswith("☐ The time (time)") for line in lines)
    assert any(line.startswith("☐ Your two sentences (pitch)") for line in lines)


async def test_a_wrong_checklist_key_is_refused_and_changes_nothing(core: CoreHarness) -> None:
    add_contact(core, "Jane Doe", role="Nurse")
    said = await core.say('interview prep "Jane Doe" done:banana')
    assert "`banana` isn't one of the checklist items" in said
    assert "Did you mean" not in said
    assert "`role`" in said
    said = await core.say('interview prep "Jane Doe" done:role,comapny')
    assert "`comapny` isn't one of the checklist items. Did you mean `company`?" in said
    assert _contact(core, "Jane Doe").research_done == []
    # no industry known, so there is no industry item to tick
    said = await core.say('interview prep "Jane Doe" done:role,industry')
    assert "has no `industry` item" in said
    assert _contact(core, "Jane Doe").research_done == []
    assert "Say which items" in await core.say('interview prep "Jane Doe" done:""')


async def test_a_referred_contact_checklist_says_the_referral_once(core: CoreHarness) -> None:
    await core.say('contact add "Raj Patel" company:Globex')
    await core.say('contact add "Dana Whitfield" company:FreshMart referred_by:"Raj Patel"')
    dana = _contact(core, "Dana Whitfield")
    assert dana.how_known == "referred by Raj Patel"
    async with core.uow() as uow:
        research, *_ = await prep_pack(uow, ALICE, dana, now=core.clock.now())
    text = "\n".join(research.lines)
    assert text.count("Raj Patel") == 1
    assert "How you know" not in text
    # a different story of how you know them is kept, in the same item
    dana.how_known = "met at the farmers' market"
    async with core.uow() as uow:
        research, *_ = await prep_pack(uow, ALICE, dana, now=core.clock.now())
    [intro] = [line for line in research.lines if "(intro):" in line]
    assert "met at the farmers' market" in intro
    assert "Raj Patel introduced you" in intro
    assert "\n".join(research.lines).count("Raj Patel") == 1


async def test_prep_text_follows_the_planned_length(core: CoreHarness) -> None:
    await core.say(
        'interview plan "Dana Lee" company:FreshMart when:"in 3 days" duration:30m medium:video'
    )
    reply = await core.dispatcher.run_text(ALICE, 'interview prep "Dana Lee"')
    assert "makes the 30 minutes count" in reply.text
    assert any("plan to finish within 30 minutes" in line for line in reply.sections[0].lines)
    assert "twenty" not in reply.plain_text()
    assert "20 minutes" not in reply.plain_text()
    ann = add_contact(core, "Ann")
    no_plan = await core.dispatcher.run_text(ALICE, f"interview prep #{ann.number}")
    assert "makes the conversation count" in no_plan.text


@pytest.mark.parametrize(
    ("goal", "expected", "never"),
    [
        ("breaking-in", "Don't turn it into a job interview", "pitch"),
        ("changing-careers", "Don't ask for a job or a referral", "pitch"),
        ("exploring", "not a job interview in either direction", "pitch"),
        ("business-research", "Don't pitch. You're learning how FreshMart works", "job"),
        ("", "not a job interview in either direction", "pitch"),
    ],
)
def test_mistakes_fit_the_goal(goal: str, expected: str, never: str) -> None:
    dana = Contact("console", "w", "u", "Dana Lee", company="FreshMart")
    lines = mistakes_to_avoid(goal, dana, 45)
    assert 3 <= len(lines) <= 5
    assert expected in lines[0]
    assert never not in " ".join(lines).lower()
    assert any("You asked for 45 minutes" in line for line in lines)
    assert any("who else you should talk to" in line for line in lines)


async def test_the_prep_reminder_carries_mistakes_fitted_to_the_person(
    core: CoreHarness,
) -> None:
    from bot.reminders.dispatch import DispatchConfig, ReminderDispatcher

    await core.say("checkin settings quiet:off")
    await core.say("questions goal:business-research")
    await core.say(
        'interview plan "Dana Lee" when:"in 3 days" duration:45m company:FreshMart '
        'role:"Category Manager"'
    )
    prep = sorted(
        (r for r in core.uow.store.table("reminders") if r.kind == "prep"),
        key=lambda r: r.due_at,
    )[0]
    core.clock.current = prep.due_at
    services = core.dispatcher.services
    await ReminderDispatcher(services, DispatchConfig(rate_per_workspace=None)).run_once()
    [message] = core.notifier.sent
    [mistakes] = [s for s in message.reply.sections if s.heading == "Mistakes to avoid"]
    text = " ".join(mistakes.lines)
    assert "Don't pitch" in text
    assert "You asked for 45 minutes" in text
    assert "job interview" not in text
    checklist = message.reply.sections[0].lines
    assert any("plan to finish within 45 minutes" in line for line in checklist)
    dana = _contact(core, "Dana Lee")
    assert f"interview prep #{dana.number}" in [a.command for a in message.reply.actions]
    # the pack a person opens themselves leaves the mistakes for the reminder
    plain = await core.dispatcher.run_text(ALICE, 'interview prep "Dana Lee"')
    assert "Mistakes to avoid" not in [s.heading for s in plain.sections]


async def test_merging_two_records_keeps_the_research_of_both(core: CoreHarness) -> None:
    await core.say('contact add "Dana Lee" company:FreshMart')
    await core.say('contact add "Dana L" company:FreshMart')
    await core.say('contact research "Dana Lee" "Spoke on a sourcing panel"')
    await core.say('contact research "Dana L" "Wrote about shelf space for local bakers"')
    await core.say('interview prep "Dana L" done:pitch')
    await core.say('interview prep "Dana Lee" done:role')
    said = await core.say("contact merge #1 #2 confirm:yes")
    assert said.startswith("Merged Dana L into #1 Dana Lee (FreshMart)")
    dana = _contact(core, "Dana Lee")
    assert dana.research.splitlines() == [
        "22 Nov 2026: Spoke on a sourcing panel",
        "22 Nov 2026: Wrote about shelf space for local bakers",
    ]
    assert dana.research_done == ["role", "pitch"]
