"""`questions`: ranking fits the request, balance, exclusions, paging, bad input."""

from __future__ import annotations

from collections import Counter

from bot.domain import Contact
from bot.questions.bank import load_bank
from bot.questions.ranking import Target, arrange
from bot.questions.suggest import make_target
from bot.questions.vocab import GOAL_KEYS
from bot.reply import Reply
from tests.conftest import ALICE, BOB, CoreHarness
from tests.questions.helpers import add_contact, add_interview

BY_TEXT = {q.text: q for q in load_bank()}


async def ask(core: CoreHarness, text: str, actor=ALICE) -> Reply:  # type: ignore[no-untyped-def]
    return await core.dispatcher.run_text(actor, text)


def questions_in(reply: Reply) -> list[str]:
    return [line.split(" — ")[0] for section in reply.sections for line in section.lines]


def reasons_in(reply: Reply) -> list[str]:
    return [line.split(" — ")[1] for section in reply.sections for line in section.lines]


async def test_fintech_engineering_manager_gets_tailored_questions(core: CoreHarness) -> None:
    jane = add_contact(
        core, "Jane Doe", role="Engineering Manager", industry="Fintech", company="Ledgerly"
    )
    reply = await ask(core, f"questions for:#{jane.number}")
    asked = [BY_TEXT[t] for t in questions_in(reply)]
    assert len(asked) == 8
    tailored = [q for q in asked if q.fields & {"engineering-management", "fintech"}]
    assert len(tailored) >= 6
    assert "engineering management · fintech as the industry · senior level" in reply.text
    # every question written for engineering management outranks every general one
    ranked = arrange(load_bank(), make_target(jane), frozenset())
    positions = {s.question.id: i for i, s in enumerate(ranked)}
    best_generic = min(positions[s.question.id] for s in ranked if not s.question.fields)
    own = [s for s in ranked if "engineering-management" in s.question.fields]
    assert len(own) >= 8
    assert all(positions[s.question.id] < best_generic for s in own[:6])


async def test_questions_for_another_field_are_never_suggested(core: CoreHarness) -> None:
    jane = add_contact(core, "Jane Doe", role="Engineering Manager", industry="Fintech")
    ranked = arrange(load_bank(), make_target(jane), frozenset())
    for s in ranked:
        fields = s.question.fields
        if "fintech" in fields and "engineering-management" not in fields:
            # the industry's own questions transfer only where they are about the industry
            assert s.question.category in ("industry-trends", "business-research"), s.question.id
        elif "software-engineering" in fields and "engineering-management" not in fields:
            assert s.question.category in ("industry-trends", "company-culture"), s.question.id
            assert "it transfers because" in s.reason
        else:
            assert not fields or "engineering-management" in fields, s.question.id


async def test_goal_shifts_the_pack(core: CoreHarness) -> None:
    explore = questions_in(await ask(core, "questions goal:exploring count:12"))
    research = questions_in(await ask(core, "questions goal:business-research count:12"))
    assert explore != research
    research_cats = Counter(BY_TEXT[t].category for t in research)
    assert research_cats["business-research"] >= 2
    assert all("business-research" in BY_TEXT[t].goals for t in research[:3])


async def test_pack_is_balanced_across_categories(core: CoreHarness) -> None:
    for command in ("questions", "questions goal:breaking-in", "questions role:designer count:12"):
        reply = await ask(core, command)
        categories = Counter(BY_TEXT[t].category for t in questions_in(reply))
        assert len(categories) >= min(6, sum(categories.values())), command
        assert max(categories.values()) <= 2, command
        # shown in conversation order: one section per category
        assert len(reply.sections) == len(categories)


async def test_each_question_carries_a_one_line_reason(core: CoreHarness) -> None:
    reply = await ask(core, "questions role:teacher goal:changing-careers")
    for line in (line for s in reply.sections for line in s.lines):
        question, reason = line.split(" — ")
        assert question in BY_TEXT
        assert reason
        assert "\n" not in reason


async def test_questions_already_asked_are_never_suggested(core: CoreHarness) -> None:
    jane = add_contact(core, "Jane Doe", role="Engineering Manager", industry="Fintech")
    first = questions_in(await ask(core, f"questions for:#{jane.number} count:20"))
    # the journal records them with different case and punctuation
    asked = [q.upper().rstrip("?") + " !" for q in first[:5]] + [first[5].replace("'", "’")]
    add_interview(core, jane, asked=asked)
    everything: list[str] = []
    for page in range(1, 30):
        reply = await ask(core, f"questions for:#{jane.number} count:20 page:{page}")
        if not reply.sections:
            break
        everything += questions_in(reply)
    assert everything
    assert not set(first[:6]) & set(everything)


async def test_follow_up_questions_only_after_a_conversation(core: CoreHarness) -> None:
    raj = add_contact(core, "Raj", role="Product Manager", industry="Tech")
    before = arrange(load_bank(), make_target(raj), frozenset())
    assert all(s.question.category != "follow-up" for s in before)
    add_interview(core, raj)
    reply = await ask(core, f"questions for:#{raj.number}")
    cats = [BY_TEXT[t].category for t in questions_in(reply)]
    assert "follow-up" in cats
    assert any("spoken before" in r for r in reasons_in(reply))


