"""Action items end to end through the dispatcher: on the fakes and on real databases."""

from __future__ import annotations

from datetime import timedelta

from bot.domain import ActionItem, Reminder, ReminderStatus
from tests.conftest import ALICE, BOB, CoreHarness


async def items(h: CoreHarness, who=ALICE) -> list[ActionItem]:  # type: ignore[no-untyped-def]
    async with h.uow() as uow:
        return list(await uow.action_items.list(who))


async def reminder(h: CoreHarness, rid: int | None) -> Reminder:
    assert rid is not None
    async with h.uow() as uow:
        found = await uow.reminders.get(ALICE, rid)
    assert found is not None
    return found


async def ids(h: CoreHarness) -> tuple[int, int]:
    """The only interview's number and its contact's id (rows refer to each other by id;
    people name them by number)."""
    async with h.uow() as uow:
        [interview] = await uow.interviews.list(ALICE)
    assert interview.number is not None
    return interview.number, interview.contact_id, interview.id


async def _done_splits_actions_into_items(harness: CoreHarness) -> None:
    await harness.say('interview plan "Jane Doe" when:"tomorrow 3pm"')
    iid, cid, row = await ids(harness)
    harness.clock.advance(timedelta(days=2))
    await harness.say(
        f'interview done {iid} actions:"Send CV; Learn SQL by March\n- Read her blog"'
    )
    found = await items(harness)
    assert [i.text for i in found] == ["Learn SQL by March", "Send CV", "Read her blog"]
    assert all(i.interview_id == row and i.contact_id == cid for i in found)
    march = found[0]
    assert march.due_at is not None
    assert (march.due_at.month, march.due_at.day) == (3, 1)
    nudge = await reminder(harness, march.reminder_id)
    assert nudge.kind == "custom"
    assert nudge.contact_id == cid
    assert "Learn SQL" in nudge.text
    assert found[1].due_at is None
    assert found[1].reminder_id is None
    # Editing the words again adds only what is new; the interview keeps the words.
    await harness.say(f'interview edit {iid} actions:"Send CV; Ask Ann for an intro"')
    assert len(await items(harness)) == 4
    shown = await harness.say(f"interview show {iid}")
    assert "☐ Ask Ann for an intro" in shown
    assert "☐ Send CV" in shown


async def _add_done_undo_remove(harness: CoreHarness) -> None:
    await harness.say('interview log "Jane Doe" when:yesterday')
    iid, cid, row = await ids(harness)
    added = await harness.say('actions add "Send Jane my CV" for:"Jane Doe" due:"next Friday"')
    assert "Send Jane my CV (for Jane Doe)" in added
    assert "nudge you on" in added
    await harness.say(f'actions add "Update my LinkedIn" for:#{iid}')
    await harness.say("actions add Practise my pitch")
    [cv, linkedin, pitch] = await items(harness)
    assert (cv.contact_id, cv.interview_id) == (cid, None)
    assert (linkedin.interview_id, linkedin.contact_id) == (row, cid)
    assert (pitch.contact_id, pitch.interview_id, pitch.due_at) == (None, None, None)

    done = await harness.say(f"actions done {cv.number}")
    assert f"Ticked off #{cv.number}" in done
    assert "reminder is cancelled" in done
    assert (await reminder(harness, cv.reminder_id)).status == ReminderStatus.CANCELLED.value
    listing = await harness.say("actions")
    assert listing.index(f"#{linkedin.number} ☐") < listing.index(f"#{cv.number} ☑")
    assert "(2 open)" in listing

    reopened = await harness.say(f"actions undo {cv.number}")
    assert f"Reopened #{cv.number}" in reopened
    assert "nudge you again" in reopened
    [first] = [i for i in await items(harness) if i.id == cv.id]
    assert first.done_at is None
    assert (await reminder(harness, first.reminder_id)).status == ReminderStatus.PENDING.value

    assert f"Removed #{pitch.number}" in await harness.say(f"actions remove {pitch.number}")
    assert [i.id for i in await items(harness)] == [cv.id, linkedin.id]


async def test_bad_input_changes_nothing(core: CoreHarness) -> None:
    await core.say("actions add Send CV")
    [mine] = await items(core)
    before = core.uow.store.count()
    for line, expected in (
        ("actions add", "What's the action item?"),
        ("actions done", "needs the item's number"),
        ("actions done 99", "can't find action item #99"),
        ('actions add "Call Ann" due:yesterday', "already past"),
        ('actions add "Call Ann" for:#42', "can't find interview #42"),
        ('actions add "Call Ann" for:Nobody', "Nobody"),
        (f"actions undo {mine.number}", "still open"),
    ):
        assert expected in await core.say(line), line
    assert core.uow.store.count() == before


