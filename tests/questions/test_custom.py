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
    assert f"Removed question #{rows[0].id}" in await core.say(f"questions remove {rows[0].id}")
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
    assert MINE not in await core.say(f"questions for:#{jane.id} count:20")


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
