"""Buttons whose record is gone, or has become something else, say so and change nothing.

Clicks are driven as the adapters drive them: the button's stored payload is read back
(`read_payload`) and run as the person who clicked, so what is tested is what a Slack or
Discord click does (the adapters' own tests click through the real SDKs).
"""

from __future__ import annotations

import re
from datetime import timedelta

from bot.domain import Actor, Reminder, ReminderKind, ReminderStatus
from bot.reminders.dispatch import DispatchConfig, ReminderDispatcher
from bot.reply import Action, Reply, Target, TargetKind, read_payload
from tests.conftest import ALICE, BOB, CoreHarness


async def click(core: CoreHarness, action: Action, actor: Actor = ALICE) -> Reply:
    target, command = read_payload(action.payload)
    return await core.dispatcher.run_text(actor, command, expects=target)


def button(reply: Reply, label: str) -> Action:
    return next(a for a in reply.actions if a.label == label)


async def reminder_dm(core: CoreHarness, kind: str) -> tuple[Reminder, Reply]:
    """Let the reminders come due and return the DM of the first one of `kind`."""
    core.clock.advance(timedelta(days=200))
    await ReminderDispatcher(
        core.dispatcher.services, DispatchConfig(rate_per_workspace=None)
    ).run_once()
    async with core.uow() as uow:
        rows = await uow.reminders.list(ALICE)
    row = next(r for r in rows if r.kind == kind)
    dm = next(m.reply for m in core.notifier.sent if f"#{row.number}" in m.reply.footer)
    return row, dm


async def stored(core: CoreHarness, reminder_id: int) -> Reminder | None:
    async with core.uow() as uow:
        return await uow.reminders.get(ALICE, reminder_id)


def test_payload_carries_the_expected_record_and_reads_back() -> None:
    action = Action("Done", "checkin done 12", target=Target(TargetKind.REMINDER, 12, "thank-you"))
    # `n`: the number is the person's own (per-person numbers, issue 15 §7).
    assert action.payload == "@reminder:n12:thank-you checkin done 12"
    assert read_payload(action.payload) == (
        Target(TargetKind.REMINDER, 12, "thank-you"),
        "checkin done 12",
    )
    assert read_payload("@interview:n3 interview delete 3 confirm:yes") == (
        Target(TargetKind.INTERVIEW, 3),
        "interview delete 3 confirm:yes",
    )
    # Drawn when buttons carried global ids: read back as such, so it can be refused.
    assert read_payload("@interview:3 interview delete 3 confirm:yes") == (
        Target(TargetKind.INTERVIEW, 3, legacy=True),
        "interview delete 3 confirm:yes",
    )
    # Matches carry the group's number for them; one drawn with a server id is legacy.
    match = Action("We met", "mentor met 5 yes", target=Target(TargetKind.MATCH, 5))
    assert match.payload == "@match:n5 mentor met 5 yes"
    assert read_payload(match.payload) == (Target(TargetKind.MATCH, 5), "mentor met 5 yes")
    assert read_payload("@match:64003 mentor met 64003 yes") == (
        Target(TargetKind.MATCH, 64003, legacy=True),
        "mentor met 64003 yes",
    )
    # Buttons drawn before targets existed keep working as plain commands.
    assert read_payload("checkin done 12") == (None, "checkin done 12")
    # A kind this version does not know: run the command as it always ran.
    assert read_payload("@planet:4 checkin done 4") == (None, "checkin done 4")
    assert Target.of(TargetKind.CONTACT, None) is None


async def test_a_live_button_still_acts(core: CoreHarness) -> None:
    await core.say('interview log "Dana Whitfield" when:yesterday')
    row, dm = await reminder_dm(core, ReminderKind.THANK_YOU.value)
    done = button(dm, "Done")
    assert done.target == Target(TargetKind.REMINDER, row.number or 0, ReminderKind.THANK_YOU.value)
    reply = await click(core, done)
    assert f"Marked check-in #{row.number} done" in reply.plain_text()
    after = await stored(core, row.id or 0)
    assert after is not None
    assert after.status == ReminderStatus.DONE.value


