"""Maya, a final-year economics student who wants a data analyst job, asks an alumna.

The whole practice in the console, in London, over six weeks of a test clock: the
first-run guide, an alumni draft, the request, a misspelt day, a plan and a second
thought about its time, both prep nudges (the week-old follow-up must not come once the
call is planned), notes and two referrals, the thank-you, the reflection, a check-in
named by first name, a referral's role filled in, the chain, a keep-in-touch nudge 30
days on, stats, export and forget-me.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.journeys.console import JourneyConsole, assert_lines, at
from tests.journeys.journal import assert_erased, reminder_rows

pytestmark = pytest.mark.slow

PROFILE = (
    'outreach profile name:"Maya Chen" '
    'about:"a final-year economics student who wants to work as a data analyst" '
    'school:"University of Leeds"'
)
NOTES = "Northwind's analysts live in SQL and dbt; the graduate scheme opens in April"
TAKEAWAYS = "Learn dbt basics; build one portfolio project with public transport data"
ACTIONS = "Apply to the Northwind graduate scheme; send Dana my portfolio link"


def test_a_student_walks_the_whole_practice(tmp_path: Path) -> None:
    maya = JourneyConsole(tmp_path, "maya", zone="Europe/London", start=at(2, 9))

    guide, saved = maya.first_run(PROFILE)
    assert guide.startswith("Welcome to Inroads\n")
    assert guide.index("1. Who you are") < guide.index("2. Your time zone")
    assert guide.index("2. Your time zone") < guide.index("3. What you're after")
    assert "Right now it's Europe/London (from this computer)." in guide
    assert "To change it: checkin settings timezone:America/New_York" in guide
    assert "`" not in guide
    assert "/outreach" not in guide
    assert "✓ Your outreach profile (saved)" in saved
    assert "About you: a final-year economics student who wants to work as a data analyst" in saved
    assert "School: University of Leeds" in saved

    maya.open()
    try:
        reply = maya.say("questions goal:breaking-in")
        assert reply.splitlines()[:3] == [
            "Questions to ask",
            "Ranked for: your goal: breaking in.",
            "Saved as your goal; question packs and outreach drafts use it until you change it.",
        ]
        questions = [line for line in reply.splitlines() if line.startswith("• ")]
        assert len(questions) == len(set(questions)) == 8

        # The draft: an alumni email that says who she is, why Dana, and asks for advice.
        reply = maya.say(
            'outreach draft "Dana Whitfield" company:Northwind role:"Senior Data Analyst" '
            'reason:"your talk at the Leeds alumni careers evening" format:alumni'
        )
        assert_lines(
            reply,
            "Alumni email draft for Dana Whitfield",
            # Issue 17 §2: a current student is not an alum, and the school is named once.
            "Subject: A question from a current student at your old school",
            "Hi Dana,",
            "• Good: it says why them, and there's one clear ask (advice, not a job).",
            "  [Mark as sent] → outreach sent #1",
        )
        intro = next(line for line in reply.splitlines() if line.startswith("I'm Maya Chen"))
        assert "I'm studying at the University of Leeds, where you studied too." in intro
        assert reply.count("University of Leeds") == 1
        assert "a final-year economics student who wants to work as a data analyst" in intro
        assert "your talk at the Leeds alumni careers evening" in intro
        assert "a 20-minute call" in reply
        assert "not for a job" in reply
        assert reply.count("Maya Chen") == 2  # introduced, and signed
        # Someone new joins the contacts with what the draft was told about them.
        assert "I added Dana Whitfield to your contacts (#1)." in reply
        assert maya.rows("SELECT name, company, role FROM contacts") == [
            ("Dana Whitfield", "Northwind", "Senior Data Analyst")
        ]

        reply = maya.say("outreach sent #1")  # the button
        assert_lines(
            reply,
            "✓ Request to Dana Whitfield marked as sent",
            "Interview #1 is now requested. If Dana Whitfield hasn't replied by "
            "Mon 9 Mar 2026 09:00 (Europe/London), I'll remind you to send a short follow-up.",
            "Contact: Dana Whitfield (Senior Data Analyst, Northwind)",
            'When they say yes: interview plan "Dana Whitfield" when:"next Tuesday 10am"',
        )
        assert maya.pending() == [("follow-up", "2026-03-09 09:00")]

        # Two days later Dana says yes. Maya types fast.
        assert maya.advance(at(4, 12), reminders=0) == []
        reply = maya.say('interview plan Dana when:"next tuesdy 10am"')
        assert reply == (
            "✗ I couldn't read next tuesdy 10am: I don't know the word “tuesdy”.\n"
            "Did you mean “next tuesday 10am”?\n"
            'Try: interview plan Dana when:"next tuesday 10am"'
        )
        assert maya.rows("SELECT status, scheduled_at FROM interviews") == [("requested", None)]

        reply = maya.say('interview plan Dana when:"next tuesday 10am" medium:video')
        assert_lines(
            reply,
            "✓ Dana Whitfield said yes: interview #1 is planned",
            "With: Dana Whitfield (Senior Data Analyst, Northwind)",
            "When: Tue 10 Mar 2026 10:00 (Europe/London)",
            "Duration: 30 min",
            "Medium: video",
            f"  Saved interview-1.ics to {maya.files / 'interview-1.ics'}",
        )
        assert "Research before you talk to Dana" in reply
        assert "• This is your first conversation with Dana: no earlier notes." in reply
        first_ics = (maya.files / "interview-1.ics").read_text()
        assert "DTSTART:20260310T100000Z" in first_ics
        assert "SUMMARY:Informational interview with Dana Whitfield" in first_ics
        # Planned: the follow-up is over; prep comes the day before and 2 h before.
        assert maya.pending() == [("prep", "2026-03-09 10:00"), ("prep", "2026-03-10 08:00")]

        # A second thought: 2pm suits her lectures better. Same interview, moved.
        reply = maya.say('interview plan "Dana Whitfield" when:"next tuesday 2pm" medium:video')
        assert_lines(
            reply,
            "✓ Moved interview #1 with Dana Whitfield to Tue 10 Mar 2026 14:00 (Europe/London)",
            "It was planned for Tue 10 Mar 2026 10:00 (Europe/London); I moved it rather than "
            "add a second one. The new calendar file replaces the old entry.",
            "When: Tue 10 Mar 2026 14:00 (Europe/London)",
            f"  Saved interview-1-2.ics to {maya.files / 'interview-1-2.ics'}",
        )
        moved_ics = (maya.files / "interview-1-2.ics").read_text()
        assert "DTSTART:20260310T140000Z" in moved_ics
        assert _ics_uid(moved_ics) == _ics_uid(first_ics)  # the calendar updates its entry
        assert maya.rows("SELECT count(*) FROM interviews") == [(1,)]
        assert maya.pending() == [("prep", "2026-03-09 14:00"), ("prep", "2026-03-10 12:00")]
        assert maya.say("interview list") == (
            "Your interviews (1)\n"
            "• #1 Dana Whitfield (Senior Data Analyst, Northwind) · scheduled · Tue 10 Mar 2026 14:00 (Europe/London)"
            " · video"
        )

        # Past the follow-up's time (9 Mar 09:00): only the day-before prep arrives.
        (prep,) = maya.advance(at(9, 14), reminders=1)
        assert_lines(
            prep,
            "Get ready: Dana Whitfield",
            "Contact: Dana Whitfield (Senior Data Analyst, Northwind)",
            "Interview: Tue 10 Mar 2026 14:00 (Europe/London)",
            "Check-in #2",
            "  [Done] → checkin done 2",
        )
        assert "Questions to ask Dana" in prep
        assert "follow" not in prep.lower()
        assert "reply" not in prep.lower()
        assert reminder_rows(maya, "follow-up") == [("cancelled", None)]
        (prep,) = maya.advance(at(10, 12), reminders=1)
        assert_lines(
            prep, "Get ready: Dana Whitfield", "Interview: Tue 10 Mar 2026 14:00 (Europe/London)"
        )
        assert "Check-in #3" in prep.splitlines()
        assert maya.advance(at(10, 14, 45), reminders=0) == []

        reply = maya.say(
            f'interview done 1 notes:"{NOTES}" takeaways:"{TAKEAWAYS}" actions:"{ACTIONS}" '
            'referrals:"Priya Nair (Northwind), Tom Okafor (Ofgem)"'
        )
        assert reply == (
            "✓ Interview #1 marked held\n"
            "Send a thank-you within 24 hours, then tell me with the button below.\n"
            "With: Dana Whitfield (Senior Data Analyst, Northwind)\n"
            "Held: Tue 10 Mar 2026 14:00 (Europe/London)\n"
            f"Notes: {NOTES}\n"
            f"Takeaways: {TAKEAWAYS}\n"
            f"Action items: {ACTIONS}\n"
            "Referrals: Priya Nair (Northwind) (new contact), Tom Okafor (Ofgem) (new contact)\n"
            "  [Thank-you sent] → interview thanked 1"
        )
        assert maya.pending() == [
            ("thank-you", "2026-03-10 17:00"),
            ("reflection", "2026-03-11 10:00"),
            ("keep-in-touch", "2026-04-09 09:00"),  # 30 days on, 10:00 in London (BST)
        ]

        (thanks,) = maya.advance(at(10, 17), reminders=1)
        assert_lines(
            thanks,
            "Thank Dana Whitfield today",
            "Interview: Tue 10 Mar 2026 14:00 (Europe/London)",
            "Check-in #4",
            '  [Draft thank-you] → outreach draft "Dana Whitfield" format:thank-you',
        )
        assert "late" not in thanks
        reply = maya.say('outreach draft "Dana Whitfield" format:thank-you')  # the button
        assert_lines(
            reply,
            "Thank-you note for Dana Whitfield",
            "Hi Dana,",
            "Subject: Thank you for the advice on working as a senior data analyst",
            "Your advice to learn dbt basics really stayed with me. Next, I'm going to apply to "
            "the Northwind graduate scheme.",
            "Maya Chen",
            "  [Mark thanked] → interview thanked 1",
        )
        reply = maya.say("interview thanked 1")
        assert reply == (
            "✓ Thank-you to Dana Whitfield recorded (interview #1)\n"
            "Within 24 hours: that's the habit that makes people remember you.\n"
            "Sent: Tue 10 Mar 2026 17:00 (Europe/London)"
        )

        (reflection,) = maya.advance(at(11, 10), reminders=1)
        assert_lines(
            reflection,
            "What did you learn from Dana Whitfield?",
            "Your action plan",
            *(f"• #{n} {item}" for n, item in enumerate(ACTIONS.split("; "), start=1)),
            "Check-in #5",
        )

        # "Dana" is Dana Whitfield: no second contact.
        reply = maya.say('checkin add Dana in 2 weeks "send her the finished portfolio project"')
        assert reply == (
            "✓ Check-in #7 set\n"
            "I'll remind you about Dana Whitfield on Wed 25 Mar 2026 10:00 (Europe/London): "
            "send her the finished portfolio project"
        )
        assert maya.rows("SELECT name FROM contacts ORDER BY id") == [
            ("Dana Whitfield",),
            ("Priya Nair",),
            ("Tom Okafor",),
        ]

        # Adding Priya again with her role offers the edit; the edit applies it.
        reply = maya.say('contact add "Priya Nair" company:Northwind role:"Analytics Manager"')
        assert reply == (
            "Priya Nair (Northwind) is already in your contacts (#2).\n"
            "Nothing changed yet. Update them with what you just wrote?\n"
            "Role: Analytics Manager (now: empty)\n"
            'Or type: contact edit #2 role:"Analytics Manager"\n'
            '  [Update Priya Nair] → contact edit #2 role:"Analytics Manager"'
        )
        reply = maya.say('contact edit #2 role:"Analytics Manager"')
        assert reply == (
            "✓ Updated #2 Priya Nair (Analytics Manager, Northwind)\n"
            "Role: Analytics Manager\n"
            "See them with: contact show #2"
        )
        assert maya.rows("SELECT role FROM contacts WHERE id = 2") == [("Analytics Manager",)]

        reply = maya.say('contact chain "Priya Nair"')
        assert_lines(
            reply,
            "Referral chain of Priya Nair",
            "Dana Whitfield referred you to Priya Nair.",
            "• 2. Priya Nair (Analytics Manager, Northwind)",
            "Whom Priya Nair led you to",
        )

        # The same referral recorded as an outcome too: still one person.
        reply = maya.say('interview outcome 1 kind:referral note:"Intro to Priya Nair"')
        assert reply == (
            "✓ Outcome recorded for interview #1\n"
            "Priya Nair is already in your contacts (#2); they count once in your referrals.\n"
            "Kind: referral\n"
            "From: Dana Whitfield (Senior Data Analyst, Northwind)\n"
            "Note: Intro to Priya Nair"
        )

        (custom,) = maya.advance(at(25, 10), reminders=1)
        assert custom.splitlines()[:2] == [
            "Check-in: Dana Whitfield",
            "send her the finished portfolio project",
        ]
        assert "Check-in #7" in custom.splitlines()
        reply = maya.say("checkin done 7")
        assert reply == "✓ Marked check-in #7 done. Nice."

        # 30 days after the last contact with Dana (10 March): keep in touch.
        (keep,) = maya.advance(at(9, 9, month=4), reminders=1)
        assert_lines(
            keep,
            "Time to reconnect with Dana Whitfield",
            "Contact: Dana Whitfield (Senior Data Analyst, Northwind)",
            "Check-in #6",
            "  [Stop these] → checkin stop #1",
        )
        assert "late" not in keep
        assert maya.pending() == [("keep-in-touch", "2026-06-08 09:00")]  # 90 days, repeats

        reply = maya.say("inroads stats")
        assert reply.splitlines()[:2] == [
            "Your funnel",
            "Keep it going: one conversation a week adds up.",
        ]
        assert_lines(
            reply,
            "Outreach sent: 1",
            "Accepted: 1",
            "Held: 1",
            "Thank-you within 24 h: 1 of 1 held (100%)",
            "Referrals gained: 2",
            "Job leads: 0",
            "Job interviews: 0",
            "Offers: 0",
            f"  Saved funnel.png to {maya.files / 'funnel.png'}",
        )
        assert (maya.files / "funnel.png").read_bytes().startswith(b"\x89PNG")

        reply = maya.say("inroads export")
        export_json = maya.files / "inroads-export-20260409.json"
        assert_lines(
            reply,
            "Contacts: 3",
            "Interviews: 1",
            f"  Saved inroads-export-20260409.json to {export_json}",
            f"  Saved inroads-export-20260409-csv.zip to {maya.files / export_json.stem}-csv.zip",
        )
        data = json.loads(export_json.read_text())
        _check_export(data)
        with zipfile.ZipFile(maya.files / "inroads-export-20260409-csv.zip") as csvs:
            assert "interviews.csv" in csvs.namelist()
            assert NOTES in csvs.read("interviews.csv").decode()

        reply = maya.say("inroads forget-me")
        assert reply.startswith("! Erase everything Inroads keeps about you?")
        assert "  [Erase everything] → inroads forget-me confirm:yes" in reply.splitlines()
        assert maya.rows("SELECT count(*) FROM interviews") == [(1,)]  # asking erased nothing
        reply = maya.say("inroads forget-me confirm:yes")
        assert reply == (
            "✓ Done: your data is erased\n18 records removed. If you come back, you start fresh."
        )
        assert maya.say("interview list").startswith("Your journal is empty. Log your first")
    finally:
        maya.close()
    assert_erased(maya)
    assert export_json.is_file()  # her copy stays hers


def _ics_uid(ics: str) -> str:
    return next(line for line in ics.splitlines() if line.startswith("UID:"))


def _check_export(data: dict[str, Any]) -> None:
    contacts = {c["name"]: c for c in data["contacts"]}
    assert sorted(contacts) == ["Dana Whitfield", "Priya Nair", "Tom Okafor"]
    dana = contacts["Dana Whitfield"]
    assert dana["company"] == "Northwind"
    assert dana["role"] == "Senior Data Analyst"  # from the draft, kept by "Mark as sent"
    assert contacts["Priya Nair"]["referred_by_id"] == dana["id"]
    assert contacts["Priya Nair"]["role"] == "Analytics Manager"
    assert contacts["Tom Okafor"]["company"] == "Ofgem"
    (interview,) = data["interviews"]
    assert interview["status"] == "thanked"
    assert interview["notes"] == NOTES
    assert interview["takeaways"] == TAKEAWAYS
    assert interview["action_items"] == ACTIONS
    assert interview["requested_at"] == "2026-03-02T09:00:00+00:00"
    assert interview["held_at"] == "2026-03-10T14:00:00+00:00"
    assert interview["thanked_at"] == "2026-03-10T17:00:00+00:00"
    kinds = sorted((r["kind"], r["status"]) for r in data["reminders"])
    assert kinds == [
        ("custom", "done"),
        ("follow-up", "cancelled"),
        ("keep-in-touch", "pending"),
        ("keep-in-touch", "sent"),
        ("prep", "sent"),
        ("prep", "sent"),
        ("reflection", "sent"),
        ("thank-you", "sent"),
    ]
