"""Automatic check-ins that follow the journal: directly, and through interview commands."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import Contact, Interview, Reminder, UserSettings
from bot.lifecycle.bus import EventContext, publish
from bot.reminders.cadence import CadenceListener
from tests.conftest import ALICE, CoreHarness
from tests.fakes import FakeReminders, FakeUnitOfWorkFactory

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)  # a Sunday


def pending(core_or_factory: CoreHarness | FakeUnitOfWorkFactory) -> list[Reminder]:
    factory = core_or_factory.uow if isinstance(core_or_factory, CoreHarness) else core_or_factory
    rows = [r for r in factory.store.table("reminders") if r.status == "pending"]
    return sorted(rows, key=lambda r: (r.due_at, r.id or 0))


def kinds(rows: list[Reminder]) -> list[str]:
    return [r.kind for r in rows]


def prefs(tz: str = "UTC", **extra: object) -> UserSettings:
    return UserSettings("console", "w1", "alice", timezone=tz, **extra)  # type: ignore[arg-type]


def context(uow: object, settings: UserSettings, now: datetime) -> EventContext:
    return EventContext(uow, ALICE, now=now, prefs=settings, listeners=(CadenceListener(),))  # type: ignore[arg-type]


async def save(
    factory: FakeUnitOfWorkFactory,
    interview: Interview,
    contact: Contact,
    settings: UserSettings,
    now: datetime = NOW,
) -> None:
    """Add the pair and publish the moves made on the interview (the bus runs the
    lifecycle's rules and the cadence listener, as a command would)."""
    async with factory() as uow:
        if contact.id is None:
            await uow.contacts.add(contact)
            interview.contact_id = contact.id or 0
        if interview.id is None:
            await uow.interviews.add(interview)
        await publish(context(uow, settings, now), contact, interview)
        await uow.commit()


def new_pair(status: str, **when: datetime) -> tuple[Interview, Contact]:
    """A new interview moved to `status` through its own transitions."""
    contact = Contact("console", "w1", "alice", "Jane Doe", company="Acme")
    interview = Interview("console", "w1", "alice", contact_id=0, status="requested")
    if status == "scheduled":
        interview.schedule(when["scheduled_at"], now=NOW)
    elif status == "held":
        interview.hold(when["held_at"], now=NOW)
    return interview, contact


async def test_held_interview_gets_thanks_reflection_and_keep_in_touch() -> None:
    factory = FakeUnitOfWorkFactory()
    interview, contact = new_pair("held", held_at=NOW - timedelta(hours=1))
    await save(factory, interview, contact, prefs())
    rows = pending(factory)
    # Keep-in-touch is one nudge at a time: the 90-day one comes after the 30-day one.
    assert kinds(rows) == ["thank-you", "reflection", "keep-in-touch"]
    thanks, reflection, kit30 = rows
    assert thanks.due_at == NOW + timedelta(hours=2)  # 3 h after it was held
    assert thanks.interview_id == interview.id
    assert reflection.due_at == datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
    assert kit30.due_at == datetime(2026, 12, 22, 10, 0, tzinfo=UTC)
    assert kit30.contact_id == contact.id


async def test_a_late_reflection_logged_at_night_is_due_when_quiet_hours_end() -> None:
    """Friday's talk logged at 05:25 on Monday: its reflection morning has passed, so it
    is due now, and now is inside quiet hours (21:00-08:00): due at 08:00."""
    factory = FakeUnitOfWorkFactory()
    now = datetime(2026, 11, 23, 5, 25, tzinfo=UTC)
    interview, contact = new_pair("held", held_at=datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
    await save(factory, interview, contact, prefs(), now=now)
    reflection = next(r for r in pending(factory) if r.kind == "reflection")
    assert reflection.due_at == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


async def test_thank_you_goes_out_within_24_hours_despite_quiet_hours() -> None:
    factory = FakeUnitOfWorkFactory()
    # Held at 19:30 in New York: +3 h is 22:30 (quiet) → 08:00 next morning, 12.5 h later.
    held = datetime(2026, 11, 23, 0, 30, tzinfo=UTC)
    interview, contact = new_pair("held", held_at=held)
    await save(factory, interview, contact, prefs("America/New_York"), now=held)
    thanks = next(r for r in pending(factory) if r.kind == "thank-you")
    assert thanks.due_at == datetime(2026, 11, 23, 13, 0, tzinfo=UTC)
    assert thanks.due_at - held <= timedelta(hours=24)
    # With a 23-hour quiet window the 3 h mark would land past 24 h: send at the first
    # allowed minute after the interview instead.
    factory2 = FakeUnitOfWorkFactory()
    interview2, contact2 = new_pair("held", held_at=datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    narrow = prefs("UTC", quiet_start="10:00", quiet_end="09:00")
    await save(factory2, interview2, contact2, narrow, now=datetime(2026, 11, 23, 9, 0, tzinfo=UTC))
    thanks2 = next(r for r in pending(factory2) if r.kind == "thank-you")
    assert thanks2.due_at == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


async def test_planned_interview_gets_two_prep_nudges_and_resave_moves_them() -> None:
    factory = FakeUnitOfWorkFactory()
    start = datetime(2026, 11, 26, 15, 0, tzinfo=UTC)
    interview, contact = new_pair("scheduled", scheduled_at=start)
    await save(factory, interview, contact, prefs())
    rows = pending(factory)
    assert kinds(rows) == ["prep", "prep"]
    assert [r.due_at for r in rows] == [start - timedelta(days=1), start - timedelta(hours=2)]
    ids = {r.id for r in rows}
    # Rescheduled to a day later: the same two rows move, none is added.
    interview.schedule(start + timedelta(days=1), now=NOW)
    await save(factory, interview, contact, prefs())
    again = pending(factory)
    assert {r.id for r in again} == ids
    assert [r.due_at for r in again] == [start, start + timedelta(days=1) - timedelta(hours=2)]
    # Edited without a move: still exactly two.
    interview.edited(now=NOW)
    await save(factory, interview, contact, prefs())
    assert len(pending(factory)) == 2


async def test_prep_skips_the_two_hour_nudge_when_quiet_hours_would_make_it_late() -> None:
    factory = FakeUnitOfWorkFactory()
    start = datetime(2026, 11, 26, 8, 30, tzinfo=UTC)  # 06:30 → quiet → 08:00, too close
    interview, contact = new_pair("scheduled", scheduled_at=start)
    await save(factory, interview, contact, prefs())
    rows = pending(factory)
    assert [r.due_at for r in rows] == [datetime(2026, 11, 25, 8, 30, tzinfo=UTC)]


async def test_prep_across_paris_dst_change_respects_local_quiet_hours() -> None:
    factory = FakeUnitOfWorkFactory()
    # Interview Sunday 2026-10-25 09:00 CET (08:00 UTC), the morning clocks went back.
    start = datetime(2026, 10, 25, 8, 0, tzinfo=UTC)
    interview, contact = new_pair("scheduled", scheduled_at=start)
    now = datetime(2026, 10, 20, 12, 0, tzinfo=UTC)
    await save(factory, interview, contact, prefs("Europe/Paris"), now=now)
    rows = pending(factory)
    # Day before: Sat 24th 09:00 UTC = 11:00 CEST (allowed). 2 h before: 07:00 CET (quiet)
    # → 08:00 CET = 07:00 UTC, still ahead of the 08:00 UTC start by an hour.
    assert [r.due_at for r in rows] == [
        datetime(2026, 10, 24, 8, 0, tzinfo=UTC),
        datetime(2026, 10, 25, 7, 0, tzinfo=UTC),
    ]


async def test_done_interview_reschedules_and_never_revives_handled_ones(
    core: CoreHarness,
) -> None:
    await core.say('interview plan "Jane Doe" when:"in 3 days" company:Acme')
    assert kinds(pending(core)) == ["prep", "prep"]
    [interview] = core.uow.store.table("interviews")
    core.clock.advance(timedelta(days=3, hours=1))
    await core.say(f"interview done {interview.number}")
    rows = pending(core)
    assert "prep" not in kinds(rows)  # the interview happened: prep nudges are gone
    assert kinds(rows)[:2] == ["thank-you", "reflection"]
    thanks = next(r for r in rows if r.kind == "thank-you")
    await core.say(f"checkin skip {thanks.number}")
    await core.say(f'interview edit {interview.number} notes:"Great chat"')
    assert "thank-you" not in kinds(pending(core))  # skipped stays skipped


async def test_interview_log_schedules_and_thanked_cancels_the_thank_you(
    core: CoreHarness,
) -> None:
    await core.say('interview log "Ann Lee" company:Acme when:"1 hour ago"')
    assert kinds(pending(core)) == ["thank-you", "reflection", "keep-in-touch"]
    [interview] = core.uow.store.table("interviews")
    await core.say(f"interview thanked {interview.number}")
    assert "thank-you" not in kinds(pending(core))


async def test_old_history_gets_only_future_keep_in_touch(core: CoreHarness) -> None:
    await core.say('interview log "Old Friend" when:"2026-10-01 10:00"')
    rows = pending(core)
    assert kinds(rows) == ["keep-in-touch"]  # +30 days is past; +90 days remains
    assert rows[0].due_at == datetime(2026, 12, 30, 10, 0, tzinfo=UTC)


async def test_new_interaction_resets_keep_in_touch(core: CoreHarness) -> None:
    await core.say('interview log "Ann Lee" company:Acme when:"1 hour ago"')
    before = [r.due_at for r in pending(core) if r.kind == "keep-in-touch"]
    core.clock.advance(timedelta(days=10))
    await core.say('interview log "Ann Lee" company:Acme when:"1 hour ago"')
    after = [r for r in pending(core) if r.kind == "keep-in-touch"]
    assert len(after) == 1  # moved, not doubled
    assert [r.due_at for r in after] == [d + timedelta(days=10) for d in before]


async def test_cadence_setting_is_used_and_delete_drops_pending(core: CoreHarness) -> None:
    await core.say("checkin settings cadence:7")
    await core.say('interview log "Ann Lee" when:"1 hour ago"')
    kit = [r for r in pending(core) if r.kind == "keep-in-touch"]
    assert [r.due_at for r in kit] == [datetime(2026, 11, 29, 10, 0, tzinfo=UTC)]
    [interview] = core.uow.store.table("interviews")
    await core.say(f"interview delete {interview.number} confirm:yes")
    assert [r.kind for r in pending(core) if r.interview_id is not None] == []


async def test_listener_on_real_databases(sql_core: CoreHarness) -> None:
    await sql_core.say('interview log "Ann Lee" company:Acme when:"1 hour ago"')
    await sql_core.say('interview log "Ann Lee" company:Acme when:"30 minutes ago"')
    async with sql_core.uow() as uow:
        rows = await uow.reminders.list(ALICE, statuses=["pending"])
    counts = {k: [r.kind for r in rows].count(k) for k in {r.kind for r in rows}}
    # One thank-you for the two talks (the later one's), a reflection on each.
    assert counts == {"thank-you": 1, "reflection": 2, "keep-in-touch": 1}


async def test_one_thank_you_nudge_per_person_for_the_latest_conversation(
    core: CoreHarness,
) -> None:
    """Two calls with Ann in a day, then last week's logged late: one note thanks her,
    so one nudge asks for it, tied to the latest conversation; Bo has his own."""

    def thanks() -> list[tuple[str, int]]:
        rows = [r for r in pending(core) if r.kind == "thank-you"]
        interviews = {i.id: i for i in core.uow.store.table("interviews")}
        contacts = {c.id: c.name for c in core.uow.store.table("contacts")}
        return sorted(
            (contacts[r.contact_id], interviews[r.interview_id].number or 0) for r in rows
        )

    await core.say('interview log "Ann Lee" company:Acme when:"3 hours ago"')
    assert thanks() == [("Ann Lee", 1)]
    await core.say('interview log "Ann Lee" company:Acme when:"1 hour ago"')
    assert thanks() == [("Ann Lee", 2)]
    await core.say('interview log "Ann Lee" company:Acme when:"yesterday 3pm"')
    assert thanks() == [("Ann Lee", 2)]  # the older talk is covered by the later one's
    await core.say('interview log "Bo Chen" when:"2 hours ago"')
    assert thanks() == [("Ann Lee", 2), ("Bo Chen", 4)]
    await core.say("interview thanked 2")
    assert thanks() == [("Bo Chen", 4)]


async def test_thanking_any_talk_answers_the_nudge_for_talks_held_before_the_note(
    core: CoreHarness,
) -> None:
    """The "Thank-you sent" button on the first talk's reply, clicked after the second
    talk: the one note thanked for both, so the nudge (the second talk's) goes. A note
    sent between the two talks leaves the second one's nudge."""
    await core.say('interview log "Dana Whitfield" when:"3 hours ago"')
    await core.say('interview log "Dana Whitfield" when:"1 hour ago"')
    await core.say("interview thanked 1")
    assert [r for r in pending(core) if r.kind == "thank-you"] == []
    await core.say('interview log "Ann Lee" when:"3 hours ago"')
    await core.say('interview log "Ann Lee" when:"1 hour ago"')
    await core.say('interview thanked 3 when:"2 hours ago"')
    [left] = [r for r in pending(core) if r.kind == "thank-you"]
    [fourth] = [i for i in core.uow.store.table("interviews") if i.number == 4]
    assert left.interview_id == fourth.id
    reflections = [r for r in pending(core) if r.kind == "reflection"]
    assert len(reflections) == 4  # each conversation is still reflected on


async def test_prep_reminder_carries_the_prep_pack_rendered_at_send_time(
    core: CoreHarness,
) -> None:
    from bot.reminders.dispatch import DispatchConfig, ReminderDispatcher

    await core.say("checkin settings quiet:off")
    await core.say('interview plan "Jane Doe" when:"in 3 days" company:Acme role:"Data Lead"')
    first_prep = pending(core)[0]
    core.clock.current = first_prep.due_at
    services = core.dispatcher.services
    stats = await ReminderDispatcher(services, DispatchConfig(rate_per_workspace=None)).run_once()
    assert stats.sent == 1
    [message] = core.notifier.sent
    assert message.reply.title == "Get ready: Jane Doe"
    assert message.reply.sections  # the prep pack from bot.questions.prep
    assert message.idempotency_key == f"reminder-{first_prep.id}"


async def _send_due(core: CoreHarness) -> int:
    from bot.reminders.dispatch import DispatchConfig, ReminderDispatcher

    services = core.dispatcher.services
    stats = await ReminderDispatcher(services, DispatchConfig(rate_per_workspace=None)).run_once()
    return stats.sent


async def test_a_prep_that_would_arrive_once_the_conversation_began_is_dropped(
    core: CoreHarness,
) -> None:
    """The bot was down through both prep nudges and the start: advice for a call that
    has begun no longer applies, so neither goes out (a console walk saw two late)."""
    await core.say("checkin settings quiet:off")
    await core.say('interview plan "Jane Doe" when:"in 3 days" company:Acme')
    [interview] = core.uow.store.table("interviews")
    assert interview.scheduled_at is not None
    core.clock.current = interview.scheduled_at + timedelta(hours=1)
    assert await _send_due(core) == 0
    assert core.notifier.sent == []
    assert [r for r in pending(core) if r.kind == "prep"] == []


async def test_of_two_late_preps_for_one_conversation_only_the_later_goes(
    core: CoreHarness,
) -> None:
    await core.say("checkin settings quiet:off")
    await core.say('interview plan "Jane Doe" when:"in 3 days" company:Acme')
    [interview] = core.uow.store.table("interviews")
    assert interview.scheduled_at is not None
    core.clock.current = interview.scheduled_at - timedelta(minutes=90)
    assert await _send_due(core) == 1
    [message] = core.notifier.sent
    assert message.reply.title == "Get ready: Jane Doe"
    assert [r for r in pending(core) if r.kind == "prep"] == []


async def test_a_logs_check_ins_are_written_in_one_batch_numbered_in_order(
    core: CoreHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The listeners' batches (thank-you and reflection, then keep-in-touch) reach the
    repository as one `add_all` at the end of the run: on SQL, one number upsert and one
    INSERT for the command's every check-in."""
    batches: list[list[str]] = []
    add_all = FakeReminders.add_all

    async def recording(self: FakeReminders, reminders: Sequence[Reminder]) -> None:
        batches.append([r.kind for r in reminders])
        await add_all(self, reminders)

    monkeypatch.setattr(FakeReminders, "add_all", recording)
    await core.say('interview log "Jane Doe" when:"yesterday 3pm"')
    assert batches == [["thank-you", "reflection", "keep-in-touch"]]
    rows = sorted(core.uow.store.table("reminders"), key=lambda r: r.number or 0)
    assert [(r.number, r.kind) for r in rows] == [
        (1, "thank-you"),
        (2, "reflection"),
        (3, "keep-in-touch"),
    ]


async def test_a_nudge_that_arrives_late_says_how_long_it_has_been(core: CoreHarness) -> None:
    """The bot was down for nine days (or the person paused): "within a day" and "while
    they're fresh" no longer describe the moment, so the nudges say how long it's been."""
    await core.say("checkin settings quiet:off")
    await core.say('interview log "Sam Patel" when:"1 hour ago"')
    await core.say('outreach sent "Nia Brown"')
    core.clock.advance(timedelta(days=9))
    assert await _send_due(core) == 3
    text = {m.reply.title: m.reply.text for m in core.notifier.sent}
    assert text["Thank Sam Patel today"].startswith("It's been 9 days since you talked with")
    assert "within a day" not in text["Thank Sam Patel today"]
    reflect = text["What did you learn from Sam Patel?"]
    assert reflect.startswith("It's been 9 days since you spoke with Sam Patel.")
    assert "fresh" not in reflect
    assert "It's been 9 days since you asked" in text["Follow up with Nia Brown"]


async def test_a_nudge_on_time_keeps_its_own_words(core: CoreHarness) -> None:
    await core.say("checkin settings quiet:off")
    await core.say('interview log "Sam Patel" when:"1 hour ago"')
    core.clock.advance(timedelta(hours=20))
    assert await _send_due(core) >= 1
    text = {m.reply.title: m.reply.text for m in core.notifier.sent}
    assert "within a day of the conversation" in text["Thank Sam Patel today"]
