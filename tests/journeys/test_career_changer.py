"""Grace, a science teacher moving into UX research, in New York.

Her journey leans on the parts a career changer touches: a connection note that has to
fit in 300 characters, a contact whose name has an accent she does not type, US
month-first dates across the March clock change, a plan moved by half an hour, a
thank-you she confirms from the reminder itself (`checkin done`), a job lead, a bare
`stats`, keep-in-touch marked done and then stopped, export and forget-me.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.journeys.console import JourneyConsole, assert_lines
from tests.journeys.journal import assert_erased, reminder_rows

pytestmark = pytest.mark.slow

PROFILE = (
    'outreach profile name:"Grace Okoye" '
    'about:"a secondary-school science teacher moving into UX research"'
)
NOTES = "Research ops at Brightpath is two people; they recruit teachers for every study"
TAKEAWAYS = "My lesson observations are field research; rewrite my CV around studies"
ACTIONS = "Finish the usability testing course; share my classroom study write-up with Zoë"


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def test_a_teacher_moving_into_ux_research(tmp_path: Path) -> None:
    # Mon 2 Mar 2026, 09:00 in New York (EST, UTC-5); the clocks go forward on 8 March.
    grace = JourneyConsole(tmp_path, "grace", zone="America/New_York", start=utc(3, 2, 14))

    guide, saved = grace.first_run(PROFILE)
    assert "Right now it's America/New_York (from this computer)." in guide
    assert "To change it: checkin settings timezone:Europe/London" in guide
    assert "Your goal picks the questions I suggest" in guide
    assert "About you: a secondary-school science teacher moving into UX research" in saved

    grace.open()
    try:
        reply = grace.say("questions goal:changing-careers")
        assert reply.splitlines()[1] == "Ranked for: your goal: changing careers."

        reply = grace.say(
            'outreach draft "Zoë Kowalski" company:Brightpath role:"UX Researcher" '
            'reason:"your case study on testing a homework app in real classrooms" '
            "format:linkedin"
        )
        note = _draft_body(reply, "Connection note for Zoë Kowalski")
        assert len(note) <= 300, note
        assert note.startswith("Hi Zoë,")
        assert "I'm Grace Okoye" in note
        assert "homework app" in note
        assert "• Good: it says why them, and there's one clear ask (advice, not a job)." in reply
        assert "  [Mark as sent] → outreach sent #1" in (reply.splitlines())

        reply = grace.say("outreach sent #1")
        assert_lines(
            reply,
            "✓ Request to Zoë Kowalski marked as sent",
            "Interview #1 is now requested. If Zoë Kowalski hasn't replied by "
            "Mon 9 Mar 2026 10:00 (America/New_York), I'll remind you to send a short "
            "follow-up.",
        )
        # 10:00 on 9 March is EDT already (UTC-4): the wall-clock time is kept.
        assert grace.pending() == [("follow-up", "2026-03-09 14:00")]

        # Friday: Zoë says yes. Month first in New York: 03/17 is 17 March.
        assert grace.advance(utc(3, 6, 19), reminders=0) == []
        reply = grace.say('interview plan Zoe when:"03/17 4pm" medium:video duration:45m')
        assert_lines(
            reply,
            "✓ Zoë Kowalski said yes: interview #1 is planned",
            "With: Zoë Kowalski (UX Researcher, Brightpath)",
            "When: Tue 17 Mar 2026 16:00 (America/New_York)",
            "Duration: 45 min",
            "Medium: video",
        )
        assert grace.pending() == [("prep", "2026-03-16 20:00"), ("prep", "2026-03-17 18:00")]

        # School pickup: half an hour later. Typed without the accent, same person.
        reply = grace.say('interview plan "Zoe Kowalski" when:"03/17 4:30pm"')
        assert_lines(
            reply,
            "✓ Moved interview #1 with Zoë Kowalski to Tue 17 Mar 2026 16:30 (America/New_York)",
            "Duration: 45 min",  # what she set before stays
            "Medium: video",
        )
        assert "It was planned for Tue 17 Mar 2026 16:00 (America/New_York)" in reply
        assert grace.rows("SELECT count(*) FROM interviews") == [(1,)]
        assert grace.rows("SELECT count(*) FROM contacts") == [(1,)]
        assert grace.pending() == [("prep", "2026-03-16 20:30"), ("prep", "2026-03-17 18:30")]

        # The follow-up's own moment passes in silence: she has a plan.
        assert grace.advance(utc(3, 9, 14), reminders=0) == []
        assert reminder_rows(grace, "follow-up") == [("cancelled", None)]

        (prep,) = grace.advance(utc(3, 16, 20, 30), reminders=1)
        assert_lines(
            prep,
            "Get ready: Zoë Kowalski",
            "Interview: Tue 17 Mar 2026 16:30 (America/New_York)",
            "• ☐ The time (time): Confirm Tue 17 Mar 2026 16:30 (America/New_York) (video); plan to finish "
            "within 45 minutes.",
            "Mistakes to avoid",
            "• Don't ask for a job or a referral: ask how someone with your background would be "
            "seen in Zoë's field, and let any offer come from them.",
            "• You asked for 45 minutes: keep an eye on the clock yourself, and when the time is "
            "up, say so and offer to stop. Staying longer is their choice.",
            "Check-in #2",
        )
        (prep,) = grace.advance(utc(3, 17, 18, 30), reminders=1)
        assert_lines(prep, "Get ready: Zoë Kowalski", "Check-in #3")
        assert grace.advance(utc(3, 17, 21, 30), reminders=0) == []

        reply = grace.say(
            f'interview done 1 when:"03/17 4:35pm" notes:"{NOTES}" takeaways:"{TAKEAWAYS}" '
            f'actions:"{ACTIONS}" referrals:"Marcus Lee (Brightpath)"'
        )
        assert reply == (
            "✓ Interview #1 marked held\n"
            "Send a thank-you within 24 hours, then tell me with the button below.\n"
            "With: Zoë Kowalski (UX Researcher, Brightpath)\n"
            "Held: Tue 17 Mar 2026 16:35 (America/New_York)\n"
            f"Notes: {NOTES}\n"
            f"Takeaways: {TAKEAWAYS}\n"
            f"Action items: {ACTIONS}\n"
            "Referrals: Marcus Lee (Brightpath) (new contact)\n"
            "  [Thank-you sent] → interview thanked 1"
        )

        (thanks,) = grace.advance(utc(3, 17, 23, 35), reminders=1)  # 19:35 in New York
        assert_lines(thanks, "Thank Zoë Kowalski today", "Check-in #4")
        reply = grace.say("checkin done 4")
        assert reply == "✓ Marked check-in #4 done. Nice. Interview #1 is marked thanked too."
        reply = grace.say("interview show 1")
        assert_lines(
            reply,
            "Interview #1 with Zoë Kowalski",
            "Status: thanked",
            "Asked: Mon 2 Mar 2026 09:00 (America/New_York)",
            "Held: Tue 17 Mar 2026 16:35 (America/New_York)",
            "Thank-you sent: Tue 17 Mar 2026 19:35 (America/New_York)",
            f"Notes: {NOTES}",
        )
        assert "Scheduled for: Tue 17 Mar 2026 16:30 (America/New_York)" in reply.splitlines()

        (reflection,) = grace.advance(utc(3, 18, 14), reminders=1)
        assert_lines(
            reflection,
            "What did you learn from Zoë Kowalski?",
            "Interview: Tue 17 Mar 2026 16:35 (America/New_York)",
            "Your action plan",
            *(f"• #{n} {item}" for n, item in enumerate(ACTIONS.split("; "), start=1)),
            "Check-in #5",
        )

        reply = grace.say(
            'interview outcome 1 kind:"job lead" note:"Junior UX researcher opening at '
            'Brightpath in May"'
        )
        assert_lines(
            reply,
            "✓ Outcome recorded for interview #1",
            "A lead: follow it up while it's warm.",
            "Kind: job lead",
            "From: Zoë Kowalski (UX Researcher, Brightpath)",
            "Note: Junior UX researcher opening at Brightpath in May",
        )
        reply = grace.say("contact chain Marcus")
        assert_lines(
            reply,
            "Referral chain of Marcus Lee",
            "Zoë Kowalski referred you to Marcus Lee.",
        )

        reply = grace.say("stats")  # the group word forgotten
        assert reply == (
            "✗ I don't know the command stats on its own.\n"
            "Did you mean inroads stats? Type help to see every command.\n"
            "Try: inroads stats"
        )
        reply = grace.say("inroads stats")
        assert_lines(
            reply,
            "Outreach sent: 1",
            "Accepted: 1",
            "Held: 1",
            "Thank-you within 24 h: 1 of 1 held (100%)",
            "Referrals gained: 1",
            "Job leads: 1",
            "Job interviews: 0",
            "Offers: 0",
        )

        # 30 days after the thank-you, 10:00 in New York.
        (keep,) = grace.advance(utc(4, 16, 14), reminders=1)
        assert_lines(
            keep,
            "Time to reconnect with Zoë Kowalski",
            "Check-in #6",
            "  [Stop these] → checkin stop #1",
        )
        reply = grace.say("checkin done 6")
        assert reply == (
            "✓ Marked check-in #6 done. Nice. Next catch-up with Zoë Kowalski: "
            "Sat 16 May 2026 10:00 (America/New_York) (checkin stop #1 ends them)."
        )
        assert grace.pending() == [("keep-in-touch", "2026-05-16 14:00")]  # counted from today
        reply = grace.say("checkin stop Zoe")
        assert reply == (
            "✓ Done: no more keep-in-touch nudges about Zoë Kowalski. Your notes and other "
            "check-ins stay as they are.\n"
            "  [Start them again] → checkin start #1"
        )
        assert grace.pending() == []

        reply = grace.say("inroads export")
        export_json = grace.files / "inroads-export-20260416.json"
        assert f"  Saved inroads-export-20260416.json to {export_json}" in reply.splitlines()
        data = json.loads(export_json.read_text(encoding="utf-8"))
        zoe = next(c for c in data["contacts"] if c["id"] == 1)
        assert zoe["name"] == "Zoë Kowalski"
        assert zoe["keep_in_touch"] is False
        (interview,) = data["interviews"]
        assert interview["status"] == "thanked"
        assert interview["scheduled_at"] == "2026-03-17T20:30:00+00:00"
        assert interview["held_at"] == "2026-03-17T20:35:00+00:00"
        assert interview["duration_minutes"] == 45
        assert interview["takeaways"] == TAKEAWAYS
        outcomes = sorted((o["kind"], o["note"]) for o in data["outcomes"])
        assert ("job lead", "Junior UX researcher opening at Brightpath in May") in outcomes

        reply = grace.say("inroads forget-me confirm:yes")
        assert reply.startswith("✓ Done: your data is erased\n")
        reply = grace.say("checkin list")
        assert reply.startswith("No check-ins waiting.")
        assert "Zoë" not in reply
    finally:
        grace.close()
    assert_erased(grace)


def _draft_body(reply: str, title: str) -> str:
    """The text a person would copy: between the title and the quality check."""
    lines = reply.splitlines()
    assert lines[0] == title, reply
    body = lines[1 : lines.index("Check")]
    return "\n".join(body).strip()
