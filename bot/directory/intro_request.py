"""`people intro-request` and `people intro-answer`: asking for a warm introduction.

The seeker asks one member who offered a company, with a reason; the member gets it
through the outbox (bot/directory/intro_outbox.py) with Accept and Decline. Accepting
answers the member privately with a double opt-in: first a note for them to send their
own contact asking whether they'd welcome the introduction, then the introduction itself
for after a yes. Drafts may use the contact's name because only the member sees them;
nothing the seeker receives can (the request row holds no contact at all).

Limits keep members from being flooded and seekers from spraying requests, the same
spirit as the directory's ask budget: a few open requests per seeker, one open request
per company, never the same member twice for the same company, and a member with a few
requests already waiting is not sent more until they answer (bot/directory/intro_rules.py).
An unanswered request is swept like a conversation request: one reminder to the member
at three days, expiry at five with kind news for the seeker and others to try.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot import mentions
from bot.asks import job_ask, sales_pitch
from bot.commands import Command
from bot.directory.companies import company_key
from bot.directory.intro_outbox import ANSWER, ASK, about_lines, outbox_row
from bot.directory.intro_rules import (
    LAPSES_AFTER,
    REMIND_AFTER,
    SEEKER_OPEN_LIMIT,
    live,
    member_is_full,
)
from bot.directory.requests_room import blocked_by, listed_now
from bot.domain import Actor, Contact, Profile
from bot.errors import NotFoundError, UsageError
from bot.grammar import Mention, ParsedArgs, quote
from bot.journal.names import greeting_name
from bot.ports import UnitOfWork
from bot.ports.intros import IntroOffer, IntroRequest, IntroStatus
from bot.reply import Action, Reply, Section, Tone
from bot.services import Services

REQUEST_EXAMPLE = (
    'people intro-request @sam company:"Acme" reason:"I\'m moving into supply-chain '
    "analytics and would love 20 minutes with someone on Acme's planning team\""
)
MIN_REASON, MAX_REASON = 15, 500
#: The reason in the example line the console shows when one is missing.
EXAMPLE_REASON = "how their team plans a new product, and what surprised them most there"


@dataclass(frozen=True, kw_only=True)
class RequestIntro(Command):
    member_id: str
    company: str
    key: str
    reason: str


def build_request(args: ParsedArgs, actor: Actor) -> RequestIntro:
    member = args.option("member") or (args.positionals[0] if args.positionals else None)
    if not isinstance(member, Mention):
        raise UsageError(
            "Name the member to ask, with @, as `people who-knows` shows them.",
            example=REQUEST_EXAMPLE,
            field="member",
        )
    company = " ".join(args.option_text("company").split())[:100]
    key = company_key(company)
    if not key:
        raise UsageError(
            "Which company would the introduction be at? Add `company:`.",
            example=REQUEST_EXAMPLE,
            field="company",
        )
    reason = " ".join(args.option_text("reason").split())
    if reason:
        _check_reason(member.user_id, company, reason)
    return RequestIntro(
        actor=actor, member_id=member.user_id, company=company, key=key, reason=reason
    )


def _check_reason(member_id: str, company: str, reason: str) -> None:
    """A reason that is long enough to help, short enough to read, and asks to learn."""
    if len(reason) < MIN_REASON:
        raise UsageError(
            "A little more, please: a sentence on what you hope to learn from someone "
            "there helps the member decide, and helps their contact say yes.",
            example=_example(member_id, company),
            field="reason",
        )
    if len(reason) > MAX_REASON:
        raise UsageError(
            f"Your reason is {len(reason)} characters; {MAX_REASON} is plenty. Keep the "
            "part that says what you hope to learn.",
            example=REQUEST_EXAMPLE,
            field="reason",
        )
    selling = job_ask(reason) or sales_pitch(reason)
    if selling:
        # The member vouches for you to someone they know: an introduction to learn,
        # never to be hired or to sell, or the next seeker's asks get harder for them.
        raise UsageError(
            f"“{selling}” reads as asking for a job or a sale. An introduction is to learn "
            "from someone, and the member puts their name to it: say what you hope to "
            "understand instead.",
            example=f"people intro-request @{member_id} company:{quote(company)} "
            'reason:"how their team decides which suppliers to try"',
            field="reason",
        )


def _example(member_id: str, company: str) -> str:
    """The whole line with a reason, ready to copy: what the console, with no forms,
    shows when the reason is missing or too thin."""
    return (
        f"people intro-request @{member_id} company:{quote(company or 'Acme')} "
        f'reason:"{EXAMPLE_REASON}"'
    )


def _reason_needed(cmd: RequestIntro) -> UsageError:
    """The line named who and where but not why (typed, or a button on a platform without
    forms): what to add, with the whole line to copy."""
    return UsageError(
        f"One more thing: tell {mentions.member(cmd.member_id)} why you'd like this "
        f"introduction at {cmd.company}. A sentence on what you hope to learn helps them "
        "decide, and helps their contact say yes.",
        example=_example(cmd.member_id, cmd.company),
        field="reason",
    )


def _refusal(text: str) -> UsageError:
    return UsageError(text, example='people who-knows company:"Acme"')


async def _askable(uow: UnitOfWork, cmd: RequestIntro, now: datetime) -> IntroOffer:
    """The member's offer at the company if the seeker may ask them now; otherwise the
    refusal. A member who isn't offering it, isn't listed, is paused or blocked the
    seeker reads the same, so nobody learns of a block (bot/directory/requests_room.py)."""
    who = mentions.member(cmd.member_id)
    if cmd.member_id == cmd.actor.user_id:
        raise UsageError("That's you! Ask another member who offered that company.")
    member = Actor(cmd.actor.platform, cmd.actor.workspace_id, cmd.member_id)
    profile = await uow.profiles.get(member)
    offer = next((o for o in await uow.intros.offers(member) if o.key == cmd.key), None)
    if (
        offer is None
        or not listed_now(profile, now)
        or await blocked_by(uow, cmd.actor, cmd.member_id)
    ):
        raise NotFoundError(
            f"{who} isn't offering introductions at {cmd.company} right now (or isn't "
            "in the directory at the moment).",
            example=f"people who-knows company:{quote(cmd.company)}",
        )
    mine = await uow.intros.requests_by(cmd.actor)
    if any(r.member_id == cmd.member_id and r.company_key == cmd.key for r in mine):
        raise _refusal(
            f"You've already asked {who} about {cmd.company}; once is enough, whatever "
            "the answer was. Someone else who knows people there may help."
        )
    waiting = live(list(mine), now)
    if any(r.company_key == cmd.key for r in waiting):
        raise _refusal(
            f"You have a request for {cmd.company} waiting already; give that member a "
            "few days to answer before asking someone else."
        )
    if len(waiting) >= SEEKER_OPEN_LIMIT:
        raise _refusal(
            f"You have {len(waiting)} introduction requests waiting, the most at once. "
            "Each is answered or closes within five days, and then you can ask again."
        )
    if await member_is_full(uow, member, now):
        raise _refusal(
            f"{who} has several introduction requests waiting already, so I'm holding "
            "off sending more for now. Try someone else, or ask again in a few days."
        )
    return offer


async def request_form(cmd: RequestIntro, svc: Services) -> dict[str, str] | None:
    """An "Ask n for an intro" button (or the line typed without a reason) as a small
    form asking why, the member and company carried unseen. It opens only when the
    request could go now: otherwise no form, and the line, run as typed, gives the
    refusal (the same one, however the member came to be out of reach)."""
    if cmd.reason:
        return None
    async with svc.uow() as uow:
        await _askable(uow, cmd, svc.clock.now())
    return {}


async def handle_request(cmd: RequestIntro, svc: Services) -> Reply:
    now = svc.clock.now()
    who = mentions.member(cmd.member_id)
    async with svc.uow() as uow:
        offer = await _askable(uow, cmd, now)
        if not cmd.reason:
            raise _reason_needed(cmd)
        request = await uow.intros.add_request(
            IntroRequest(
                platform=cmd.actor.platform,
                workspace_id=cmd.actor.workspace_id,
                seeker_id=cmd.actor.user_id,
                member_id=cmd.member_id,
                company=offer.company,
                company_key=cmd.key,
                reason=cmd.reason,
                created_at=now,
                expires_at=now + LAPSES_AFTER,
                next_check_at=now + REMIND_AFTER,
            )
        )
        await uow.reminders.add(outbox_row(request, ASK, now))
        await uow.commit()
    return Reply(
        text=f"Sent to {who}, with your reason. They decide, and if they say yes they'll "
        f"ask their contact at {request.company} first, so it can take a few days. "
        "I'll tell you their answer either way, or if five days pass without one.",
        tone=Tone.SUCCESS,
        actions=(Action("My requests", "people intros list"),),
    )


@dataclass(frozen=True, kw_only=True)
class AnswerIntro(Command):
    request_id: int
    accept: bool


def build_answer(args: ParsedArgs, actor: Actor) -> AnswerIntro:
    words = [w.lower() for w in args.words()]
    example = "people intro-answer 12 accept"
    if len(words) != 2 or not words[0].lstrip("#").isdigit():
        raise UsageError("Say which request and your answer.", example=example)
    if words[1] not in ("accept", "decline"):
        raise UsageError(f"Answer `accept` or `decline`, not `{words[1][:20]}`.", example=example)
    return AnswerIntro(
        actor=actor, request_id=int(words[0].lstrip("#")), accept=words[1] == "accept"
    )


async def handle_answer(cmd: AnswerIntro, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        request = await uow.intros.get_request(
            cmd.actor.platform, cmd.actor.workspace_id, cmd.request_id
        )
        if request is None or request.member_id != cmd.actor.user_id:
            raise NotFoundError(
                f"No introduction request #{cmd.request_id} is waiting for you.",
                example="people intros list",
            )
        status = IntroStatus.ACCEPTED if cmd.accept else IntroStatus.DECLINED
        if not await uow.intros.answer(request, status.value, now, expected="open"):
            return _too_late(request, accept=cmd.accept)
        await uow.reminders.add(outbox_row(request, ANSWER, now))
        contacts = await uow.contacts.list(cmd.actor) if cmd.accept else []
        seeker = await uow.profiles.get(request.seeker) if cmd.accept else None
        await uow.commit()
    if not cmd.accept:
        return Reply(
            text=f"Declined. {mentions.member(request.seeker_id)} will hear, kindly and "
            "without a reason, that you can't help with this one.",
            tone=Tone.SUCCESS,
        )
    there = [c for c in contacts if company_key(c.company) == request.company_key]
    return drafts_reply(request, there, seeker)


def _too_late(request: IntroRequest, *, accept: bool) -> Reply:
    """An old Accept or Decline button: what happened, and nothing changed."""
    if request.status == IntroStatus.EXPIRED.value:
        who = mentions.member(request.seeker_id)
        after = (
            "If you'd still like to help, drop them a message yourself."
            if accept
            else "There's nothing left to decline, and nothing more will come of it."
        )
        return Reply(
            text="This request closed after five days without an answer, and "
            f"{who} has been told kindly. {after}"
        )
    return Reply(text=f"You've already answered this request ({request.status}).")


def _first_name(contact: Contact | None) -> str:
    return greeting_name(contact.name) if contact is not None and contact.name.strip() else ""


def drafts_reply(request: IntroRequest, there: list[Contact], seeker: Profile | None) -> Reply:
    """The member's private double opt-in drafts. Only the member sees this reply: their
    contacts' names may appear in it, and leave only if the member sends them."""
    first = _first_name(there[0]) if there else ""
    hello = f"Hi {first}" if first else "Hi"
    who = mentions.member(request.seeker_id)
    about = "; ".join(line.split(": ", 1)[1] for line in about_lines(seeker)[:2])
    described = f"{who} ({about})" if about else who
    ask_first = (
        f"{hello}, someone in a community I'm part of, {described}, would value a short "
        f"conversation with someone at {request.company}. In their words: "
        f"“{request.reason}” Would you be open to an introduction? A no is completely "
        "fine, and I won't pass on your details unless you say yes."
    )
    name = first or "my contact"
    introduce = (
        f"{hello} and {who}: introducing you two, as promised. {who}, {name} is the person "
        f"I mentioned at {request.company}. {name.capitalize() if not first else name}, "
        f"{who} hopes to learn this: “{request.reason}” I'll leave you to find a time that "
        "suits you both. Thank you!"
    )
    sections = [
        Section("1. Ask your contact first (send this yourself)", (ask_first,)),
        Section("2. Then, only after a yes: the introduction", (introduce,)),
    ]
    if there:
        names = ", ".join(c.name for c in there[:5])
        sections.append(
            Section(f"Your contacts at {request.company} (only you see this)", (names,))
        )
    return Reply(
        title=f"Two drafts for your introduction at {request.company}",
        text=f"Thank you! {who} will hear that you're helping. Send these from wherever "
        "you usually talk to your contact: Inroads never contacts them, and their name "
        "stays with you unless you make the introduction.",
        sections=tuple(sections),
        tone=Tone.SUCCESS,
    )