async def _items_are_private(harness: CoreHarness) -> None:
    await harness.say("actions add Send CV")
    [mine] = await items(harness)
    assert f"can't find action item #{mine.number}" in await harness.say(
        f"actions done {mine.number}", BOB
    )
    assert "Nothing on your list" in await harness.say("actions", BOB)
    assert (await items(harness))[0].done_at is None


async def test_empty_list_says_how_items_arrive(core: CoreHarness) -> None:
    text = await core.say("actions")
    assert "interview done" in text
    assert "actions add" in text


async def test_done_splits_actions_into_items(core: CoreHarness) -> None:
    await _done_splits_actions_into_items(core)


async def test_done_splits_actions_into_items_sql(sql_core: CoreHarness) -> None:
    await _done_splits_actions_into_items(sql_core)


async def test_add_done_undo_remove(core: CoreHarness) -> None:
    await _add_done_undo_remove(core)


async def test_add_done_undo_remove_sql(sql_core: CoreHarness) -> None:
    await _add_done_undo_remove(sql_core)


async def test_items_are_private(core: CoreHarness) -> None:
    await _items_are_private(core)


async def test_items_are_private_sql(sql_core: CoreHarness) -> None:
    await _items_are_private(sql_core)


async def test_the_reflection_offers_the_plan_with_buttons(core: CoreHarness) -> None:
    """The reflection DM is where advice becomes a plan: the conversation's open items
    with their numbers, a Done button each, and a way to add one."""
    from bot.reminders.dispatch import DispatchConfig, ReminderDispatcher

    await core.say("checkin settings quiet:off")
    await core.say('interview log "Jane Doe" when:"1 hour ago" actions:"Send CV; Read her blog"')
    done_first = next(i for i in await items(core) if i.text == "Send CV")
    await core.say(f"actions done {done_first.number}")
    core.clock.advance(timedelta(days=1))
    await ReminderDispatcher(core.dispatcher.services, DispatchConfig()).run_once()
    [reflection] = [
        m.reply for m in core.notifier.sent if m.reply.title.startswith("What did you learn")
    ]
    [plan] = [s for s in reflection.sections if s.heading == "Your action plan"]
    blog = next(i for i in await items(core) if i.text == "Read her blog")
    assert plan.lines[0] == f"#{blog.number} Read her blog"
    assert all("Send CV" not in line for line in plan.lines)  # done: not offered again
    commands = [a.command for a in reflection.actions]
    labels = [a.label for a in reflection.actions]
    assert "Done: Read her blog" in labels
    assert f"actions done {blog.number}" in commands
    assert "actions add" in commands
    assert not [f for f in reflection.fields if f.label == "Your action items"]
    ticked = await core.say(f"actions done {blog.number}")
    assert "Read her blog" in ticked


async def test_the_reflection_turns_takeaways_into_steps_and_includes_items_for_the_person(
    core: CoreHarness,
) -> None:
    """An item added for the person (not a conversation) is on the plan, and each
    takeaway not yet planned is offered as a step with its own button."""
    from bot.reminders.dispatch import DispatchConfig, ReminderDispatcher

    await core.say("checkin settings quiet:off")
    await core.say(
        'interview log "Priya Nair" when:"1 hour ago" '
        'takeaways:"Build a case study from classroom research; join ResearchOps"'
    )
    await core.say('actions add "Email Tom Baker" for:"Priya Nair"')
    await core.say('actions add "Join ResearchOps" for:"Priya Nair"')
    core.clock.advance(timedelta(days=1))
    await ReminderDispatcher(core.dispatcher.services, DispatchConfig()).run_once()
    [reflection] = [
        m.reply for m in core.notifier.sent if m.reply.title.startswith("What did you learn")
    ]
    assert reflection.text.startswith("You wrote down what you took from Priya Nair")
    [plan] = [s for s in reflection.sections if s.heading == "Your action plan"]
    assert any(line.endswith("Email Tom Baker") for line in plan.lines)
    assert (
        "From your takeaways, not planned yet: Build a case study from classroom research"
        in plan.lines
    )
    assert not [line for line in plan.lines if "not planned yet: Join ResearchOps" in line]
    [interview] = core.uow.store.table("interviews")
    step = f'actions add "Build a case study from classroom research" for:#{interview.number}'
    assert step in [a.command for a in reflection.actions]
    added = await core.say(step)
    assert "Build a case study from classroom research" in added
