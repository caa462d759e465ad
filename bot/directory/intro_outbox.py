"""Introduction requests and answers leave through the outbox, rendered when sent.

Like a round's messages (bot/mentoring/outbox.py), the command that decides only writes a
reminders-table row in its own transaction: ``intro:<request id>`` in ``text``, nothing
else. The dispatcher renders it after the commit from the request as it is then, so a
request erased in between (either person's `forget-me`) is never sent, and an answer
is never sent twice. The request and its one reminder (the sweep's, at three days) go to
the member (their quiet hours apply); the answer goes to the seeker (theirs apply), and
so does the news that five days passed without one, with others who could introduce
them there, worked out when it is sent (bot/directory/intro_rules.py). No message can
carry a contact's name: the request row holds none, and the drafts that do are the
member's private reply.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot import mentions
from bot.directory.intro_rules import next_introducers
from bot.directory.intros import ask_action
from bot.directory.view import card, public_facts
from bot.domain import Actor, Profile, Reminder, ReminderKind
from bot.grammar import quote
from bot.mentoring.outbox import Skip
from bot.ports import UnitOfWork
from bot.ports.intros import IntroRequest, IntroStatus
from bot.reminders.outgoing import Outgoing
from bot.reminders.quiet import next_allowed
from bot.reply import Action, Reply, Section, Tone

ASK = ReminderKind.INTRO_ASK.value
NUDGE = ReminderKind.INTRO_NUDGE.value
ANSWER = ReminderKind.INTRO_ANSWER.value
#: What every introduction row's `text` starts with; the request's id follows.
KEY_PREFIX = "intro:"


def request_key(request_id: int | None) -> str:
    return f"{KEY_PREFIX}{request_id or 0}"


def request_of(row: Reminder) -> int:
    _, _, number = row.text.partition(":")
    return int(number) if number.isdigit() else 0


def outbox_row(request: IntroRequest, kind: str, now: datetime) -> Reminder:
    """The row that tells the member (ASK) or the seeker (ANSWER) about `request`."""
    owner = request.member_id if kind == ASK else request.seeker_id
    return Reminder(
        platform=request.platform,
        workspace_id=request.workspace_id,
        user_id=owner,
        kind=kind,
        due_at=now,
        text=request_key(request.id),
        created_at=now,
    )


def about_lines(profile: Profile | None) -> tuple[str, ...]:
    """What the seeker's own directory listing shows everyone (public fields only)."""
    if profile is None or profile.listed_at is None:
        return ()
    wanted = ("Role", "Industry", "Company", "Path", "School")
    return tuple(f"{label}: {value}" for label, value in public_facts(profile) if label in wanted)


def ask_reply(request: IntroRequest, seeker: Profile | None, *, nudge: bool = False) -> Reply:
    """The member's DM: who asks, why (their words, as text), and Accept / Decline; sent
    once more, as a gentle reminder, when three days pass without an answer."""
    who = mentions.member(request.seeker_id)
    sections = [Section("Why they're asking, in their words", (request.reason,))]
    if about := about_lines(seeker):
        sections.append(Section("From their directory listing", about))
    title, text = (
        (
            f"Still open: an introduction at {request.company}",
            f"In case this one slipped by: {who} asked three days ago whether you could "
            f"introduce them to someone at {request.company}. If the timing's wrong, "
            "Decline is a perfectly good answer, and left alone it closes by itself in "
            "two days.",
        )
        if nudge
        else (
            f"An introduction at {request.company}?",
            f"{who} saw that you can introduce people at {request.company} and would "
            "value one. It's entirely your call, and a no needs no reason.",
        )
    )
    return Reply(
        title=title,
        text=text,
        sections=tuple(sections),
        actions=(
            Action("Accept", f"people intro-answer {request.id} accept", "primary"),
            Action("Decline", f"people intro-answer {request.id} decline"),
        ),
        footer="Accept gives you two drafts to send yourself: first a note asking your "
        "contact whether they'd welcome it, then the introduction. Inroads never contacts "
        "them, and nobody learns who they are unless you introduce them. Unanswered, a "
        "request closes by itself after five days.",
        ephemeral=False,
    )


