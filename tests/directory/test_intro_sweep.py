"""Unanswered introduction requests on the in-memory core: the sweep reminds the member
once at three days and expires the request at five, charging no one; the seeker hears
kindly, and is offered (by button only) others who can introduce at the same company.
"""

from __future__ import annotations

from datetime import timedelta

from bot import mentions
from bot.directory.requests_sweep import sweep_requests
from bot.domain import Actor, ReminderKind
from bot.ports import DeliveryError
from bot.reply import Reply
from tests.conftest import ALICE, BOB, CoreHarness

CAROL = Actor("console", "w1", "carol", "Carol")
DAN = Actor("console", "w1", "dan", "Dan")
ERIN = Actor("console", "w1", "erin", "Erin")
FAY = Actor("console", "w1", "fay", "Fay")
REASON = 'reason:"I am moving into supply planning and would love to hear how demand is planned"'
ASK_BOB = f"people intro-request @bob company:Acme {REASON}"


async def _member(core: CoreHarness, who: Actor, companies: str = "Acme") -> None:
    await core.say('people join role:"supply planner" industry:grocery', who)
    await core.say(f"people intros add company:{companies}", who)


async def _sweep(core: CoreHarness) -> int:
    return await sweep_requests(core.dispatcher.services, core.clock.now())


def _to(core: CoreHarness, who: Actor) -> list[Reply]:
    return [m.reply for m in core.notifier.sent if who.key in {r.key for r in m.recipients}]


def _requests(core: CoreHarness) -> list:  # type: ignore[type-arg]
    return list(core.uow.store.table("intro_requests"))


async def test_the_member_is_reminded_once_at_three_days(core: CoreHarness) -> None:
    await _member(core, BOB)
    await core.say(ASK_BOB)
    await core.deliver()
    core.clock.advance(timedelta(days=2, hours=23))
    assert await _sweep(core) == 0
    core.clock.advance(timedelta(hours=2))
    assert await _sweep(core) == 1
    assert await _sweep(core) == 0  # once, however often the sweep runs
    await core.deliver()
    ask, nudge = _to(core, BOB)
    assert nudge.title == "Still open: an introduction at Acme"
    assert "three days ago" in nudge.text
    assert "supply planning" in nudge.plain_text()  # their reason, again
    assert [a.command for a in nudge.actions] == [a.command for a in ask.actions]
    core.clock.advance(timedelta(days=1))
    assert await _sweep(core) == 0
    await core.deliver()
    assert len(_to(core, BOB)) == 2
    assert _to(core, ALICE) == []


async def test_expiry_at_five_days_tells_the_seeker_kindly_and_charges_no_one(
    core: CoreHarness,
) -> None:
    await _member(core, BOB, '"Acme, Globex, Initech, Hooli"')
    for seeker in (CAROL, DAN):  # Bob holds two other requests: one more and he's full
        await core.say(f"people intro-request @bob company:Globex {REASON}", seeker)
    await core.say(ASK_BOB)
    for company in ("Initech", "Hooli"):
        await _member(core, ERIN, company)
        await core.say(f"people intro-request @erin company:{company} {REASON}")
    assert "several introduction requests" in await core.say(ASK_BOB.replace("Acme", "Hooli"), FAY)
    assert "3 introduction requests waiting" in await core.say(
        f"people intro-request @bob company:Globex {REASON}"
    )
    await core.deliver()
    core.clock.advance(timedelta(days=3, hours=1))
    assert await _sweep(core) == 5  # five reminders
    core.clock.advance(timedelta(days=2))
    assert await _sweep(core) == 5  # five expiries
    assert {r.status for r in _requests(core)} == {"expired"}
    await core.deliver()
    news = [r for r in _to(core, ALICE) if "Acme" in r.title]
    (expired,) = news
    assert expired.title == "About your introduction at Acme"
    assert "closed after five days without an answer" in expired.text
    assert mentions.member("bob") in expired.text  # the one they asked, and nobody else
    assert "no longer counts against your open requests" in expired.text
    # Nothing was charged: the seeker may ask again, and Bob may be asked again.
    assert "Sent" in await core.say(f"people intro-request @bob company:Initech {REASON}")
    assert "Sent" in await core.say(f"people intro-request @bob company:Hooli {REASON}", FAY)
    listed = await core.say("people intros list")
    assert "Acme, asked of" in listed
    assert "closed after five days without an answer" in listed
    # The old buttons now say what happened, and change nothing.
    (acme,) = [r for r in _requests(core) if r.company_key == "acme"]
    late = await core.say(f"people intro-answer {acme.id} accept", BOB)
    assert "closed after five days without an answer" in late
    assert "drop them a message yourself" in late
    late = await core.say(f"people intro-answer {acme.id} decline", BOB)
    assert "nothing left to decline" in late
    assert [r.status for r in _requests(core) if r.id == acme.id] == ["expired"]


