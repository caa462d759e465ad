"""`people answer` (the helper) and `people agree` (the seeker, after times were offered).

Every answer is recorded and its messages written to the outbox in the same
transaction; nothing is sent from here. What each side hears:

* accept: both are introduced (a group DM on Slack, a DM each on Discord); the seeker's
  journal gets the helper as a contact and the conversation as `requested`, or
  `scheduled` when a time was agreed, so the usual prep, thank-you and reflection
  nudges follow; the helper's `people requests` keeps it as someone they helped;
* suggest times: the times go to the seeker, who picks one (`people agree`);
* not this month: charges nothing and isn't a decline; the seeker hears it kindly;
* decline: an optional private note stays the helper's; the seeker hears only that it
  didn't work out, with other members they could ask.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import datetime

from bot.commands import Command
from bot.directory.request_model import (
    DECLINED,
    OPEN,
    TIMES,
    ConversationRequest,
    outbox_row,
)
from bot.directory.requests_view import agreed_for_both
from bot.domain import Actor, Interview, Profile, Reminder, ReminderKind
from bot.errors import NotFoundError, UsageError
from bot.grammar import Mention, ParsedArgs
from bot.ids import record_id
from bot.journal.contacts_lookup import find_or_create_contact
from bot.journal.parsing import future_moment
from bot.lifecycle.bus import lifecycle, publish
from bot.ports import UnitOfWork
from bot.reply import Action, Reply, Tone
from bot.services import Services

ANSWERS = {
    "accept": "accept",
    "yes": "accept",
    "suggest": "suggest",
    "times": "suggest",
    "not-now": "not-now",
    "notnow": "not-now",
    "later": "not-now",
    "decline": "decline",
    "no": "decline",
}
ANSWER_EXAMPLE = 'people answer 3 suggest times:"Tue 3pm or Thu 10am, London time"'
MAX_TIMES_CHARS = 300
MAX_NOTE_CHARS = 300
DEFAULT_MINUTES = 20


@dataclass(frozen=True, kw_only=True)
class AnswerRequest(Command):
    request_id: int
    answer: str
    times: str = ""
    note: str = ""


def _number(args: ParsedArgs, example: str) -> int:
    words = args.words()
    found = record_id(words[0]) if words else None
    if found is None:
        raise UsageError(
            "Give the request's number (it's in the message, and in `people requests`).",
            example=example,
            field="request",
        )
    return found


def _limited(args: ParsedArgs, name: str, limit: int) -> str:
    value = " ".join(args.option_text(name).split())
    if len(value) > limit:
        raise UsageError(
            f"`{name}:` is {len(value)} characters; keep it under {limit}.",
            example=ANSWER_EXAMPLE,
            field=name,
        )
    return value


def build_answer(args: ParsedArgs, actor: Actor) -> AnswerRequest:
    request_id = _number(args, ANSWER_EXAMPLE)
    words = args.words()
    typed = (args.option_text("answer") or (words[1] if len(words) > 1 else "")).lower()
    answer = ANSWERS.get(typed.replace(" ", "-"))
    if answer is None:
        # A slip ("sugest", "acept") gets the line with the word it most likely meant.
        near = difflib.get_close_matches(typed, sorted(ANSWERS), n=1, cutoff=0.75)
        meant = ANSWERS[near[0]] if near else "accept"
        raise UsageError(
            "Answer with accept, suggest, not-now or decline"
            + (f" (not “{typed[:20]}”)." if typed else ".")
            + (f" Did you mean {meant}?" if near else ""),
            example=f"people answer {request_id} {meant}",
            field="answer",
        )
    return AnswerRequest(
        actor=actor,
        request_id=request_id,
        answer=answer,
        times=_limited(args, "times", MAX_TIMES_CHARS),
        note=_limited(args, "note", MAX_NOTE_CHARS),
    )


async def _for(uow: UnitOfWork, actor: Actor, request_id: int, *, side: str) -> ConversationRequest:
    request = await uow.requests.get(actor.platform, actor.workspace_id, request_id)
    mine = request is not None and getattr(request, f"{side}_id") == actor.user_id
    if request is None or not mine:
        raise NotFoundError(f"There's no request #{request_id} for you.", example="people requests")
    return request


def _describe(profile: Profile | None) -> str:
    """A label for a helper the seeker has no name for yet: their public role line."""
    if profile is None:
        return "A community member"
    role = profile.roles[0] if profile.roles else "Member"
    return f"{role} at {profile.company}" if profile.company else role


async def introduce(
    svc: Services,
    uow: UnitOfWork,
    request: ConversationRequest,
    now: datetime,
    *,
    helper_name: str = "",
    agreed_at: datetime | None = None,
) -> Interview:
    """Accept `request`: the seeker's journal entry, with its nudges, and the intro."""
    request.accept(now, agreed_at)
    tenant = (request.platform, request.workspace_id)
    seeker = Actor(*tenant, request.seeker_id)
    helper = await uow.profiles.get(Actor(*tenant, request.helper_id))
    prefs = await uow.settings.get_or_default(seeker)
    contact, created = await find_or_create_contact(
        uow,
        seeker,
        Mention(request.helper_id, helper_name or request.helper_name or _describe(helper)),
        company=helper.company if helper else "",
        role=helper.roles[0] if helper and helper.roles else "",
        industry=helper.industries[0] if helper and helper.industries else "",
        now=now,
    )
    if created:
        contact.how_known = "said yes to my request in the community directory"
    interview = Interview.first_ask(seeker, contact.id or 0, now=now)
    interview.request(at=request.sent_at or now)
    if agreed_at is not None:
        interview.duration_minutes = (helper.chat_minutes if helper else None) or DEFAULT_MINUTES
        interview.schedule(agreed_at, now=now, tz=prefs.timezone)
    await uow.interviews.add(interview)
    await publish(lifecycle(svc, uow, seeker, now=now, prefs=prefs), contact, interview)
    request.interview_id = interview.id
    await uow.reminders.add_all(
        [outbox_row(request, ReminderKind.REQUEST_INTRO, request.seeker_id, now)]
    )
    return interview