def answer_reply(request: IntroRequest, others: Sequence[Profile] = ()) -> Reply:
    """The seeker's DM, kind either way, naming no one but the member they asked (and,
    after an expiry, `others` they could ask instead, as `people who-knows` shows them)."""
    who = mentions.member(request.member_id)
    company = request.company
    again = Action("Who else knows there", f"people who-knows company:{quote(company)}")
    if request.status == IntroStatus.ACCEPTED.value:
        return Reply(
            title=f"Your introduction at {company}",
            text=f"Good news: {who} is happy to help. They'll first check that their "
            f"contact at {company} would welcome an introduction, then introduce you "
            "both directly. There's nothing to do until you hear from them, and if the "
            "answer is no, that's about timing, not about you.",
            footer="While you wait, `questions` can help you prepare for the conversation.",
            tone=Tone.SUCCESS,
            ephemeral=False,
        )
    if request.status == IntroStatus.EXPIRED.value:
        return expired_reply(request, others)
    if request.status == IntroStatus.UNDELIVERED.value:
        text = (
            f"I couldn't get your request for an introduction at {company} to {who}: "
            "their messages from Inroads seem to be closed. It doesn't count against "
            "your open requests."
        )
    else:
        text = (
            f"{who} can't take on an introduction at {company} just now. That's "
            "common and rarely personal; people's weeks fill up. Someone else may be "
            "able to help."
        )
    return Reply(
        title=f"About your introduction at {company}", text=text, actions=(again,), ephemeral=False
    )


def expired_reply(request: IntroRequest, others: Sequence[Profile]) -> Reply:
    """Five days without an answer. It names only the member the seeker asked (they chose
    them, and were told "Sent to" them), says nothing of why (no one knows: paused,
    away, buried), and offers others by button: nothing is sent until the seeker picks
    one and writes their reason again."""
    who, company = mentions.member(request.member_id), request.company
    text = (
        f"Your request to {who} for an introduction at {company} closed after five days "
        "without an answer. Messages get buried and weeks fill up, so it's rarely "
        "personal, and it no longer counts against your open requests."
    )
    if not others:
        return Reply(
            title=f"About your introduction at {company}",
            text=text + " I don't see anyone else free to introduce you there just now; "
            "`people who-knows` will show anyone who offers it later.",
            actions=(Action("Who knows there", f"people who-knows company:{quote(company)}"),),
            ephemeral=False,
        )
    buttons = [ask_action(n, p.user_id, company) for n, p in enumerate(others, start=1)]
    return Reply(
        title=f"About your introduction at {company}",
        text=text + f" {_count(len(others))} can introduce you there too. Nothing is sent "
        "unless you press a button, and you'd add your reason again.",
        sections=(
            Section(
                f"Also introducing people at {company}",
                tuple(f"{n}. {card(p, 0)}" for n, p in enumerate(others, start=1)),
            ),
        ),
        actions=tuple(b for b in buttons if b is not None),
        ephemeral=False,
    )


def _count(n: int) -> str:
    words = {1: "Another member", 2: "Two other members", 3: "Three other members"}
    return words.get(n, f"{n} other members")


Ready = Outgoing | Skip


async def prepare_intro_message(uow: UnitOfWork, row: Reminder, now: datetime) -> Ready:
    """What an introduction row says now, or why it waits or is dropped."""
    request = await uow.intros.get_request(row.platform, row.workspace_id, request_of(row))
    if request is None:
        return Skip("the introduction request is gone")
    owner = Actor(row.platform, row.workspace_id, row.user_id)
    to_member = row.kind in (ASK, NUDGE)
    if owner.user_id != (request.member_id if to_member else request.seeker_id):
        return Skip("the row's owner is not the one it is for")
    if to_member and request.status != IntroStatus.OPEN.value:
        return Skip("the request was answered before it was delivered")
    if row.kind == ANSWER and request.status == IntroStatus.OPEN.value:
        return Skip("the request has no answer to tell")
    allowed = next_allowed(now, await uow.settings.get_or_default(owner))
    if allowed > now:
        return Skip(wait_until=allowed)
    if to_member:
        seeker = await uow.profiles.get(request.seeker)
        return Outgoing(ask_reply(request, seeker, nudge=row.kind == NUDGE))
    expired = request.status == IntroStatus.EXPIRED.value
    others = await next_introducers(uow, request, now) if expired else []
    return Outgoing(answer_reply(request, others))


async def ask_undelivered(uow: UnitOfWork, row: Reminder, now: datetime) -> None:
    """The member's DM (the request or its reminder) was refused for good: the request
    can never be answered, so it is closed (freeing the seeker's slot) and the seeker is
    told."""
    if row.kind not in (ASK, NUDGE):
        return
    request = await uow.intros.get_request(row.platform, row.workspace_id, request_of(row))
    if request is None:
        return
    closed = IntroStatus.UNDELIVERED.value
    if await uow.intros.answer(request, closed, now, expected=IntroStatus.OPEN.value):
        await uow.reminders.add(outbox_row(request, ANSWER, now))
