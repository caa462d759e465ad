"""Rosa, who owns a small bakery in Bristol, asks a grocery chain's buyer how it picks
local suppliers.

Her journey is a business owner's: a reason typed without quotes (the reply shows the
quoted line), a check-in with a misspelt day, a real week of silence (the follow-up
does come, and drafts the nudge), a buyer who says "ring me in an hour" (prep at once),
two referrals plus a referral outcome naming one of them (counted once), a contact
referred by one of them named by first name, a three-step chain, keep-in-touch, stats,
export and forget-me.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.journeys.console import JourneyConsole, assert_lines, at
from tests.journeys.journal import assert_erased, reminder_rows

pytestmark = pytest.mark.slow

ABOUT = (
    "the owner of Crumb & Co., a small bakery in Bristol, researching how grocery chains "
    "choose local suppliers"
)
NOTES = (
    "FreshWay reviews regional suppliers twice a year; they want SALSA certification "
    "and a steady 12-week supply"
)
TAKEAWAYS = "Get SALSA certified before the autumn review"
ACTIONS = "Price a 12-week sourdough supply for 8 stores; email Raj our samples list"


def test_a_bakery_owner_researches_grocery_suppliers(tmp_path: Path) -> None:
    # Thursday 5 March 2026, 09:00 in Bristol (GMT).
    rosa = JourneyConsole(tmp_path, "rosa", zone="Europe/London", start=at(5, 9))

    guide, saved = rosa.first_run(f'outreach profile name:"Rosa Delgado" about:"{ABOUT}"')
    assert "Right now it's Europe/London (from this computer)." in guide
    assert "business-research" in guide
    assert f"About you: {ABOUT}" in saved
    assert "School: (not set)" in saved

    rosa.open()
    try:
        reply = rosa.say("questions goal:business-research")
        assert reply.splitlines()[1] == "Ranked for: your goal: researching a business."

        reply = rosa.say(
            "outreach draft Raj Patel reason:I loved your panel at the Bristol food fair"
        )
        assert reply == (
            "✗ Only “I” would go into reason:, and “loved your panel at the Bristol food "
            "fair” would be read as something else.\n"
            "A value with spaces needs quotes around it, like this:\n"
            'Try: outreach draft "Raj Patel" reason:"I loved your panel at the Bristol food fair"'
        )
        assert rosa.rows("SELECT count(*) FROM contacts") == [
            (0,)
        ]  # a refused line changes nothing

        reply = rosa.say(
            'outreach draft "Raj Patel" company:FreshWay role:"Bakery Buyer" '
            'reason:"I loved your panel at the Bristol food fair on local sourcing"'
        )
        assert_lines(
            reply,
            "Email draft for Raj Patel",
            "Hi Raj,",
            f"I'm Rosa Delgado, {ABOUT}. I loved your panel at the Bristol food fair on "
            "local sourcing.",
            # Issue 17 §2: a business owner asks to learn how the other side works,
            # never "not a job", and the check says what's good rather than "ready".
            "Would you be open to a 20-minute call in the next few weeks? I'd like to "
            "understand how things look from your side: what you look for, and where the "
            "problems usually are. I'm hoping to learn how it works, not to sell you anything.",
            "Rosa Delgado",
            "• Good: it says why them, and there's one clear ask (to learn, not to sell).",
            "I added Raj Patel to your contacts (#1). Copy it, make it yours, send it, then mark "
            "it as sent so I can remind you to follow up.",
            "  [Mark as sent] → outreach sent #1",
        )
        assert "FreshWay" in reply.splitlines()[1]  # the subject names his company

        reply = rosa.say("outreach sent #1")
        assert_lines(
            reply,
            "✓ Request to Raj Patel marked as sent",
            "Interview #1 is now requested. If Raj Patel hasn't replied by "
            "Thu 12 Mar 2026 09:00 (Europe/London), I'll remind you to send a short follow-up.",
        )

        reply = rosa.say('checkin add "Raj Patel" "next tuesdy" "send samples"')
        assert reply == (
            "✗ I couldn't read next tuesdy: I don't know the word “tuesdy”.\n"
            "Did you mean “next tuesday”?\n"
            'Try: checkin add "Raj Patel" "next tuesday" "send samples"'
        )
        assert rosa.pending() == [("follow-up", "2026-03-12 09:00")]  # nothing added
        reply = rosa.say('checkin add "Raj Patel" "next tuesday" "send samples"')
        assert reply == (
            "✓ Check-in #2 set\n"
            "I'll remind you about Raj Patel on Tue 10 Mar 2026 09:00 (Europe/London): "
            "send samples"
        )

        (custom,) = rosa.advance(at(10, 9), reminders=1)
        assert custom.splitlines()[:3] == [
            "Check-in: Raj Patel",
            "send samples",
            "Contact: Raj Patel (Bakery Buyer, FreshWay)",
        ]
        assert "Check-in #2" in custom.splitlines()
        assert rosa.say("checkin done 2") == "✓ Marked check-in #2 done. Nice."

        # A week of silence: this follow-up is wanted, and drafts the nudge.
        (follow_up,) = rosa.advance(at(12, 9), reminders=1)
        assert_lines(
            follow_up,
            "Follow up with Raj Patel",
            "Check-in #1",
            "  [Draft a follow-up] → outreach draft #1 format:follow-up",
        )
        assert "No reply from Raj Patel yet?" in follow_up
        reply = rosa.say("outreach draft #1 format:follow-up")
        assert reply.splitlines()[0] == "Follow-up nudge for Raj Patel"
        assert "I wanted to follow up on my note from last week" in reply
        assert "Hi Raj," in reply.splitlines()
        assert "Rosa Delgado" in reply.splitlines()

        # He rings back: "call me in an hour". Too late for the usual prep: it comes now.
        assert rosa.advance(at(12, 11), reminders=0) == []
        reply = rosa.say('interview plan Raj when:"in 1 hour" medium:phone', reminders=1)
        assert_lines(
            reply,
            "✓ Raj Patel said yes: interview #1 is planned",
            "When: Thu 12 Mar 2026 12:00 (Europe/London)",
            "Medium: phone",
        )
        (prep,) = rosa.arrived
        assert_lines(
            prep,
            "Get ready: Raj Patel",
            "Interview: Thu 12 Mar 2026 12:00 (Europe/London)",
            "Check-in #3",
        )
        assert "late" not in prep
        assert reminder_rows(rosa, "prep") == [("sent", "2026-03-12 11:00:00.000000")]
        assert reminder_rows(rosa, "follow-up") == [("sent", "2026-03-12 09:00:00.000000")]
        assert rosa.advance(at(12, 12, 40), reminders=0) == []

        reply = rosa.say(
            f'interview done 1 notes:"{NOTES}" takeaways:"{TAKEAWAYS}" actions:"{ACTIONS}" '
            'referrals:"Helen Brooks (FreshWay), Sam Idowu (Bristol Food Hub)"'
        )
        assert reply == (
            "✓ Interview #1 marked held\n"
            "Send a thank-you within 24 hours, then tell me with the button below.\n"
            "With: Raj Patel (Bakery Buyer, FreshWay)\n"
            "Held: Thu 12 Mar 2026 12:00 (Europe/London)\n"
            f"Notes: {NOTES}\n"
            f"Takeaways: {TAKEAWAYS}\n"
            f"Action items: {ACTIONS}\n"
            "Referrals: Helen Brooks (FreshWay) (new contact), Sam Idowu (Bristol Food Hub) "
            "(new contact)\n"
            "  [Thank-you sent] → interview thanked 1"
        )
        reply = rosa.say('interview outcome 1 kind:referral note:"Intro to Helen Brooks"')
        assert reply == (
            "✓ Outcome recorded for interview #1\n"
            "Helen Brooks is already in your contacts (#2); they count once in your referrals.\n"
            "Kind: referral\n"
            "From: Raj Patel (Bakery Buyer, FreshWay)\n"
            "Note: Intro to Helen Brooks"
        )

        (thanks,) = rosa.advance(at(12, 15), reminders=1)
        assert_lines(thanks, "Thank Raj Patel today", "Check-in #4")
        assert rosa.say("interview thanked 1") == (
            "✓ Thank-you to Raj Patel recorded (interview #1)\n"
            "Within 24 hours: that's the habit that makes people remember you.\n"
            "Sent: Thu 12 Mar 2026 15:00 (Europe/London)"
        )

        reply = rosa.say(
            'contact add "Owen Price" company:FreshWay role:"Supplier Onboarding Lead" '
            'referred_by:"Helen"'
        )
        assert reply == (
            "✓ Added Owen Price (Supplier Onboarding Lead, FreshWay) to your contacts (#4)\n"
            "Referred by: Helen Brooks\n"
            'Plan a conversation: interview plan #4 when:"next Tuesday 10am"'
        )
        reply = rosa.say('contact chain "Owen Price"')
        assert_lines(
            reply,
            "Referral chain of Owen Price",
            "Raj Patel referred you to Helen Brooks, who referred you to Owen Price.",
            "• 2. Helen Brooks (FreshWay)",
            "• 3. Owen Price (Supplier Onboarding Lead, FreshWay)",
        )

        (reflection,) = rosa.advance(at(13, 10), reminders=1)
        assert_lines(
            reflection,
            "What did you learn from Raj Patel?",
            "Your action plan",
            *(f"• #{n} {item}" for n, item in enumerate(ACTIONS.split("; "), start=1)),
            "Check-in #5",
        )

        # 30 days after the thank-you: 10:00 on 11 April, British Summer Time.
        (keep,) = rosa.advance(at(11, 9, month=4), reminders=1)
        assert_lines(
            keep,
            "Time to reconnect with Raj Patel",
            "Contact: Raj Patel (Bakery Buyer, FreshWay)",
            "Check-in #6",
        )
        assert rosa.pending() == [("keep-in-touch", "2026-06-10 09:00")]

        reply = rosa.say("inroads stats")
        assert_lines(
            reply,
            "Outreach sent: 1",
            "Accepted: 1",
            "Held: 1",
            "Thank-you within 24 h: 1 of 1 held (100%)",
            "Referrals gained: 3",  # Helen (twice recorded), Sam, Owen
            "Job leads: 0",
            "Offers: 0",
        )

        reply = rosa.say("inroads export")
        export_json = rosa.files / "inroads-export-20260411.json"
        assert f"  Saved inroads-export-20260411.json to {export_json}" in reply.splitlines()
        data = json.loads(export_json.read_text(encoding="utf-8"))
        ids = {c["name"]: c["id"] for c in data["contacts"]}
        referred = {c["name"]: c["referred_by_id"] for c in data["contacts"]}
        assert referred == {
            "Raj Patel": None,
            "Helen Brooks": ids["Raj Patel"],
            "Sam Idowu": ids["Raj Patel"],
            "Owen Price": ids["Helen Brooks"],
        }
        (interview,) = data["interviews"]
        assert interview["medium"] == "phone"
        assert interview["notes"] == NOTES
        assert interview["action_items"] == ACTIONS

        reply = rosa.say("inroads forget-me")
        assert reply.splitlines()[0] == "! Erase everything Inroads keeps about you?"
        assert_lines(reply, "Contacts: 4", "Interviews: 1", "  [Export first] → inroads export")
        assert rosa.rows("SELECT count(*) FROM contacts") == [(4,)]  # asking erased nothing
        reply = rosa.say("inroads forget-me confirm:yes")
        assert reply.splitlines()[0] == "✓ Done: your data is erased"
        assert rosa.say("contact list").startswith("You have no contacts yet.\n")
    finally:
        rosa.close()
    assert_erased(rosa)
