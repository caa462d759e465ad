"""`outreach draft|sent|profile` through the core, and `sent` on both real databases."""

from __future__ import annotations

from datetime import timedelta

from bot.domain import Contact, Interview, Reminder, UserSettings
from bot.lifecycle.bus import EventContext
from bot.lifecycle.events import DomainEvent, InterviewEvent
from bot.outreach.formats import LINKEDIN_LIMIT
from bot.reminders.render import render_reminder
from tests.conftest import ALICE, BOB, CoreHarness
from tests.questions.helpers import add_contact


async def test_draft_reads_only_and_offers_short_actions(core: CoreHarness) -> None:
    jane = add_contact(core, "Jane Doe", role="Engineering Manager", company="Ledgerly")
    await core.say('outreach profile about:"a final-year economics student" name:"Alice Park"')
    rows_before = core.uow.store.count()
    reply = await core.dispatcher.run_text(
        ALICE, 'outreach draft "Jane Doe" reason:"I read your post on on-call rotations"'
    )
    assert reply.title == "Email draft for Jane Doe"
    assert reply.text.startswith("Subject: ")
    assert "I'm Alice Park, a final-year economics student" in reply.text or (
        "My name is Alice Park, and I'm a final-year economics student" in reply.text
    )
    assert "ready to send" not in reply.plain_text()  # it says what's good and what to add
    assert "Good: it says why them, and there's one clear ask" in reply.plain_text()
    assert "Make it yours" in reply.plain_text()
    commands = [a.command for a in reply.actions]
    assert commands[0] == f"outreach sent #{jane.number}"
    assert (
        f'outreach draft #{jane.number} format:linkedin reason:"I read your post on on-call rotations"'
        in commands
    )
    assert all(len(c) < 90 for c in commands)
    assert core.uow.store.count() == rows_before
    again = await core.dispatcher.run_text(
        ALICE, 'outreach draft "Jane Doe" reason:"I read your post on on-call rotations"'
    )
    assert again.text == reply.text  # stable wording per contact
    other = await core.dispatcher.run_text(ALICE, commands[-1])
    assert other.text != reply.text  # "another wording"


async def test_linkedin_note_is_limited_and_says_so(core: CoreHarness) -> None:
    add_contact(core, "Jane Doe", role="Engineering Manager", company="Ledgerly")
    long_reason = "I read your post about " + "payments and on-call and hiring managers " * 10
    reply = await core.dispatcher.run_text(
        ALICE, f'outreach draft "Jane Doe" format:linkedin reason:"{long_reason}"'
    )
    assert len(reply.text) <= LINKEDIN_LIMIT
    length = reply.fields[0].value
    assert length.endswith("(shortened to fit)")
    assert int(length.split("/")[0]) == len(reply.text)


async def test_generic_and_job_ask_warnings_reach_the_user(core: CoreHarness) -> None:
    add_contact(core, "Jane Doe", role="Engineering Manager", company="Ledgerly")
    generic = await core.say('outreach draft "Jane Doe"')
    assert "Before you send" in generic
    assert "why you chose Jane" in generic
    assert "who you are" in generic
    job = await core.say('outreach draft "Jane Doe" reason:"I am looking for a job at Ledgerly"')
    assert "asks for a job (“looking for a job”)" in job
    assert "Fix:" in job


async def test_a_reason_that_sells_or_asks_for_a_job_is_held_back_from_the_draft(
    core: CoreHarness,
) -> None:
    """Pasted in, the pitch would be sent as it is: the draft keeps a bracket in its place,
    the check says why, and a pitch makes the wording a business owner's."""
    add_contact(core, "Dana Whitfield", role="Category Manager", company="FreshMart")
    pitch = await core.dispatcher.run_text(
        ALICE,
        'outreach draft "Dana Whitfield" reason:"I want to pitch my bread to FreshMart '
        'and get a supplier contract"',
    )
    assert "pitch my bread" not in pitch.text
    assert "[what you hope to learn from them" in pitch.text
    assert "not for a job" not in pitch.text
    assert "Your reason sells" in pitch.plain_text()
    job = await core.dispatcher.run_text(
        ALICE, 'outreach draft "Dana Whitfield" reason:"Could you refer me for the buyer role?"'
    )
    assert "refer me" not in job.text
    assert "asks for a job" in job.plain_text()


