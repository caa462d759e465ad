"""Your own questions: add, list, remove; private to you; they join your suggestions."""

from __future__ import annotations

from bot.domain import CustomQuestion
from tests.conftest import ALICE, BOB, CoreHarness
from tests.questions.helpers import add_contact, add_interview

MINE = "What would you do differently if you started again tomorrow?"


async def test_add_list_remove(core: CoreHarness) -> None:
    added = await core.say(f'questions add "{MINE}" category:skills')
    assert "Added question #" in added
    assert "Only you can see it" in added
    rows: list[CustomQuestion] = core.uow.store.table("custom_questions")
    assert [(q.text, q.category, q.user_id) for q in rows] == [(MINE, "skills", "alice")]
    assert MINE in await core.say("questions mine")
    assert f"Removed question #{rows[0].number}" in await core.say(
        f"questions remove {rows[0].number}"
    )
    assert "haven't added" in await core.say("questions mine")


async def test_custom_questions_join_suggestions_and_stay_private(core: CoreHarness) -> None:
    await core.say(f'questions add "{MINE}"')
    alice = await core.dispatcher.run_text(ALICE, "questions")
    lines = [line for s in alice.sections for line in s.lines]
    assert any(line.startswith(MINE) and "Your own question" in line for line in lines)
    assert any(s.heading == "Your own questions" for s in alice.sections)
    bob = await core.say("questions count:20", BOB)
    assert MINE not in bob
    assert MINE not in await core.say("questions mine", BOB)
    qid = core.uow.store.table("custom_questions")[0].id
    refused = await core.say(f"questions remove {qid}", BOB)
    assert "no question #" in refused
    assert len(core.uow.store.table("custom_questions")) == 1


async def test_custom_question_already_asked_is_left_out(core: CoreHarness) -> None:
    jane = add_contact(core, "Jane Doe", role="Designer")
    await core.say(f'questions add "{MINE}"')
    add_interview(core, jane, asked=[MINE.lower()])
    assert MINE not in await core.say(f"questions for:#{jane.number} count:20")


async def test_bad_custom_input_writes_nothing(core: CoreHarness) -> None:
    cases = {
        "questions add": "Write the question",
        'questions add "short"': "Write the question",
        f'questions add "{"why " * 100}"': "keep it under 300",
        f'questions add "{MINE}" category:gossip': "isn't a question category",
        'questions add "What was the first job that pointed you toward the work you do now?"': "already in the bank",
        "questions remove": "by its number",
        "questions remove abc": "by its number",
        "questions remove 99": "no question #99",
    }
    for command, expected in cases.items():
        assert expected in await core.say(command), command
    assert core.uow.store.count() == 0
    await core.say(f'questions add "{MINE}"')
    assert "already added" in await core.say(f'questions add "{MINE.upper()}"')
    assert len(core.uow.store.table("custom_questions")) == 1


async def test_category_by_label_or_prefix(core: CoreHarness) -> None:
    await core.say(
        'questions add "How do you pick which conference talks to attend?" category:"industry trends"'
    )
    await core.say(
        'questions add "Which of your habits would you pass on to a newcomer?" category:"challenges and rewards"'
    )
    await core.say(
        'questions add "Who inspired you to take the leap into this work?" category:career'
    )
    rows = core.uow.store.table("custom_questions")
    assert [q.category for q in rows] == ["industry-trends", "challenges-rewards", "career-path"]


async def test_custom_questions_and_goal_on_real_databases(sql_core: CoreHarness) -> None:
    from bot.domain import Contact

    async with sql_core.uow() as uow:
        jane = await uow.contacts.add(
            Contact(ALICE.platform, ALICE.workspace_id, ALICE.user_id, "Jane Doe", role="Teacher")
        )
        await uow.commit()
        jane_id = jane.id
    assert "Added question" in await sql_core.say(f'questions add "{MINE}"')
    text = await sql_core.say(f"questions for:#{jane_id} goal:changing-careers")
    assert MINE in text
    assert "Saved as your goal" in text
    assert "your goal: changing careers" in await sql_core.say(f"questions for:#{jane_id}")
    assert MINE not in await sql_core.say("questions count:20", BOB)
    assert "Prep pack: Jane Doe (Teacher)" in await sql_core.say(f"interview prep #{jane_id}")


async def test_closed_and_searchable_questions_are_saved_with_a_fix(core: CoreHarness) -> None:
    closed = await core.say('questions add "Do you enjoy working in audit?"')
    assert "Added question #" in closed
    assert "yes or a no" in closed
    assert "how, what or which" in closed
    searchable = await core.say('questions add "What does your company do for its customers?"')
    assert "Added question #" in searchable
    assert "website or a quick search" in searchable
    assert len(core.uow.store.table("custom_questions")) == 2
    fine = await core.say('questions add "How did you decide which clients to take on first?"')
    assert "yes or a no" not in fine
    assert "quick search" not in fine
    assert "Saved as written" not in fine


async def test_a_job_ask_is_held_back_with_a_button_to_save_anyway(core: CoreHarness) -> None:
    ask = "Can you refer me for the open role on your team?"
    reply = await core.dispatcher.run_text(ALICE, f'questions add "{ask}"')
    assert reply.title == "Not saved yet"
    assert "job or a referral" in reply.text
    assert "Ask about the path instead" in reply.text
    assert core.uow.store.count() == 0
    (button,) = reply.actions
    assert button.label == "Save it anyway"
    assert len(button.command) <= 89
    saved = await core.dispatcher.run_text(ALICE, button.command)
    assert "Added question #" in saved.title
    assert [q.text for q in core.uow.store.table("custom_questions")] == [ask]


async def test_a_sales_pitch_is_held_back_too(core: CoreHarness) -> None:
    reply = await core.say('questions add "Would you stock my sourdough in your stores?"')
    assert "Not saved yet" in reply
    assert "sales call" in reply
    assert core.uow.store.count() == 0
    long_ask = "Could you pass on my CV to whoever is hiring " + "for the analytics team " * 4 + "?"
    held = await core.dispatcher.run_text(ALICE, f'questions add "{long_ask}"')
    assert held.actions == ()
    assert "anyway:yes" in held.plain_text()


async def test_more_own_questions_than_the_call_fits(core: CoreHarness) -> None:
    topics = [
        "pricing",
        "hiring",
        "suppliers",
        "audits",
        "margins",
        "seasons",
        "buyers",
        "listings",
        "logistics",
    ]
    replies = [
        await core.say(f'questions add "How do you think about {t} in your part of the business?"')
        for t in topics
    ]
    assert all("Added question #" in r for r in replies)
    assert "room for about 8" not in replies[7]
    assert (
        "You now have 9 questions of your own; a 20-minute conversation has room for about 8"
        in (replies[8])
    )


async def test_the_next_planned_call_sets_how_many_fit(core: CoreHarness) -> None:
    from datetime import timedelta

    from bot.domain import Interview

    jane = add_contact(core, "Jane Doe", role="Grocery Buyer")
    core.uow.store.insert(
        "interviews",
        Interview(
            ALICE.platform,
            ALICE.workspace_id,
            ALICE.user_id,
            jane.id or 0,
            status="scheduled",
            held_at=None,
            scheduled_at=core.clock.now() + timedelta(days=2),
            duration_minutes=10,
        ),
    )
    replies = [
        await core.say(f'questions add "Which {t} matter most when you choose a supplier?"')
        for t in ("certifications", "delivery terms", "price points", "pack sizes", "audits")
    ]
    assert "room for about" not in replies[3]
    assert "a 10-minute conversation has room for about 4" in replies[4]
