"""`checkin` commands on the core with in-memory fakes (plus one pass on real databases)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.domain import Reminder
from tests.conftest import ALICE, BOB, CoreHarness


def reminders(core: CoreHarness) -> list[Reminder]:
    return sorted(core.uow.store.table("reminders"), key=lambda r: r.id or 0)


def row(core: CoreHarness, number: int | None) -> Reminder:
    """Fresh from the store (the fake unit of work restores copies when not committed),
    by the number its owner sees."""
    return next(r for r in reminders(core) if r.number == number)


async def test_add_with_positional_when_and_quoted_note(core: CoreHarness) -> None:
    out = await core.say('checkin add "Jane Doe" "in 2 weeks" "Send her the article"')
    assert "Check-in #" in out
    assert "I'll remind you about Jane Doe on" in out
    assert "I added Jane Doe to your contacts" in out
    [row] = reminders(core)
    assert row.kind == "custom"
    assert row.text == "Send her the article"
    assert row.due_at == core.clock.now() + timedelta(weeks=2)
    assert row.status == "pending"


async def test_add_reads_unquoted_times_and_options(core: CoreHarness) -> None:
    await core.say("checkin add Jane in 3 days")
    await core.say('checkin add Jane next Friday 9am "Ask about the team"')
    await core.say('checkin add Jane when:tomorrow what:"Send notes"')
    first, second, third = sorted(reminders(core), key=lambda r: r.id or 0)
    assert first.due_at == core.clock.now() + timedelta(days=3)
    assert first.text == ""  # the DM names the contact when it is sent
    assert second.due_at == datetime(2026, 11, 27, 9, 0, tzinfo=UTC)  # Friday after Sun 22nd
    assert second.text == "Ask about the team"
    assert third.text == "Send notes"
    assert len(core.uow.store.table("contacts")) == 1  # one Jane, reused


async def test_add_in_users_time_zone_and_warns_about_quiet_hours(core: CoreHarness) -> None:
    await core.say("checkin settings timezone:America/New_York")
    out = await core.say('checkin add Jane "tomorrow 11pm" "Late one"')
    [row] = reminders(core)
    assert row.due_at == datetime(2026, 11, 24, 4, 0, tzinfo=UTC)  # 23:00 EST
    assert "quiet hours" in out
    assert "08:00 (America/New_York)" in out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("checkin add", "name is missing"),
        ("checkin add Jane", "When should I remind you"),
        ('checkin add Jane "not a time at all" "x"', "couldn't read"),
        ('checkin add Jane "yesterday" "x"', "in the past"),
        ("checkin snooze", "needs the check-in number"),
        ("checkin snooze 1 forever", "as a duration"),
        ("checkin done abc", "needs the check-in number"),
        ("checkin settings quiet:late", "quiet-hours window"),
        ("checkin settings timezone:Mars/Olympus", "time zone"),
        ("checkin settings cadence:soon", "isn't a cadence"),
        ("checkin settings pause:maybe", "isn't on or off"),
        ("checkin settings now", "options only"),
    ],
)
async def test_bad_input_is_friendly_and_writes_nothing(
    core: CoreHarness, text: str, expected: str
) -> None:
    before = core.uow.store.count()
    out = await core.say(text)
    assert expected in out
    assert core.uow.store.count() == before
    assert core.uow.commits == 0


async def test_list_shows_open_and_recent(core: CoreHarness) -> None:
    assert "No check-ins waiting" in await core.say("checkin list")
    await core.say('checkin add Jane "in 2 days" "Ping"')
    out = await core.say("checkin list")
    assert "Your check-ins (1)" in out
    assert "custom · Jane · due" in out
    assert "Ping" in out


async def test_snooze_done_skip_cancel(core: CoreHarness) -> None:
    for note in ("one", "two", "three", "four"):
        await core.say(f'checkin add Jane "in 1 day" {note}')
    a, b, c, d = (r.number for r in reminders(core))
    due = row(core, a).due_at
    assert "Snoozed" in await core.say(f"checkin snooze {a} 1w")
    assert row(core, a).due_at == due + timedelta(weeks=1)
    assert row(core, a).status == "pending"
    assert "done" in await core.say(f"checkin done {b}")
    assert row(core, b).status == "done"
    assert "Skipped" in await core.say(f"checkin skip {c}")
    assert row(core, c).status == "cancelled"
    assert "won't be sent" in await core.say(f"checkin cancel {d}")
    assert row(core, d).status == "cancelled"
    assert "already done" in await core.say(f"checkin done {b}")
    assert "already cancelled" in await core.say(f"checkin snooze {d} 1d")


async def test_snoozing_a_sent_reminder_sends_it_again_later(core: CoreHarness) -> None:
    await core.say('checkin add Jane "in 1 hour" "Ping"')
    [sent] = reminders(core)
    sent.status, sent.sent_at, sent.attempts = "sent", core.clock.now(), 1
    await core.say(f"checkin snooze {sent.number} 1d")
    again = row(core, sent.number)
    assert again.status == "pending"
    assert again.attempts == 0
    assert again.due_at == core.clock.now() + timedelta(days=1)


async def test_ids_are_scoped_by_owner(core: CoreHarness) -> None:
    await core.say('checkin add Jane "in 1 day" "Mine"', ALICE)
    [mine] = reminders(core)
    for verb in ("done", "skip", "cancel", "snooze"):
        out = await core.say(
            f"checkin {verb} {mine.number}" + (" 1d" if verb == "snooze" else ""), BOB
        )
        assert f"can't find check-in #{mine.number}" in out
    assert row(core, mine.number).status == "pending"
    assert "No check-ins waiting" in await core.say("checkin list", BOB)


async def test_done_on_thank_you_marks_the_interview_thanked(core: CoreHarness) -> None:
    await core.say('interview log "Ann Lee" company:Acme when:"1 hour ago"')
    thanks = next(r for r in reminders(core) if r.kind == "thank-you")
    await core.say(f"checkin done {thanks.number}")
    [interview] = core.uow.store.table("interviews")
    assert interview.status == "thanked"
    assert interview.thanked_at == core.clock.now()


async def test_settings_show_and_change(core: CoreHarness) -> None:
    out = await core.say("checkin settings")
    assert "Time zone: UTC" in out
    assert "Quiet hours: 21:00–08:00" in out
    assert "Keep in touch after: 30 days, 90 days" in out
    assert "Paused: no" in out
    out = await core.say(
        "checkin settings timezone:europe/paris quiet:22:30-07:00 cadence:14,60 pause:on"
    )
    assert "Time zone: Europe/Paris" in out
    assert "Quiet hours: 22:30–07:00" in out
    assert "14 days, 60 days" in out
    assert "paused" in out
    [prefs] = core.uow.store.table("user_settings")
    assert prefs.keep_in_touch_days == [14, 60]
    assert prefs.paused
    assert prefs.timezone_source == "user"
    out = await core.say("checkin settings quiet:off cadence:off pause:off")
    assert "Quiet hours: off" in out
    assert "Keep in touch after: off" in out


async def test_unpausing_releases_deferred_rows(core: CoreHarness) -> None:
    await core.say('checkin add Jane "in 1 day" "x"')
    await core.say("checkin settings pause:on")
    [deferred] = reminders(core)
    deferred.not_before = core.clock.now() + timedelta(hours=5)
    await core.say("checkin settings pause:off")
    assert row(core, deferred.number).not_before is None


async def test_help_lists_checkin_commands(core: CoreHarness) -> None:
    out = await core.say("help")
    for verb in ("add", "list", "snooze", "done", "skip", "cancel", "settings"):
        assert f"checkin {verb}" in out


async def test_commands_on_real_databases(sql_core: CoreHarness) -> None:
    out = await sql_core.say('checkin add "Jane Doe" "in 2 days" "Send notes"')
    assert "Check-in #1 set" in out
    assert "Snoozed check-in #1" in await sql_core.say("checkin snooze 1 2d")
    assert "can't find check-in #1" in await sql_core.say("checkin done 1", BOB)
    await sql_core.say("checkin settings timezone:Asia/Tokyo pause:on")
    out = await sql_core.say("checkin list")
    assert "#1 custom · Jane Doe · due" in out
    assert "(Asia/Tokyo)" in out
    assert "paused" in out
    assert "Marked check-in #1 done" in await sql_core.say("checkin done 1")
    async with sql_core.uow() as uow:
        [stored] = await uow.reminders.list(ALICE)
        assert stored.status == "done"
        assert stored.due_at == sql_core.clock.now() + timedelta(days=4)


async def test_check_ins_that_would_read_alike_name_their_interview(core: CoreHarness) -> None:
    """Two talks with Dana on one day: two reflections due the same morning would be two
    identical lines; each names its interview. A check-in like no other stays short."""
    await core.say('interview log "Dana Whitfield" when:"3 hours ago"')
    await core.say('interview log "Dana Whitfield" when:"1 hour ago"')
    await core.say('interview log "Bo Chen" when:"2 hours ago"')
    out = await core.say("checkin list")
    reflections = [line for line in out.splitlines() if "reflection · Dana" in line]
    assert sorted(line.split("Whitfield ")[1].split(" ·")[0] for line in reflections) == [
        "(interview #1)",
        "(interview #2)",
    ]
    assert "Bo Chen · due" in out  # alone of its kind: no number needed
    [thanks] = [line for line in out.splitlines() if "thank-you · Dana" in line]
    assert "(interview" not in thanks
    await core.say('interview plan "Cleo Park" when:"in 3 days"')
    preps = [line for line in (await core.say("checkin list")).splitlines() if "prep ·" in line]
    assert len(preps) == 2  # the day before and two hours before: plainly one talk
    assert all("(interview" not in line for line in preps)


async def test_a_thing_to_do_where_the_name_goes_is_the_note(core: CoreHarness) -> None:
    """Maya typed `checkin add "ask Tom Okafor for a coffee" when:"tomorrow 10am"`: a
    contact called "ask Tom Okafor for a coffee" was added, and the DM said "check in
    with ask Tom Okafor for a coffee". The line is the note; Tom, already a contact,
    is who it is about; a note naming nobody is a reminder of one's own."""
    await core.say('contact add "Tom Okafor" company:Monzo')
    out = await core.say('checkin add "ask Tom Okafor for a coffee" when:"tomorrow 10am"')
    assert "I'll remind you about Tom Okafor on" in out
    assert ": ask Tom Okafor for a coffee" in out
    assert "to your contacts" not in out
    assert [c.name for c in core.uow.store.table("contacts")] == ["Tom Okafor"]
    [about_tom] = reminders(core)
    assert about_tom.text == "ask Tom Okafor for a coffee"
    assert about_tom.contact_id == core.uow.store.table("contacts")[0].id
    mine = await core.say('checkin add "renew the library card before the exam" when:"friday"')
    assert "I'll remind you on" in mine
    assert len(core.uow.store.table("contacts")) == 1
    await core.say("checkin settings quiet:off")
    core.clock.advance(timedelta(days=7))
    await core.deliver()
    titles = sorted(m.reply.title for m in core.notifier.sent)
    assert titles == ["Check-in: Tom Okafor", "Your reminder"]
    own = next(m.reply for m in core.notifier.sent if m.reply.title == "Your reminder")
    assert own.text == "renew the library card before the exam"


async def test_a_short_name_is_still_a_name(core: CoreHarness) -> None:
    out = await core.say('checkin add "Maria de la Cruz" "in 2 weeks"')
    assert "I added Maria de la Cruz to your contacts" in out
    out = await core.say('checkin add "call Ann" "in 2 weeks"')  # a verb first: a note
    assert "to your contacts" not in out
