"""Refusals that lead somewhere: the corrected line, the group a bare word belongs to, and
help for one command. Driven through the real dispatcher on the in-memory fakes."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.domain import ReminderKind
from bot.grammar import parse
from bot.hints import corrected_line, loose_value
from bot.registry import all_specs
from tests.conftest import ALICE, CoreHarness


async def reminders(core: CoreHarness) -> list:  # type: ignore[type-arg]
    async with core.uow() as uow:
        return [r for r in await uow.reminders.list(ALICE) if r.kind == ReminderKind.CUSTOM.value]


async def test_unquoted_reason_is_refused_with_the_corrected_line(core: CoreHarness) -> None:
    text = await core.say(
        "outreach draft Raj Patel reason:I loved your panel at the Leeds food fair"
    )
    assert "Only “I” would go into `reason:`" in text
    assert "can't find" not in text
    assert 'outreach draft "Raj Patel" reason:"I loved your panel at the Leeds food fair"' in text
    async with core.uow() as uow:
        assert await uow.contacts.list(ALICE) == []


async def test_the_corrected_line_works(core: CoreHarness) -> None:
    await core.say('contact add "Raj Patel" company:"Leeds Bakes"')
    text = await core.say(
        'outreach draft "Raj Patel" reason:"I loved your panel at the Leeds food fair"'
    )
    assert "I loved your panel at the Leeds food fair" in text


async def test_a_time_split_around_an_option_is_refused(core: CoreHarness) -> None:
    text = await core.say("interview log Jane when:yesterday 3pm")
    assert 'interview log Jane when:"yesterday 3pm"' in text
    async with core.uow() as uow:
        assert await uow.contacts.list(ALICE) == []  # no contact called "Jane 3pm"


async def test_an_option_only_command_is_refused_when_its_value_spills(core: CoreHarness) -> None:
    await core.say("mentor join role:seeker industries:design")
    text = await core.say("mentor pause until:March 1")
    assert 'mentor pause until:"March 1"' in text


async def test_a_quoted_word_after_an_option_is_left_alone(core: CoreHarness) -> None:
    text = await core.say('checkin add Jane when:tomorrow "Send the notes"')
    assert "Check-in #" in text
    assert "Send the notes" in text


def test_loose_value_names_the_option_and_the_spill() -> None:
    spec = next(s for s in all_specs() if s.name == "checkin snooze")
    loose = loose_value("checkin snooze 12 for:2 days", spec, 2)
    assert loose is not None
    assert (loose.key, loose.value, loose.spill) == ("for", "2", "days")
    assert loose.corrected == 'checkin snooze 12 for:"2 days"'
    assert loose.splits_positionals
    assert parse(loose.corrected).options["for"] == "2 days"


def test_corrected_line_replaces_whole_words_only() -> None:
    line = 'checkin add "Raj Patel" "next tuesdy" "tuesdy-ish samples"'
    assert corrected_line(line, [("tuesdy", "tuesday")]) == (
        'checkin add "Raj Patel" "next tuesday" "tuesdy-ish samples"'
    )


async def test_checkin_add_typo_names_only_the_when(core: CoreHarness) -> None:
    text = await core.say('checkin add "Raj Patel" "next tuesdy" "send samples"')
    assert "`next tuesdy`" in text
    assert "send samples`" not in text.split("Try:")[0]  # the what is not merged into the when
    assert 'Try: `checkin add "Raj Patel" "next tuesday" "send samples"`' in text
    assert await reminders(core) == []


async def test_checkin_add_unquoted_typo_still_offers_the_fixed_line(core: CoreHarness) -> None:
    text = await core.say("checkin add Raj next tuesdy send samples")
    assert "`next tuesdy`" in text
    assert "Try: `checkin add Raj next tuesday send samples`" in text


async def test_interview_plan_typo_gets_the_corrected_command(core: CoreHarness) -> None:
    text = await core.say('interview plan "Jane Doe" when:"3 febuary 10am"')
    assert "“febuary”" in text
    assert 'Try: `interview plan "Jane Doe" when:"3 february 10am"`' in text


async def test_25_oclock_changes_nothing(core: CoreHarness) -> None:
    text = await core.say('checkin add Jane "tomorrow 25:00" "Ping"')
    assert "“25:00” isn't a time of day" in text
    assert await reminders(core) == []


async def test_numeric_dates_follow_the_persons_order(core: CoreHarness) -> None:
    core.clock.current = datetime(2026, 11, 20, 15, 37, tzinfo=UTC)
    await core.say("checkin settings timezone:Europe/London")
    london = await core.say('checkin add Jane "02/03/2027 10:00" "Ping"')
    assert "Tue 2 Mar 2027 10:00" in london
    await core.say("checkin settings timezone:America/New_York")
    new_york = await core.say('checkin add Jane "02/03/2027 10:00" "Ping"')
    assert "Wed 3 Feb 2027 10:00" in new_york
    await core.say("checkin settings dates:dmy")
    chosen = await core.say('checkin add Jane "02/03/2027 10:00" "Ping"')
    assert "Tue 2 Mar 2027 10:00" in chosen


async def test_settings_show_and_change_the_date_order(core: CoreHarness) -> None:
    shown = await core.say("checkin settings")
    assert "Dates: day first (2/3 is 2 March), from your time zone" in shown
    changed = await core.say("checkin settings dates:mdy")
    assert "Dates: month first (2/3 is 3 February), your choice" in changed
    back = await core.say("checkin settings dates:auto")
    assert "from your time zone" in back
    wrong = await core.say("checkin settings dates:ymd")
    assert "isn't a date order" in wrong
    assert "checkin settings dates:dmy" in wrong


async def test_mentor_pause_reads_the_persons_order(core: CoreHarness) -> None:
    core.clock.current = datetime(2026, 11, 20, 15, 37, tzinfo=UTC)
    await core.say("mentor join role:seeker industries:design")
    await core.say("checkin settings dates:mdy")
    text = await core.say('mentor pause until:"02/03/2027"')
    assert "Wed 3 Feb 2027" in text


async def test_a_bare_subcommand_suggests_its_group(core: CoreHarness) -> None:
    for word, meant in (("stats", "inroads stats"), ("export", "inroads export")):
        text = await core.say(word)
        assert f"Did you mean `{meant}`?" in text
        assert f"Try: `{meant}`" in text
    plan = await core.say('plan "Jane Doe" when:tomorrow')
    assert "Did you mean `interview plan`?" in plan
    assert 'Try: `interview plan "Jane Doe" when:tomorrow`' in plan  # the line as typed
    listing = await core.say("list")
    assert "`checkin list`" in listing
    assert "`interview list`" in listing
    which = await core.say("help list")
    assert "Which one:" in which
    assert "`contact list`" in which


async def test_help_for_one_command_shows_it_alone(core: CoreHarness) -> None:
    text = await core.say("help interview plan")
    plan = next(s for s in all_specs() if s.name == "interview plan")
    assert plan.usage in text
    assert plan.example in text
    assert "`when:`" in text
    assert "`duration:`" in text
    assert "interview log" not in text
    assert "help interview" in text  # the way back to the group


async def test_help_for_a_group_and_a_lone_subcommand(core: CoreHarness) -> None:
    group = await core.say("help interview")
    assert "interview log" in group
    assert "interview plan" in group
    lone = await core.say("help stats")
    assert "inroads stats" in lone
    assert "interview log" not in lone
    missing = await core.say("help interview fly")
    assert "`interview` has no command `fly`" in missing


async def test_a_nearly_spelt_choice_gets_the_persons_own_line_back(core: CoreHarness) -> None:
    """`kind:referal`, `medium:vidoe`: the refusal names the choice meant and shows the
    line as typed with only that word mended, quotes kept where the person put them."""
    await core.say('interview log "Sam Ortiz" company:Deloitte notes:"audit paths"')
    cases = {
        'interview outcome 1 kind:referal note:"Tom at Deliveroo"': (
            "Did you mean referral?",
            'interview outcome 1 kind:referral note:"Tom at Deliveroo"',
        ),
        'interview outcome 1 kind:"job leed"': (
            "Did you mean job lead?",
            'interview outcome 1 kind:"job lead"',
        ),
        'interview log "Ana Ruiz" medium:vidoe notes:"about nursing"': (
            "Did you mean video?",
            'interview log "Ana Ruiz" medium:video notes:"about nursing"',
        ),
        "interview list status:helf": ("Did you mean held?", "interview list status:held"),
        'outreach draft "Sam Ortiz" format:linkdin': (
            "Did you mean linkedin?",
            'outreach draft "Sam Ortiz" format:linkedin',
        ),
        "mentor join role:mentr industries:fintech": (
            "Did you mean mentor?",
            "mentor join role:mentor industries:fintech",
        ),
        "outreach who field:nursing goal:swtich": (
            "Did you mean switch?",
            "outreach who field:nursing goal:switch",
        ),
        "questions goal:swtich industry:nursing": (
            "Did you mean switch?",
            "questions goal:switch industry:nursing",
        ),
    }
    for line, (guess, mended) in cases.items():
        text = await core.say(line)
        assert guess in text, (line, text)
        assert f"Try: `{mended}`" in text, (line, text)
    async with core.uow() as uow:
        assert [c.name for c in await uow.contacts.list(ALICE)] == ["Sam Ortiz"]
        assert await uow.outcomes.list(ALICE) == []


async def test_a_word_far_from_every_choice_gets_the_choices_only(core: CoreHarness) -> None:
    text = await core.say('interview log "Ana Ruiz" medium:banana')
    assert "Did you mean" not in text
    assert "Use one of: coffee, video, phone, in person." in text