async def test_the_seeker_is_offered_others_at_the_company_by_button_only(
    core: CoreHarness,
) -> None:
    for who in (BOB, CAROL, DAN, ERIN):
        await _member(core, who)
    await core.say(ASK_BOB)
    await core.say("people pause for:2w", BOB)  # why Bob never answered: never told
    await core.say("people block @alice", DAN)  # Dan is silently never suggested
    core.clock.advance(timedelta(days=4))
    for seeker in (BOB, FAY, CAROL):  # Erin is full (for four more days)
        await core.say(f"people intro-request @erin company:Acme {REASON}", seeker)
    core.clock.advance(timedelta(days=1, hours=1))
    before = len(_requests(core))
    await _sweep(core)
    await core.deliver()
    (news,) = [r for r in _to(core, ALICE) if "Acme" in r.title]
    assert [a.command for a in news.actions] == ["people intro-request @carol company:Acme"]
    assert [a.label for a in news.actions] == ["Ask 1 for an intro"]
    said = news.plain_text()
    assert "Another member can introduce you there too" in said
    assert "Nothing is sent unless you press a button" in said
    assert "carol" in said
    for hidden in ("dan", "erin", "pause", "away from", "blocked", "supply planning"):
        assert hidden not in said, hidden
    assert len(_requests(core)) == before  # nothing asked for her
    # The click starts the request; its reason is the seeker's to write again.
    assert "why you'd like this introduction" in await core.say(news.actions[0].command)
    assert "Sent" in await core.say(f"{news.actions[0].command} {REASON}")


async def test_with_nobody_else_free_the_news_points_to_who_knows(core: CoreHarness) -> None:
    await _member(core, BOB)
    await core.say(ASK_BOB)
    await core.deliver()
    core.clock.advance(timedelta(days=6))  # the sweep was down: it expires, no reminder
    assert await _sweep(core) == 1
    await core.deliver()
    (news,) = _to(core, ALICE)
    assert "anyone else free to introduce you there just now" in news.text
    assert [a.command for a in news.actions] == ["people who-knows company:Acme"]
    assert [m.reply.title for m in core.notifier.sent] == [
        "An introduction at Acme?",
        "About your introduction at Acme",
    ]


async def test_answered_declined_and_undelivered_requests_are_never_swept(
    core: CoreHarness,
) -> None:
    for who in (BOB, CAROL, DAN):
        await _member(core, who)
    await core.say(ASK_BOB)
    await core.say(ASK_BOB.replace("bob", "carol"), ERIN)
    await core.say(ASK_BOB.replace("bob", "dan"), FAY)
    accepted, declined, _ = _requests(core)
    await core.say(f"people intro-answer {accepted.id} accept", BOB)
    await core.say(f"people intro-answer {declined.id} decline", CAROL)
    core.notifier.fail_with = DeliveryError("cannot_dm_bot", permanent=True)
    await core.deliver()
    core.notifier.fail_with = None
    assert _requests(core)[2].status == "undelivered"
    await core.deliver()
    sent = len(core.notifier.sent)
    for _ in range(3):
        core.clock.advance(timedelta(days=3))
        assert await _sweep(core) == 0
    await core.deliver()
    assert len(core.notifier.sent) == sent
    assert [r.status for r in _requests(core)] == ["accepted", "declined", "undelivered"]


async def test_a_reminder_waits_for_quiet_hours_and_is_dropped_once_answered(
    core: CoreHarness,
) -> None:
    await _member(core, BOB)
    await core.say(ASK_BOB)
    await core.deliver()
    core.clock.current = core.clock.current.replace(hour=23) + timedelta(days=3)
    assert await _sweep(core) == 1
    await core.deliver()
    assert len(_to(core, BOB)) == 1  # Bob's night: it waits
    (request,) = _requests(core)
    await core.say(f"people intro-answer {request.id} decline", BOB)
    core.clock.advance(timedelta(hours=10))
    await core.deliver()
    assert [r.title for r in _to(core, BOB)] == ["An introduction at Acme?"]
    kinds = [r.kind for r in core.uow.store.table("reminders")]
    assert ReminderKind.INTRO_NUDGE.value in kinds
    (answer,) = _to(core, ALICE)
    assert "can't take on an introduction" in answer.text


async def test_a_reminder_the_member_can_never_get_closes_the_request(core: CoreHarness) -> None:
    """Their DMs closed since the request arrived: it can never be answered, so the
    seeker's place is freed now and they are told, rather than waiting two more days."""
    await _member(core, BOB)
    await core.say(ASK_BOB)
    await core.deliver()
    core.clock.advance(timedelta(days=3, hours=1))
    assert await _sweep(core) == 1
    core.notifier.fail_with = DeliveryError("cannot_dm_bot", permanent=True)
    await core.deliver()
    core.notifier.fail_with = None
    assert [r.status for r in _requests(core)] == ["undelivered"]
    await core.deliver()
    (told,) = _to(core, ALICE)
    assert "couldn't get your request" in told.text
    core.clock.advance(timedelta(days=2))
    assert await _sweep(core) == 0  # closed: nothing left to expire