async def test_same_inputs_same_pack_and_more_gives_the_next(core: CoreHarness) -> None:
    jane = add_contact(core, "Jane Doe", role="Data Scientist", industry="Healthcare")
    one = await ask(core, f"questions for:#{jane.number}")
    again = await ask(core, f"questions for:#{jane.number}")
    assert one.plain_text() == again.plain_text()
    more = next(a for a in one.actions if a.label == "More questions")
    assert more.command == f"questions for:#{jane.number} page:2"
    typed = await ask(core, 'questions role:"Senior Product Designer" count:4')
    assert typed.actions[0].command == 'questions role:"Senior Product Designer" count:4 page:2'
    two = await ask(core, more.command)
    assert "(pack 2)" in two.title
    assert not set(questions_in(one)) & set(questions_in(two))
    assert len(questions_in(two)) == 8


async def test_more_action_stays_short_and_reaches_the_end(core: CoreHarness) -> None:
    command = 'questions industry:"public sector" role:"Engineering Manager" count:3 goal:business-research'
    seen: list[str] = []
    for _ in range(80):
        reply = await ask(core, command)
        seen += questions_in(reply)
        more = [a for a in reply.actions if a.label == "More questions"]
        assert all(len(a.command) < 90 for a in reply.actions)
        if not more:
            break
        command = more[0].command
    assert len(seen) == len(set(seen)) > 20
    end = await ask(
        core, "questions industry:public-sector role:engineering-manager count:3 page:300"
    )
    assert "No more questions" in end.title


async def test_different_contacts_with_same_tags_get_varied_but_fitting_packs(
    core: CoreHarness,
) -> None:
    a = make_target(Contact("c", "w", "u", "A", id=1, role="Teacher"))
    b = make_target(Contact("c", "w", "u", "B", id=2, role="Teacher"))
    assert a.fields == b.fields == {"teaching"}
    assert a.seed != b.seed
    order_a = [s.question.id for s in arrange(load_bank(), a, frozenset())]
    order_b = [s.question.id for s in arrange(load_bank(), b, frozenset())]
    assert order_a != order_b
    assert order_a == [s.question.id for s in arrange(load_bank(), a, frozenset())]


async def test_count_option(core: CoreHarness) -> None:
    assert len(questions_in(await ask(core, "questions count:20"))) == 20
    assert len(questions_in(await ask(core, "questions count:1"))) == 1
    for bad in ("count:21", "count:0", "count:many", "page:0"):
        reply = await ask(core, f"questions {bad}")
        assert reply.is_error, bad
        assert "whole number" in reply.text, bad


async def test_unknown_contact_and_unknown_goal(core: CoreHarness) -> None:
    reply = await ask(core, 'questions for:"Nobody Here"')
    assert reply.is_error
    assert "can't find a contact called Nobody Here" in reply.text
    reply = await ask(core, "questions for:<@U999>")
    assert reply.is_error
    assert "can't find" in reply.text
    reply = await ask(core, "questions goal:fame")
    assert reply.is_error
    assert "isn't a goal" in reply.text
    for key in GOAL_KEYS:
        assert key in reply.text
    assert core.uow.store.count() == 0


async def test_contact_by_mention_or_name(core: CoreHarness) -> None:
    jane = add_contact(core, "Jane Doe", role="Nurse", industry="Healthcare")
    jane.member_id = "U1"
    by_name = await ask(core, 'questions for:"jane doe"')
    by_mention = await ask(core, "questions for:<@U1|jane>")
    assert by_name.title == by_mention.title == "Questions for Jane Doe (Nurse)"
    assert questions_in(by_name) == questions_in(by_mention)


async def test_goal_given_is_saved_and_used_later(core: CoreHarness) -> None:
    reply = await ask(core, "questions goal:career-change")
    assert "Saved as your goal" in reply.text
    saved = core.uow.store.table("user_settings")
    assert [s.goal for s in saved] == ["changing-careers"]
    later = await ask(core, "questions")
    assert "your goal: changing careers" in later.text
    assert "Saved" not in later.text
    assert "your goal" not in (await ask(core, "questions", BOB)).text


async def test_unknown_industry_says_so(core: CoreHarness) -> None:
    reply = await ask(core, 'questions industry:"underwater basket weaving"')
    assert "I don't know this field (underwater basket weaving) yet" in reply.text
    assert "General questions for any field" not in reply.text
    shown = questions_in(reply)
    assert len(shown) == 8
    assert all(not BY_TEXT[t].fields for t in shown)  # general only, never a guess
    plain = await ask(core, "questions")
    assert "don't know this field" not in plain.text


def test_target_options_override_contact() -> None:
    jane = Contact("c", "w", "u", "Jane", id=3, role="Teacher", industry="Education")
    target = make_target(jane, role="Product Manager", goal="nonsense")
    assert target.fields == {"product-management"}
    assert target.sector == {"teaching"}
    named = make_target(None, industry="grocery-retail")  # a field key, as `more` sends it
    assert named.fields == {"grocery-retail"}
    assert target.goal is None
    assert Target().seed == ""


async def test_graduates_are_not_given_questions_worded_for_students(core: CoreHarness) -> None:
    """Same goal (breaking in), different standing: the student sees advice-for-students
    questions, the graduate never does (their profile says so, or their about line)."""
    request = "questions industry:marketing goal:breaking-in count:20"
    as_student = questions_in(await ask(core, request))
    assert any(BY_TEXT[q].category == "advice-for-students" for q in as_student if q in BY_TEXT)
    await ask(core, "outreach profile status:graduate year:2024")
    as_graduate = questions_in(await ask(core, request))
    assert as_graduate
    assert all(BY_TEXT[q].category != "advice-for-students" for q in as_graduate if q in BY_TEXT)
    await ask(core, 'outreach profile about:"I graduated in economics last year"', actor=BOB)
    from_about = questions_in(await ask(core, request, actor=BOB))
    assert all(BY_TEXT[q].category != "advice-for-students" for q in from_about if q in BY_TEXT)