async def test_draft_for_someone_new_or_unknown(core: CoreHarness) -> None:
    unknown = await core.say('outreach draft "Raj Patel"')
    assert "can't find Raj Patel" in unknown
    assert "company:" in unknown
    new = await core.dispatcher.run_text(
        ALICE, 'outreach draft "Raj Patel" company:Globex role:Designer format:alumni'
    )
    assert new.title == "Alumni email draft for Raj Patel"
    assert "your work as a designer at globex" in new.text.lower()
    # Drafting for someone new adds them (with the company and role the draft was given),
    # so the next command that names them, even by first name, finds them.
    (raj,) = core.uow.store.table("contacts")
    assert (raj.name, raj.company, raj.role) == ("Raj Patel", "Globex", "Designer")
    assert new.footer.startswith(f"I added Raj Patel to your contacts (#{raj.number}).")
    assert new.actions[0].command == f"outreach sent #{raj.number}"
    again = await core.dispatcher.run_text(ALICE, "outreach draft Raj format:linkedin")
    assert "I added" not in again.footer
    assert len(core.uow.store.table("contacts")) == 1
    sent = await core.say(new.actions[0].command)
    assert "Request to Raj Patel marked as sent" in sent
    assert "I added" not in sent
    bad = await core.say('outreach draft "Raj Patel" company:Globex format:fax')
    assert "isn't a draft format" in bad
    assert "linkedin" in bad
    assert "follow-up" in bad


async def test_sent_creates_requested_interview_and_follow_up_reminder(core: CoreHarness) -> None:
    jane = add_contact(core, "Jane Doe", role="Engineering Manager")
    text = await core.say(f"outreach sent #{jane.number}")
    assert "marked as sent" in text
    assert "Sun 29 Nov 2026" in text
    assert 'When they say yes: interview plan "Jane Doe" when:' in text
    (interview,) = core.uow.store.table("interviews")
    assert interview.status == "requested"
    assert interview.requested_at == core.clock.now()
    (reminder,) = core.uow.store.table("reminders")
    assert reminder.kind == "follow-up"
    assert reminder.status == "pending"
    assert reminder.due_at == core.clock.now() + timedelta(days=7)
    assert reminder.contact_id == jane.id
    assert reminder.interview_id == interview.id
    assert reminder.text == ""  # written at send time, from the contact as it is then
    shown = render_reminder(
        reminder, contact=jane, interview=interview, prefs=UserSettings("console", "w1", "alice")
    )
    assert "No reply from Jane Doe yet?" in shown.plain_text()
    assert f"outreach draft #{jane.number} format:follow-up" in [a.command for a in shown.actions]

    core.clock.advance(timedelta(days=8))
    nudge = await core.say(f"outreach draft #{jane.number} format:follow-up")
    assert "Follow-up nudge" in nudge
    assert "last week" in nudge
    assert "need a week" not in nudge
    again = await core.say(f"outreach sent #{jane.number}")  # the nudge: update, don't duplicate
    assert "Follow-up to Jane Doe noted" in again
    assert len(core.uow.store.table("interviews")) == 1
    (reminder,) = core.uow.store.table("reminders")
    assert reminder.due_at == core.clock.now() + timedelta(days=7)
    (interview,) = core.uow.store.table("interviews")  # rejected commands restore copies
    assert interview.requested_at == core.clock.now() - timedelta(days=8)  # the first ask


async def test_sent_for_a_new_person_creates_the_contact(core: CoreHarness) -> None:
    text = await core.say('outreach sent "Raj Patel" company:Globex role:Designer')
    (contact,) = core.uow.store.table("contacts")
    assert f"I added Raj Patel to your contacts (#{contact.number})." in text
    assert (contact.name, contact.company, contact.role) == ("Raj Patel", "Globex", "Designer")
    assert "can't find a contact" in await core.say("outreach sent #999")
    assert len(core.uow.store.table("interviews")) == 1


async def test_sent_tells_lifecycle_listeners(core: CoreHarness) -> None:
    seen: list[str] = []

    class Listener:
        async def handle(self, event: DomainEvent, ctx: EventContext) -> None:
            if isinstance(event, InterviewEvent):
                contact = await ctx.contact(event.interview.contact_id)
                assert contact is not None
                seen.append(f"{type(event).__name__}:{contact.name}:{event.interview.status}")

    core.dispatcher.services.journal_listeners = (Listener(),)
    await core.say('outreach sent "Raj Patel"')
    assert seen == ["InterviewRequested:Raj Patel:requested"]


