"""Interview commands end to end through the dispatcher, on in-memory fakes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from bot.domain import Contact, Interview, Outcome
from tests.conftest import ALICE, BOB, CoreHarness

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)  # a Sunday; FixedClock's default


def interviews(core: CoreHarness) -> list[Interview]:
    return list(core.uow.store.table("interviews"))


def contacts(core: CoreHarness) -> list[Contact]:
    return list(core.uow.store.table("contacts"))


def only_interview(core: CoreHarness) -> Interview:
    (found,) = interviews(core)
    return found


async def test_log_with_referrals_and_questions(core: CoreHarness) -> None:
    text = await core.say(
        'interview log "Jane Doe" company:Acme when:"yesterday 3pm" '
        'referrals:"Ann Lee, Bo Chen (Globex)" asked:"What surprised you?; How did you start?"'
    )
    assert "Referrals: Ann Lee (new contact), Bo Chen (Globex) (new contact)" in text
    jane = next(c for c in contacts(core) if c.name == "Jane Doe")
    ann = next(c for c in contacts(core) if c.name == "Ann Lee")
    bo = next(c for c in contacts(core) if c.name == "Bo Chen")
    assert ann.referred_by_id == jane.id
    assert bo.referred_by_id == jane.id
    assert bo.company == "Globex"
    assert ann.company == ""
    assert only_interview(core).questions_asked == ["What surprised you?", "How did you start?"]
    outcomes: list[Outcome] = core.uow.store.table("outcomes")
    assert sorted(o.note for o in outcomes) == [
        "Referred you to Ann Lee",
        "Referred you to Bo Chen",
    ]
    assert all(o.kind == "referral" and o.contact_id == jane.id for o in outcomes)


async def test_referral_to_existing_contact_reuses_it(core: CoreHarness) -> None:
    await core.say('contact add "Ann Lee" company:Globex')
    await core.say('interview log Jane referrals:"ann lee (globex)"')
    assert len(contacts(core)) == 2
    ann = next(c for c in contacts(core) if c.name == "Ann Lee")
    jane = next(c for c in contacts(core) if c.name == "Jane")
    assert ann.referred_by_id == jane.id


async def test_a_described_referral_keeps_its_name_short(core: CoreHarness) -> None:
    """People describe referrals as they were told about them; the words after the name
    go where they belong (a company, or the contact's notes), not into the name."""
    text = await core.say(
        'interview log "Dana Whitfield" when:"yesterday 3pm" '
        'referrals:"Tom from the buying team, Priya Shah at FreshMart, Ana who runs the café"'
    )
    assert "Tom (new contact)" in text
    assert "Priya Shah (FreshMart) (new contact)" in text
    tom = next(c for c in contacts(core) if c.name == "Tom")
    assert tom.notes == "from the buying team"
    assert tom.company == ""
    priya = next(c for c in contacts(core) if c.name == "Priya Shah")
    assert priya.company == "FreshMart"
    ana = next(c for c in contacts(core) if c.name == "Ana")
    assert ana.notes == "who runs the café"
    assert not any("buying" in c.name for c in contacts(core))


async def test_plan_makes_a_calendar_file(core: CoreHarness) -> None:
    reply = await core.dispatcher.run_text(
        ALICE, 'interview plan "Jane Doe" when:"next Tuesday 10am" duration:45m medium:video'
    )
    assert "Planned interview #" in reply.plain_text()
    interview = only_interview(core)
    assert interview.status == "scheduled"
    assert interview.scheduled_at == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    (ics,) = reply.attachments
    assert ics.mime_type == "text/calendar"
    assert ics.filename.endswith(".ics")
    event = next(iter(Calendar.from_ical(ics.content).walk("VEVENT")))
    assert str(event["SUMMARY"]) == "Informational interview with Jane Doe"
    start = event.decoded("DTSTART")
    assert start == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    assert start.utcoffset() == timedelta(0)
    assert event.decoded("DTEND") - start == timedelta(minutes=45)
    assert b"DTSTART:20261124T100000Z" in ics.content
    # The UID is stable: showing the interview again re-issues the same entry.
    shown = await core.dispatcher.run_text(ALICE, f"interview show {interview.number}")
    again = next(iter(Calendar.from_ical(shown.attachments[0].content).walk("VEVENT")))
    assert str(again["UID"]) == str(event["UID"])
    assert [a.command for a in reply.actions] == [
        f"interview done {interview.number}",
        f"interview delete {interview.number}",
    ]


async def test_plan_in_the_timezone_of_the_person(core: CoreHarness) -> None:
    from bot.domain import UserSettings

    core.uow.store.insert("user_settings", UserSettings("console", "w1", "alice", "Europe/Paris"))
    reply = await core.dispatcher.run_text(ALICE, 'interview plan Jane when:"2026-12-01 10:00"')
    assert b"DTSTART:20261201T090000Z" in reply.attachments[0].content


async def test_plan_refuses_the_past(core: CoreHarness) -> None:
    text = await core.say('interview plan Jane when:"yesterday 10am"')
    assert "is in the past" in text
    assert "Try:" in text
    assert core.uow.store.count() == 0


async def test_request_then_schedule_upgrades_the_request(core: CoreHarness) -> None:
    assert "you asked Jane" in await core.say("interview plan Jane")
    assert only_interview(core).status == "requested"
    assert "You already asked Jane" in await core.say("interview plan Jane")
    await core.say('interview plan Jane when:"tomorrow 9am"')
    interview = only_interview(core)
    assert interview.status == "scheduled"
    assert interview.requested_at == NOW
    assert interview.duration_minutes == 30


async def test_full_status_flow(core: CoreHarness) -> None:
    await core.say('interview plan Jane when:"tomorrow 9am"')
    n = only_interview(core).number
    assert "still scheduled" in await core.say(f"interview thanked {n}")
    assert "still scheduled" in await core.say(f'interview outcome {n} kind:"job lead"')
    core.clock.advance(timedelta(days=1, hours=1))
    text = await core.say(
        f'interview done {n} notes:"Hiring in spring" takeaways:"Learn SQL" '
        'actions:"Send CV" referrals:"Dee (Initech)" asked:"What do you do all day?"'
    )
    assert f"Interview #{n} marked held" in text
    interview = only_interview(core)
    assert interview.status == "held"
    assert interview.held_at == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # the planned time
    assert interview.questions_asked == ["What do you do all day?"]
    assert "already held" in await core.say(f"interview done {n}")
    core.clock.advance(timedelta(hours=3))
    assert "Within 24 hours" in await core.say(f"interview thanked {n}")
    assert only_interview(core).thanked_at == core.clock.now()
    assert only_interview(core).status == "thanked"
    assert "already sent the thank-you" in await core.say(f"interview thanked {n}")
    assert "already thanked" in await core.say(f"interview done {n}")
    text = await core.say(f'interview outcome {n} kind:"job lead" note:"Analyst role"')
    assert "Outcome recorded" in text
    shown = await core.say(f"interview show {n}")
    for expected in ("Status: thanked", "Hiring in spring", "job lead: Analyst role", "Send CV"):
        assert expected in shown


async def test_a_refused_time_is_spelled_out(core: CoreHarness) -> None:
    # Found by the career-changer journey: "17 March" typed before the day came was read
    # as last year's, and the refusal only said "before you asked", naming our date, not
    # the one read. Now it says which moment it read, so the misreading shows.
    await core.say("interview plan Jane")  # asked Sun 22 Nov 2026, 12:00
    n = only_interview(core).number
    refused = await core.say(f'interview done {n} when:"25 November 4pm"')
    assert "Tue 25 Nov 2025 16:00 (UTC) is before you asked for the conversation" in refused
    assert "(Sun 22 Nov 2026 12:00 (UTC))" in refused
    assert only_interview(core).status == "requested"
    core.clock.advance(timedelta(hours=3))
    await core.say(f'interview done {n} when:"today 1pm"')
    refused = await core.say(f'interview thanked {n} when:"today 12:30pm"')
    assert "Sun 22 Nov 2026 12:30 (UTC) is before the conversation itself" in refused
    # A thank-you still ahead is not a conversation to plan: the reply says what fits.
    refused = await core.say(f'interview thanked {n} when:"tomorrow 9am"')
    assert "is in the future" in refused
    assert "interview plan" not in refused
    assert f"Try: `interview thanked {n}`" in refused
    assert only_interview(core).status == "held"


async def test_a_referral_outcome_naming_a_contact_does_not_offer_to_add_them(
    core: CoreHarness,
) -> None:
    # Found by the student journey: after referrals:"Priya Nair" had made her a contact,
    # `interview outcome 1 kind:referral note:"Intro to Priya Nair"` still said to add her.
    await core.say('interview log "Dana Whitfield" when:"yesterday 3pm" referrals:"Priya Nair"')
    n = only_interview(core).number
    ids = {c.name: c.number for c in contacts(core)}
    text = await core.say(f'interview outcome {n} kind:referral note:"Intro to Priya Nair"')
    assert (
        f"Priya Nair is already in your contacts (#{ids['Priya Nair']}); "
        "they count once in your referrals."
    ) in text
    assert "contact add" not in text
    text = await core.say(f'interview outcome {n} kind:referral note:"Intro to her manager"')
    assert f'contact add "Their Name" referred_by:#{ids["Dana Whitfield"]}' in text


async def test_done_from_requested_and_late_thanks(core: CoreHarness) -> None:
    await core.say("interview plan Jane")  # asked at 12:00
    n = only_interview(core).number
    refused = await core.say(f'interview done {n} when:"today 10am"')
    assert "before you asked for the conversation" in refused
    assert only_interview(core).status == "requested"
    core.clock.advance(timedelta(hours=3))
    await core.say(f'interview done {n} when:"today 2pm"')
    assert only_interview(core).held_at == datetime(2026, 11, 22, 14, 0, tzinfo=UTC)
    core.clock.advance(timedelta(days=3))
    late = await core.say(f"interview thanked {n}")
    # Noted three days on: it may have gone out on time, so the reply asks when, not scolds.
    assert "I recorded it as sent now, 3 days after the talk" in late
    assert f'interview thanked {n} when:"22 Nov 5pm"' in late
    assert "before the conversation itself" in await core.say(
        f'interview thanked {n} when:"2026-11-01"'
    )
    assert only_interview(core).thanked_at == core.clock.now()
    moved = await core.say(f'interview thanked {n} when:"22 Nov 5pm"')
    assert "Thank-you to Jane moved" in moved
    assert "Within 24 hours" in moved
    assert only_interview(core).thanked_at == datetime(2026, 11, 22, 17, 0, tzinfo=UTC)
    assert "already sent" in await core.say(f"interview thanked {n}")
    late_but_said = await core.say(f'interview thanked {n} when:"24 Nov 9am"')
    assert "Sent 43 hours after the talk: it still counts." in late_but_said
    by_name = await core.say('interview thanked Jane when:"22 Nov 6pm"')  # the name works too
    assert "Thank-you to Jane moved" in by_name
    assert only_interview(core).thanked_at == datetime(2026, 11, 22, 18, 0, tzinfo=UTC)


async def test_thanked_before_the_conversation_is_refused(core: CoreHarness) -> None:
    await core.say('interview log Jane when:"today 10am"')
    n = only_interview(core).number
    text = await core.say(f'interview thanked {n} when:"yesterday"')
    assert "before the conversation" in text
    assert only_interview(core).thanked_at is None


async def test_edit(core: CoreHarness) -> None:
    await core.say('interview log Jane when:"yesterday 3pm" notes:old')
    n = only_interview(core).number
    text = await core.say(f'interview edit {n} notes:"new notes" medium:zoom asked:"a; b"')
    assert "updated" in text
    interview = only_interview(core)
    assert (interview.notes, interview.medium, interview.questions_asked) == (
        "new notes",
        "video",
        ["a", "b"],
    )
    await core.say(f'interview edit {n} when:"2026-11-20 09:00"')
    assert only_interview(core).held_at == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert "own commands" in await core.say(f"interview edit {n} status:thanked")
    assert "Say what to change" in await core.say(f"interview edit {n}")
    assert "in the future" in await core.say(f'interview edit {n} when:"next friday"')
    assert only_interview(core).held_at == datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


async def test_edit_a_scheduled_time_reissues_the_calendar_file(core: CoreHarness) -> None:
    await core.say('interview plan Jane when:"tomorrow 9am"')
    n = only_interview(core).number
    reply = await core.dispatcher.run_text(ALICE, f'interview edit {n} when:"tomorrow 11am"')
    assert b"DTSTART:20261123T110000Z" in reply.attachments[0].content
    assert "in the past" in await core.say(f'interview edit {n} when:"yesterday"')


async def test_delete_asks_first(core: CoreHarness) -> None:
    await core.say("interview log Jane")
    n = only_interview(core).number
    await core.say(f'interview outcome {n} kind:offer note:"yes!"')
    reply = await core.dispatcher.run_text(ALICE, f"interview delete {n}")
    assert "Delete interview" in reply.plain_text()
    assert [a.command for a in reply.actions] == [f"interview delete {n} confirm:yes"]
    assert len(interviews(core)) == 1
    assert "confirm:yes" in await core.say(f"interview delete {n} confirm:maybe")
    assert "Deleted interview" in await core.say(f"interview delete {n} confirm:yes")
    assert interviews(core) == []
    assert len(contacts(core)) == 1  # the contact stays
    (outcome,) = core.uow.store.table("outcomes")
    assert outcome.interview_id is None
    assert "can't find interview" in await core.say(f"interview show {n}")


async def test_another_users_interview_looks_missing(core: CoreHarness) -> None:
    await core.say('interview log Jane notes:"private"', ALICE)
    n = only_interview(core).number
    missing = await core.say("interview show 999", BOB)
    for command in (
        "interview show {n}",
        "interview done {n}",
        "interview thanked {n}",
        "interview edit {n} notes:mine",
        "interview delete {n} confirm:yes",
        "interview outcome {n} kind:offer",
    ):
        theirs = await core.say(command.format(n=n), BOB)
        nothing = await core.say(command.format(n=999), BOB)
        assert theirs == nothing.replace("#999", f"#{n}"), command
        assert "private" not in theirs
    assert "can't find interview #999" in missing
    assert only_interview(core).notes == "private"


async def test_bad_input_writes_nothing(core: CoreHarness) -> None:
    await core.say('interview log Jane when:"yesterday"')
    n = only_interview(core).number
    before = core.uow.commits
    snapshot = repr(core.uow.store.rows)
    cases = {
        "interview plan": "name is missing",
        'interview plan "   "': "name is missing",
        'interview plan Jane when:"blorp"': "couldn't read",
        'interview plan Jane when:"2999-01-01"': "looks like a typo",
        "interview plan Jane when:tomorrow duration:9h": "looks like a typo",
        "interview plan Jane when:tomorrow duration:forever": "couldn't read",
        'interview log Jane when:"1900-01-01"': "looks like a typo",
        'interview log Jane when:"next week"': "is in the future",
        'interview log Jane referrals:"Ann (Acme"': "couldn't read",
        f'interview done {n} when:"next week"': "already held",
        "interview done": "Which interview? Give its number or the person's name.",
        "interview done abc": "can't find anyone called abc",
        "interview done ---": "isn't an interview number or a name",
        f"interview outcome {n} kind:raise": "isn't an outcome kind",
        f"interview outcome {n}": "Say what came of",
        "interview list contact:Nobody": "can't find a contact",
        "contact show Nobody": "can't find a contact",
        "contact chain Nobody": "can't find a contact",
        "contact add Eve referred_by:Nobody": "can't find a contact",
        "contact add": "name is missing",
    }
    for command, expected in cases.items():
        text = await core.say(command)
        assert expected in text, (command, text)
        assert "Try:" in text, command
    assert core.uow.commits == before
    assert repr(core.uow.store.rows) == snapshot


async def test_long_notes_are_stored_whole_and_shown_cut(core: CoreHarness) -> None:
    notes = "word " * 1_000  # 5,000 characters
    text = await core.say(f'interview log Jane notes:"{notes}"')
    assert "cut for display" in text
    interview = only_interview(core)
    assert interview.notes == notes.strip()
    shown = await core.say(f"interview show {interview.number}")
    assert "cut for display; 4,999 characters kept" in shown
    assert len(shown) < 3_500


async def test_list_filters_by_status(core: CoreHarness) -> None:
    await core.say("interview log Jane company:Acme")
    await core.say('interview plan Raj company:Globex when:"tomorrow 9am"')
    await core.say("interview plan Lin")
    assert "Raj" in await core.say("interview list status:scheduled")
    assert "Jane" not in await core.say("interview list status:scheduled")
    assert "Lin" in await core.say("interview list requested")
    assert "Lin" not in await core.say("interview list company:globex")


async def test_done_refuses_a_future_time_and_absurd_dates(core: CoreHarness) -> None:
    await core.say('interview plan Jane when:"tomorrow 9am"')
    n = only_interview(core).number
    assert "is in the future" in await core.say(f'interview done {n} when:"in 2 days"')
    assert "looks like a typo" in await core.say(f'interview done {n} when:"1900-05-01"')
    assert only_interview(core).status == "scheduled"
    assert only_interview(core).held_at is None


async def test_rescheduling_keeps_the_uid_and_raises_the_sequence(core: CoreHarness) -> None:
    first = await core.dispatcher.run_text(ALICE, 'interview plan Jane when:"tomorrow 9am"')
    n = only_interview(core).number
    core.clock.advance(timedelta(minutes=5))
    second = await core.dispatcher.run_text(ALICE, f'interview edit {n} when:"tomorrow 3pm"')
    before, after = (
        next(iter(Calendar.from_ical(r.attachments[0].content).walk("VEVENT")))
        for r in (first, second)
    )
    assert str(before["UID"]) == str(after["UID"])
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
    assert after.decoded("DTSTART") == datetime(2026, 11, 23, 15, 0, tzinfo=UTC)


async def test_a_log_while_a_talk_is_planned_says_so_and_offers_to_remove_it(
    core: CoreHarness,
) -> None:
    """Kenji is planned for Thursday and a talk with him is logged today: it may be that
    talk, held early. The reply says the plan stays and offers to remove it (asking
    first), which takes its prep nudges with it. A log with no plan says nothing."""
    await core.say('interview plan "Kenji Watanabe" company:Stripe when:"in 3 days"')
    reply = await core.dispatcher.run_text(ALICE, 'interview log Kenji notes:"learn DDIA"')
    assert "You also have interview #1 with Kenji Watanabe planned for" in reply.footer
    assert "it stays planned" in reply.footer
    [remove] = [a for a in reply.actions if a.label == "That was #1: remove it"]
    asked = await core.say(remove.command)
    assert asked.startswith("Delete interview #1 with Kenji Watanabe?")  # asks first
    assert len(core.uow.store.table("interviews")) == 2
    await core.say("interview delete 1 confirm:yes")
    assert [r.kind for r in core.uow.store.table("reminders") if r.kind == "prep"] == []
    assert [i.number for i in core.uow.store.table("interviews")] == [2]
    again = await core.dispatcher.run_text(ALICE, 'interview log Kenji when:"1 hour ago"')
    assert again.footer == ""
    assert [a.label for a in again.actions] == ["Thank-you sent"]


def pending_kinds(core: CoreHarness) -> list[str]:
    rows = [r for r in core.uow.store.table("reminders") if r.status == "pending"]
    return sorted(r.kind for r in rows)


async def test_a_talk_logged_after_a_request_is_that_requests_answer(core: CoreHarness) -> None:
    """Asked on Sunday, she wrote back with advice on Wednesday and it was logged: one
    conversation, held, and no "no reply yet?" follow-up nudge the next Monday."""
    await core.say('outreach draft "Nia Brown" company:BBC reason:"your podcast on local news"')
    await core.say("outreach sent Nia")
    await core.say('interview edit 1 notes:"met her at the radio fair"')
    assert "follow-up" in pending_kinds(core)
    core.clock.advance(timedelta(days=3))
    text = await core.say('interview log Nia notes:"pitch local stories" takeaways:"learn audio"')
    assert "Logged interview #1" in text
    assert "Your request to Nia Brown became this conversation" in text
    talk = only_interview(core)
    assert talk.status == "held"
    assert talk.held_at == core.clock.now()
    assert talk.notes == "met her at the radio fair\npitch local stories"
    assert talk.takeaways == "learn audio"
    assert "follow-up" not in pending_kinds(core)
    assert "thank-you" in pending_kinds(core)


async def test_a_talk_from_before_the_request_stays_a_talk_of_its_own(core: CoreHarness) -> None:
    await core.say('outreach sent "Nia Brown"')
    text = await core.say('interview log Nia when:"2 days ago" notes:"met at a panel first"')
    assert "became this conversation" not in text
    assert sorted(i.status for i in interviews(core)) == ["held", "requested"]
    assert "follow-up" in pending_kinds(core)


async def test_a_talk_logged_after_its_planned_time_is_that_plan_held(core: CoreHarness) -> None:
    """Planned for Tuesday 10am and logged on Thursday without a time: one conversation,
    held when it was planned, so `interview outcome 1` and the funnel name the talk that
    happened rather than an empty plan next to it."""
    await core.say('interview plan "Kenji Watanabe" company:Stripe when:"tuesday 10am"')
    planned_for = only_interview(core).scheduled_at
    assert planned_for is not None
    core.clock.advance(timedelta(days=4))
    text = await core.say('interview log kenji notes:"learn DDIA first"')
    assert "Logged interview #1" in text
    assert "This was your planned talk #1 with Kenji Watanabe" in text
    assert "at the time you planned" in text
    talk = only_interview(core)
    assert (talk.status, talk.held_at, talk.notes) == ("held", planned_for, "learn DDIA first")
    assert "thank-you" in pending_kinds(core)
    outcome = await core.say('interview outcome 1 kind:referral note:"Ann at Stripe"')
    assert "#1" in outcome
    stats = await core.say("inroads stats chart:off")
    assert "Outreach sent: 1" in stats
    assert "Held: 1" in stats


async def test_a_logged_time_near_the_plan_is_kept(core: CoreHarness) -> None:
    """The call slipped a day: the log's own time wins, and it is still the planned talk."""
    await core.say('interview plan "Kenji Watanabe" when:"tuesday 10am"')
    core.clock.advance(timedelta(days=4))
    text = await core.say('interview log Kenji when:"wednesday 4pm"')
    assert "This was your planned talk #1 with Kenji Watanabe: it is now held." in text
    talk = only_interview(core)
    assert talk.status == "held"
    assert talk.held_at is not None
    assert talk.held_at.weekday() == 2


async def test_a_plan_long_past_or_far_from_the_logged_time_stays_apart(core: CoreHarness) -> None:
    """A plan from weeks ago, or one far from the time the log gives, was another talk
    (or never happened): the log is a conversation of its own."""
    await core.say('interview plan "Kenji Watanabe" when:"tuesday 10am"')
    core.clock.advance(timedelta(days=20))
    text = await core.say("interview log Kenji")
    assert "planned talk" not in text
    assert sorted(i.status for i in interviews(core)) == ["held", "scheduled"]
    await core.say('interview plan "Ann Lee" when:"tomorrow 9am"')
    core.clock.advance(timedelta(days=6))
    text = await core.say('interview log Ann when:"yesterday 5pm"')
    assert "planned talk" not in text
    assert sorted(i.status for i in interviews(core)) == ["held", "held", "scheduled", "scheduled"]
