"""The thank-you note: specific (a takeaway, a next step), prompt, and it marks 'thanked'."""

from __future__ import annotations

from datetime import timedelta

from bot.dispatcher import Dispatcher
from bot.domain import Interview, Reminder, UserSettings
from bot.reminders.render import render_reminder
from tests.conftest import ALICE, CoreHarness


async def _held(core: CoreHarness, **options: str) -> Interview:
    extra = " ".join(f'{k}:"{v}"' for k, v in options.items())
    await core.say(f'interview log "Priya Natarajan" company:Acme role:"Data Lead" {extra}')
    interviews: list[Interview] = core.uow.store.table("interviews")
    return interviews[-1]


async def test_thank_you_uses_the_takeaway_and_next_step(core: CoreHarness) -> None:
    interview = await _held(
        core, takeaways="Start with the data team; learn SQL", actions="Finish the SQL course"
    )
    text = await core.say('outreach draft "Priya Natarajan" format:thank-you')
    assert "Thank-you note for Priya Natarajan" in text
    assert "Subject: Thank you for the advice on working as a data lead" in text
    assert "Your advice to start with the data team really stayed with me." in text
    assert "Next, I'm going to finish the SQL course." in text
    assert "ready to send" not in text
    assert "Good: it names what you took from the talk" in text
    assert "asks for a job" not in text
    assert "why you chose" not in text
    reply = await core.dispatcher.run_text(ALICE, 'outreach draft "Priya Natarajan" format:thanks')
    commands = [a.command for a in reply.actions]
    assert f"interview thanked {interview.number}" in commands
    assert not any("outreach sent" in c for c in commands)
    assert "Thank-you to Priya Natarajan recorded" in await core.say(
        f"interview thanked {interview.number}"
    )
    assert core.uow.store.table("interviews")[-1].status == "thanked"


async def test_thank_you_without_a_takeaway_or_late_says_how_to_fix(core: CoreHarness) -> None:
    await _held(core)
    core.clock.advance(timedelta(days=2))
    text = await core.say('outreach draft "Priya Natarajan" format:thank-you')
    assert "[one thing you learned from them]" in text
    assert "doesn't say what you took from the conversation" in text
    assert "2 day(s) ago" in text


async def test_other_drafts_never_offer_a_thank_you_button(core: CoreHarness) -> None:
    await core.say('contact add "Sam Lee" company:Globex role:Designer')
    reply = await core.dispatcher.run_text(ALICE, 'outreach draft "Sam Lee" reason:"your talk"')
    assert not any("thank-you" in a.command for a in reply.actions)


async def test_the_reminder_button_for_a_thank_you_works(core: CoreHarness) -> None:
    interview = await _held(core, takeaways="Talk to the platform team")
    contact = core.uow.store.table("contacts")[-1]
    reminder = Reminder(
        "console",
        "w1",
        "alice",
        "thank-you",
        core.clock.now(),
        contact_id=contact.id,
        interview_id=interview.id,
        id=99,
    )
    dm = render_reminder(
        reminder,
        contact=contact,
        interview=interview,
        prefs=UserSettings("console", "w1", "alice"),
        prep=(),
        late=False,
    )
    draft = next(a for a in dm.actions if a.label == "Draft thank-you")
    assert isinstance(core.dispatcher, Dispatcher)
    reply = await core.dispatcher.run_text(ALICE, draft.command)
    assert not reply.is_error, reply.plain_text()
    assert "platform team" in reply.plain_text()