def _news(request: ConversationRequest, event: str, now: datetime) -> list[Reminder]:
    return [outbox_row(request, ReminderKind.REQUEST_NEWS, request.seeker_id, now, event)]


async def suggest_form(cmd: AnswerRequest, svc: Services) -> dict[str, str] | None:
    """ "Suggest times" as a small form (the times box), for the helper of a request still
    waiting for an answer; any other answer runs as it is, with no form."""
    if cmd.answer != "suggest" or cmd.times:
        return None
    async with svc.uow() as uow:
        request = await _for(uow, cmd.actor, cmd.request_id, side="helper")
    request.must_be(OPEN, "answered")
    return {}


async def handle_answer(cmd: AnswerRequest, svc: Services) -> Reply:
    now, rid = svc.clock.now(), cmd.request_id
    async with svc.uow() as uow:
        request = await _for(uow, cmd.actor, rid, side="helper")
        if cmd.answer == "accept":
            await introduce(svc, uow, request, now, helper_name=cmd.actor.display_name)
            reply = Reply(
                title="Thank you for saying yes",
                text="I'm introducing you both in a direct message now, so you can pick a "
                "time together. They've been reminded to come prepared and to keep it short.",
                tone=Tone.SUCCESS,
                footer="It counts once against the requests a month you set. `people requests` "
                "keeps a private record of the people you've helped.",
            )
        elif cmd.answer == "suggest":
            if not cmd.times:
                request.must_be(OPEN, "answered")
                return Reply(
                    title=f"Which times suit you for request #{rid}?",
                    text="Name two or three, with your time zone; I'll pass them on and "
                    "they'll pick one.",
                    footer=f'Try: `people answer {rid} suggest times:"Tue 3pm or Thu 10am, '
                    'London time"`',
                )
            request.offer_times(cmd.times, now, helper_name=cmd.actor.display_name)
            await uow.reminders.add_all(_news(request, TIMES, now))
            reply = Reply(
                text="Sent: they'll pick one of your times, and I'll introduce you both "
                "when they do.",
                tone=Tone.SUCCESS,
            )
        elif cmd.answer == "not-now":
            request.not_now(now)
            await uow.reminders.add_all(_news(request, "not-now", now))
            reply = Reply(
                text="Noted: not this month. It doesn't count against your budget and isn't "
                "a decline; they'll hear that the timing didn't work and can ask again later.",
                tone=Tone.SUCCESS,
            )
        elif request.status == DECLINED and request.helper_id == cmd.actor.user_id:
            request.decline_note = cmd.note or request.decline_note
            reply = Reply(text="Your private note is saved; only you can see it.")
        else:
            request.decline(now, cmd.note)
            await uow.reminders.add_all(_news(request, DECLINED, now))
            reply = Reply(
                text="Declined, and that's fine. They'll hear only that it didn't work out "
                "this time, with a few other members to try; never your reason.",
                tone=Tone.SUCCESS,
                footer=""
                if cmd.note
                else f'Want to note why, for yourself only? `people answer {rid} decline note:"…"`',
            )
        await uow.commit()
    return reply


@dataclass(frozen=True, kw_only=True)
class AgreeTime(Command):
    request_id: int
    when: str = ""


AGREE_EXAMPLE = 'people agree 3 when:"Thursday 10am"'


def build_agree(args: ParsedArgs, actor: Actor) -> AgreeTime:
    return AgreeTime(
        actor=actor,
        request_id=_number(args, AGREE_EXAMPLE),
        when=" ".join(args.option_text("when").split())[:100],
    )


async def handle_agree(cmd: AgreeTime, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        request = await _for(uow, cmd.actor, cmd.request_id, side="seeker")
        if request.status != TIMES:
            raise UsageError(
                f"Request #{request.id} has no times waiting for you to pick.",
                example="people requests",
            )
        prefs = await uow.settings.get_or_default(cmd.actor)
        # The times were the helper's, written in their time zone: read in it.
        helper = Actor(cmd.actor.platform, cmd.actor.workspace_id, request.helper_id)
        theirs = await uow.settings.get_or_default(helper)
        agreed = (
            future_moment(
                cmd.when,
                timezone=theirs.timezone,
                now=now,
                example=AGREE_EXAMPLE,
                date_order=prefs.date_order,
            )
            if cmd.when
            else None
        )
        interview = await introduce(svc, uow, request, now, agreed_at=agreed)
        await uow.commit()
    when = f" for {agreed_for_both(request, prefs.timezone, theirs.timezone)}" if agreed else ""
    return Reply(
        title="You're introduced",
        text=f"I'm introducing you both in a direct message now{when}. Your journal has it as "
        f"interview #{interview.number}, with a reminder to prepare"
        + (" before it." if agreed else " once you've set a time (`interview plan`).")
        + " A thank-you within a day is what people remember.",
        tone=Tone.SUCCESS,
        actions=(Action("Prepare", f"interview show {interview.number}"),),
    )


async def close_for_leaver(uow: UnitOfWork, member: Actor, now: datetime) -> int:
    """A helper who leaves the directory (or erases their data) answers nothing more:
    requests waiting on them expire, charging nothing, and each seeker hears kindly."""
    waiting = list(await uow.requests.waiting_for(member))
    for request in waiting:
        request.expire(now)
        await uow.reminders.add_all(_news(request, "left", now))
    return len(waiting)
