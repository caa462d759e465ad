"""Prep packs: research checklist, question pack and earlier notes for one contact."""

from __future__ import annotations

from datetime import timedelta

from bot.domain import Contact
from bot.outreach.wording import goal_of
from bot.questions.prep import GOAL_HINT, prep_pack
from bot.questions.ranking import PRESUMING
from bot.questions.suggest import build_pack
from tests.conftest import ALICE, BOB, CoreHarness
from tests.questions.helpers import add_contact, add_interview


async def test_prep_pack_sections(core: CoreHarness) -> None:
    sam = add_contact(core, "Sam Lee", company="Acme")
    jane = add_contact(
        core, "Jane Doe", role="Engineering Manager", industry="Fintech", company="Ledgerly"
    )
    jane.referred_by_id = sam.id
    jane.how_known = "met at the payments meetup"
    add_interview(
        core,
        jane,
        held_at=core.clock.now() - timedelta(days=30),
        takeaways="Learn SQL before anything else",
        notes="She moved from QA into engineering",
        asked=["How did you get started?"],
    )
    async with core.uow() as uow:
        research, questions, earlier = await prep_pack(uow, ALICE, jane, now=core.clock.now())
    assert research.heading == "Research before you talk to Jane"
    text = "\n".join(research.lines)
    assert "Engineering Manager at Ledgerly" in text
    assert "Ledgerly's website" in text
    assert "Fintech" in text
    assert "Sam Lee introduced you" in text
    assert "met at the payments meetup" in text
    *asked, hint = questions.lines
    assert len(asked) == 8
    assert all(" — " in line for line in asked)
    assert hint == GOAL_HINT  # nothing says what Alice is after
    notes = "\n".join(earlier.lines)
    assert "Learn SQL before anything else" in notes
    assert "moved from QA" in notes
    assert "already asked 1 question" in notes


async def test_prep_pack_for_a_first_conversation_with_little_known(core: CoreHarness) -> None:
    ann = add_contact(core, "Ann")
    async with core.uow() as uow:
        sections = await prep_pack(uow, ALICE, ann, now=core.clock.now())
    assert "first conversation with Ann" in sections[2].lines[0]
    assert "Find out where Ann works" in "\n".join(sections[0].lines)
    assert sum(len(line) for s in sections for line in s.lines) < 9_000


async def test_prep_pack_mentions_the_upcoming_meeting(core: CoreHarness) -> None:
    jane = add_contact(core, "Jane Doe", role="Teacher")
    interview = add_interview(core, jane, status="scheduled")
    interview.held_at = None
    interview.scheduled_at = core.clock.now() + timedelta(days=2)
    interview.medium = "video"
    async with core.uow() as uow:
        research, *_ = await prep_pack(uow, ALICE, jane, now=core.clock.now())
    assert any("Confirm Tue 24 Nov 2026" in line and "(video)" in line for line in research.lines)


async def test_interview_prep_command(core: CoreHarness) -> None:
    jane = add_contact(core, "Jane Doe", role="Nurse", industry="Healthcare")
    text = await core.say('interview prep "Jane Doe"')
    assert text.startswith("Prep pack: Jane Doe (Nurse)")
    assert "Questions to ask Jane" in text
    reply = await core.dispatcher.run_text(ALICE, f"interview prep #{jane.number}")
    assert [a.command for a in reply.actions] == [
        f"interview prep #{jane.number} done:role",
        f"interview prep #{jane.number} done:company",
        f"interview prep #{jane.number} done:industry",
        f"questions for:#{jane.number} page:2",
        f"outreach draft #{jane.number}",
    ]
    assert "can't find a contact" in await core.say('interview prep "Jane Doe"', BOB)
    assert "name is missing" in await core.say("interview prep")


async def test_prep_pack_notes_stay_with_their_owner(core: CoreHarness) -> None:
    theirs = add_contact(core, "Jane Doe", owner=BOB)
    add_interview(core, theirs, owner=BOB, takeaways="Bob's private takeaway")
    mine = Contact(ALICE.platform, ALICE.workspace_id, ALICE.user_id, "Jane Doe", id=theirs.id)
    async with core.uow() as uow:
        sections = await prep_pack(uow, ALICE, mine, now=core.clock.now())
    assert "Bob's private takeaway" not in str(sections)


async def test_interview_plan_attaches_the_prep_pack(core: CoreHarness) -> None:
    reply = await core.dispatcher.run_text(
        ALICE,
        'interview plan "Jane Doe" company:Ledgerly role:"Engineering Manager" '
        'when:"next Tuesday 10am"',
    )
    assert reply.title.startswith("Planned interview")
    headings = [s.heading for s in reply.sections]
    assert headings == [
        "Research before you talk to Jane",
        "Questions to ask Jane",
        "From earlier conversations with Jane",
    ]
    assert "Engineering Manager at Ledgerly" in "\n".join(reply.sections[0].lines)
    assert len(reply.sections[1].lines) == 8 + 1  # and the goal hint
    # a request without a time has no prep pack yet
    asked = await core.dispatcher.run_text(ALICE, 'interview plan "Raj Patel"')
    assert asked.sections == ()


async def test_questions_that_say_who_is_asking_wait_until_someone_says(
    core: CoreHarness,
) -> None:
    """Nothing says what Alice is after: no question presumes a career change, a degree
    or a business of hers. Her about line then says she runs a bakery: the pack is a
    business owner's, without asking her to pick a goal."""
    mia = add_contact(core, "Mia Chen", company="Mercado Central")
    async with core.uow() as uow:
        pack = await build_pack(uow, ALICE, mia, count=40)
        [questions] = [
            s
            for s in await prep_pack(uow, ALICE, mia, now=core.clock.now())
            if s.heading.startswith("Questions")
        ]
    assert pack.target.goal is None
    assert not [s.question.id for s in pack.suggestions if s.question.category in PRESUMING]
    assert questions.lines[-1] == GOAL_HINT
    await core.say('outreach profile about:"I run a small bakery in Valencia"')
    async with core.uow() as uow:
        pack = await build_pack(uow, ALICE, mia, count=40)
        [questions] = [
            s
            for s in await prep_pack(uow, ALICE, mia, now=core.clock.now())
            if s.heading.startswith("Questions")
        ]
    assert pack.target.goal == "business-research"
    assert "your goal: researching a business (from your profile" in pack.describe()
    categories = {s.question.category for s in pack.suggestions}
    assert "business-research" in categories
    assert not categories & {"career-change", "advice-for-students", "breaking-in"}
    assert GOAL_HINT not in questions.lines


def test_a_profile_says_the_goal_it_plainly_means() -> None:
    assert goal_of("I run a small bakery", "") == "business-research"
    assert goal_of("teacher moving into UX research", "") == "changing-careers"
    assert goal_of("", "student") == "breaking-in"
    assert goal_of("final-year economics student", "") == "breaking-in"
    assert goal_of("I like hiking", "") is None