async def test_profile_show_set_and_validate(core: CoreHarness) -> None:
    shown = await core.say("outreach profile")
    assert "(not set)" in shown
    assert "Change it" in shown
    saved = await core.say(
        'outreach profile about:"I\'m a nurse looking for a job in tech" school:"State U"'
    )
    assert "(saved)" in saved
    assert "mentions a job" in saved
    (prefs,) = core.uow.store.table("user_settings")
    assert prefs.school == "State U"
    too_long = await core.say(f'outreach profile about:"{"x" * 301}"')
    assert "keep it under 300" in too_long
    assert "School: State U" not in await core.say("outreach profile", BOB)


async def test_sent_on_real_databases(sql_core: CoreHarness) -> None:
    async with sql_core.uow() as uow:
        contact = await uow.contacts.add(
            Contact(ALICE.platform, ALICE.workspace_id, ALICE.user_id, "Jane Doe", role="Designer")
        )
        await uow.commit()
        contact_id = contact.id
    assert "marked as sent" in await sql_core.say(f"outreach sent #{contact_id}")
    assert "marked as sent" in await sql_core.say('outreach sent "Raj Patel" company:Globex')
    await sql_core.say(f"outreach sent #{contact_id}")
    async with sql_core.uow() as uow:
        interviews: list[Interview] = list(await uow.interviews.list(ALICE))
        reminders: list[Reminder] = list(await uow.reminders.list(ALICE))
    assert sorted(i.status for i in interviews) == ["requested", "requested"]
    assert sorted(r.kind for r in reminders) == ["follow-up", "follow-up"]
    assert all(r.due_at == sql_core.clock.now() + timedelta(days=7) for r in reminders)
    assert "Jane Doe" in await sql_core.say(f"outreach draft #{contact_id}")
    await sql_core.say('outreach profile school:"State U"')
    assert "State U" in await sql_core.say(f"outreach draft #{contact_id} format:alumni")


async def test_profile_status_and_year_shape_the_alumni_draft(core: CoreHarness) -> None:
    add_contact(core, "Jane Doe", role="Data Analyst", company="Ledgerly")
    await core.say('outreach profile name:"Alice Park" about:"a second-year economics student"')
    saved = await core.say('outreach profile school:"State University" status:student year:2027')
    assert "student, graduating in 2027" in saved
    draft = await core.say('outreach draft "Jane Doe" format:alumni found:"the alumni directory"')
    assert "I'm studying at State University, where you studied too, and I graduate in 2027." in (
        draft
    )
    assert "I found you through the alumni directory." in draft
    assert "how you became a data analyst" in draft
    bad = await core.say("outreach profile status:retired")
    assert "Say student, graduate or alum" in bad
    assert "should be a year like 2019" in await core.say("outreach profile year:soon")
    assert "student, graduating in 2027" in await core.say("outreach profile")  # unchanged
    await core.say("outreach profile status:alum year:2019")
    again = await core.say('outreach draft "Jane Doe" format:alumni')
    assert "Like you, I'm a State University graduate (class of 2019)." in again
    assert "found you" not in again  # only when you say how


async def test_profile_status_is_stored_on_real_databases(sql_core: CoreHarness) -> None:
    await sql_core.say("outreach profile status:graduate year:2019")
    async with sql_core.uow() as uow:
        prefs = await uow.settings.get_or_default(ALICE)
    assert (prefs.standing, prefs.class_year) == ("graduate", 2019)
    await sql_core.say("outreach profile year:none status:none")
    async with sql_core.uow() as uow:
        prefs = await uow.settings.get_or_default(ALICE)
    assert (prefs.standing, prefs.class_year) == ("", None)


async def test_a_reason_that_says_love_to_hear_is_not_echoed(core: CoreHarness) -> None:
    add_contact(core, "Rosa Lind", role="Owner", company="Crumb & Co")
    await core.say('outreach profile about:"a teacher moving into UX research" goal:changer')
    text = await core.say(
        'outreach draft "Rosa Lind" reason:"I\'d love to hear how you moved from accounting"'
    )
    assert text.lower().count("love to hear") == 1, text


async def test_a_titled_name_is_greeted_by_title_and_found_by_first_name(
    core: CoreHarness,
) -> None:
    """A biology student writes to "Dr Amara Obi": the draft opened "Hi Dr," and
    "outreach sent amara" found nobody."""
    reply = await core.dispatcher.run_text(
        ALICE,
        'outreach draft "Dr Amara Obi" role:"lab manager" company:"Crick Institute" '
        'reason:"your talk on running a lab with 40 people"',
    )
    assert "\nHi Dr Obi,\n" in reply.text
    sent = await core.say("outreach sent amara")
    assert "Dr Amara Obi" in sent
    prep = await core.say("interview prep amara")
    assert "Research before you talk to Amara" in prep