async def test_a_check_in_that_became_another_kind_is_left_alone(core: CoreHarness) -> None:
    """Before migration 0003 a SQLite journal could hand a deleted check-in's number to a
    new one of another kind; the old DM's buttons must not touch the new one."""
    await core.say('interview log "Dana Whitfield" when:yesterday')
    row, dm = await reminder_dm(core, ReminderKind.THANK_YOU.value)
    async with core.uow() as uow:
        now_row = await uow.reminders.get(ALICE, row.id or 0)
        assert now_row is not None
        now_row.kind = ReminderKind.KEEP_IN_TOUCH.value
        now_row.status = ReminderStatus.PENDING.value
        due = now_row.due_at
        await uow.commit()

    for label in ("Done", "Snooze 1 week", "Skip"):
        reply = await click(core, button(dm, label))
        text = reply.plain_text()
        assert "That reminder is now a keep-in-touch check-in" in text, label
        assert "not the thank-you reminder this button was made for" in text
        assert not reply.is_error
        assert not reply.actions
    after = await stored(core, row.id or 0)
    assert after is not None
    assert (after.kind, after.status, after.due_at) == (
        ReminderKind.KEEP_IN_TOUCH.value,
        ReminderStatus.PENDING.value,
        due,
    )


async def test_buttons_of_a_deleted_interview_and_its_check_ins(core: CoreHarness) -> None:
    logged = await core.say('interview log "Dana Whitfield" when:yesterday')
    number = int(re.search(r"#(\d+)", logged).group(1))  # type: ignore[union-attr]
    shown = await core.dispatcher.run_text(ALICE, f"interview show {number}")
    delete = button(shown, "Delete")
    assert delete.target == Target(TargetKind.INTERVIEW, number)
    confirm = button(await click(core, delete), "Delete for good")
    row, dm = await reminder_dm(core, ReminderKind.THANK_YOU.value)

    assert "Deleted interview" in (await click(core, confirm)).plain_text()
    # A second interview, so "the newest id" exists again (SQLite used to reuse it).
    await core.say('interview log "Raj Patel" when:yesterday')

    again = await click(core, confirm)
    assert again.plain_text().startswith("That interview no longer exists")
    assert "Nothing changed" in again.plain_text()
    assert "`interview list`" in again.plain_text()
    thanked = await click(core, button(shown, "Thank-you sent"))
    assert thanked.plain_text().startswith("That interview no longer exists")

    gone = await click(core, button(dm, "Done"))
    assert gone.plain_text().startswith("That check-in no longer exists")
    assert "`checkin list`" in gone.plain_text()
    assert await stored(core, row.id or 0) is None
    listed = await core.say("interview list")
    assert "Raj Patel" in listed
    assert "Dana Whitfield" not in listed


async def test_someone_elses_button_reads_as_missing_and_changes_nothing(
    core: CoreHarness,
) -> None:
    await core.say('interview log "Dana Whitfield" when:yesterday')
    row, dm = await reminder_dm(core, ReminderKind.THANK_YOU.value)
    reply = await click(core, button(dm, "Done"), actor=BOB)
    assert reply.plain_text().startswith("That check-in no longer exists")
    after = await stored(core, row.id or 0)
    assert after is not None
    assert after.status != ReminderStatus.DONE.value


async def test_a_contact_button_after_the_contact_is_gone(core: CoreHarness) -> None:
    await core.say('contact add "Dana Whitfield" company:Acme')
    pack = await core.dispatcher.run_text(ALICE, 'interview prep "Dana Whitfield"')
    more = button(pack, "Draft outreach")
    assert more.target is not None
    assert more.target.kind is TargetKind.CONTACT
    async with core.uow() as uow:
        contact = await uow.contacts.get(ALICE, more.target.id)
        assert contact is not None
        await uow.contacts.delete(contact)
        await uow.commit()
    reply = await click(core, more)
    assert reply.plain_text().startswith("That contact no longer exists")
    async with core.uow() as uow:
        assert await uow.contacts.list(ALICE) == []


async def test_a_button_from_before_per_person_numbers_is_refused(core: CoreHarness) -> None:
    """A DM drawn when buttons named global ids (`@reminder:12:thank-you`): the number
    may now be one of the person's own check-ins, even of the same kind, so the click is
    refused outright instead of acting on whatever that number means today."""
    await core.say('interview log "Dana Whitfield" when:yesterday')
    row, dm = await reminder_dm(core, ReminderKind.THANK_YOU.value)
    done = button(dm, "Done")
    old = done.payload.replace(f":n{row.number}:", f":{row.number}:")
    assert old == f"@reminder:{row.number}:thank-you checkin done {row.number}"
    target, command = read_payload(old)
    reply = await core.dispatcher.run_text(ALICE, command, expects=target)
    assert reply.plain_text().startswith("This button is from before each check-in got")
    assert "Nothing changed" in reply.plain_text()
    assert "`checkin list`" in reply.plain_text()
    after = await stored(core, row.id or 0)
    assert after is not None
    assert after.status != ReminderStatus.DONE.value
    # The same row through a button drawn now still acts.
    assert "Marked check-in" in (await click(core, done)).plain_text()
