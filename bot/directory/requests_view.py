"""What each side of a request reads: rendered from the rows when the message is sent.

The helper sees the seeker's message, the seeker's public directory fields (only if they
are listed) and four kind choices. The seeker sees the helper's times, or a kind word
that it won't happen this time, never a reason. Someone erased since is "a member".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot import mentions
from bot.directory.request_model import ConversationRequest
from bot.directory.request_times import time_actions
from bot.directory.view import card, public_facts
from bot.domain import FORGOTTEN_ID, Profile
from bot.grammar import member_argument
from bot.ports.directory import DirectoryHit
from bot.reply import Action, Reply, Section
from bot.timeparse import format_local

#: The first tip depends on whether a time is settled: offering times once one is
#: agreed would be advice that no longer applies.
FIND_A_TIME = (
    "Seeker: offer two or three times within the next week, and keep to the minutes asked."
)
TIME_AGREED = (
    "Seeker: say how you'll meet (a call, a video link, a coffee), and keep to the minutes asked."
)
TIPS = (
    "Bring a few questions about their path; it's a conversation to learn, not a job ask.",
    "Helper: the story of what you'd do again (and what you wouldn't) is the useful part.",
    "Seeker: a short thank-you within a day, naming one thing that helped.",
)


def who(user_id: str) -> str:
    return "a member" if user_id == FORGOTTEN_ID else mentions.member(user_id)


def answer_actions(request: ConversationRequest) -> tuple[Action, ...]:
    rid = request.id
    return (
        Action("Accept", f"people answer {rid} accept", "primary"),
        Action("Suggest times", f"people answer {rid} suggest"),
        Action("Not this month", f"people answer {rid} not-now"),
        Action("Decline", f"people answer {rid} decline", "danger"),
    )


def helper_dm(
    request: ConversationRequest, seeker: Profile | None, *, nudge: bool = False
) -> Reply:
    """The request as the helper receives it (and, once, as a gentle reminder)."""
    facts = [f"{label}: {value}" for label, value in public_facts(seeker)] if seeker else []
    facts = [f for f in facts if not f.startswith("Room for requests")]
    head = (
        f"A reminder, in case this slipped by: {who(request.seeker_id)} asked you for a "
        "conversation three days ago. It expires in two days by itself if it doesn't suit."
        if nudge
        else f"{who(request.seeker_id)} found you in the community directory and would like "
        "a short conversation to learn from your experience. Here's what they wrote:"
    )
    return Reply(
        title="A request for a conversation" if not nudge else "Still open: a conversation request",
        text=f"{head}\n\n{mentions.scrub(request.message)}",
        sections=(Section("About them (their public directory fields)", tuple(facts)),)
        if facts
        else (),
        actions=answer_actions(request),
        footer=f"Request #{request.id}. Any answer is a good one. “Not this month” doesn't "
        "count against you; if you decline, they only hear that it didn't work out, never "
        "your reason. You set how many requests a month you take (`people join budget:`).",
        ephemeral=False,
    )


def agreed_for_both(request: ConversationRequest, seeker_zone: str, helper_zone: str) -> str:
    """The agreed time as each of the two reads it, when their time zones differ."""
    at = request.agreed_at
    if at is None:
        return ""
    if seeker_zone == helper_zone:
        return format_local(at, seeker_zone)
    return (
        f"{format_local(at, seeker_zone)} for {who(request.seeker_id)}; "
        f"{format_local(at, helper_zone)} for {who(request.helper_id)}"
    )


def intro_reply(request: ConversationRequest, *, seeker_zone: str, helper_zone: str) -> Reply:
    """Both members, one message: who asked, what about, and how to make it count."""
    seeker, helper = who(request.seeker_id), who(request.helper_id)
    lines = []
    if request.agreed_at is not None:
        lines.append(f"Agreed time: {agreed_for_both(request, seeker_zone, helper_zone)}")
    elif request.times:
        lines.append(f"Times {helper} offered: {mentions.scrub(request.times)}")
    reason = mentions.scrub(request.reason)
    if reason:
        lines.append(f"What {seeker} hopes to learn: {reason}")
    return Reply(
        title="You're introduced for a conversation",
        text=f"{helper}, meet {seeker}, who asked through the community directory. "
        f"{helper} said yes, thank you! Use this conversation to settle the details.",
        sections=(
            *((Section("The plan", tuple(lines)),) if lines else ()),
            Section(
                "How to make it count",
                (TIME_AGREED if request.agreed_at is not None else FIND_A_TIME, *TIPS),
            ),
        ),
        footer=f"Request #{request.id}",
        ephemeral=False,
    )


def _others(others: Sequence[DirectoryHit], request: ConversationRequest) -> tuple[Section, ...]:
    if not others:
        return ()
    return (
        Section(
            "Others you could ask",
            tuple(card(h.profile, h.requests_this_month) for h in others),
        ),
    )


def _ask_actions(others: Sequence[DirectoryHit], request: ConversationRequest) -> list[Action]:
    actions = []
    for n, hit in enumerate(others, start=1):
        p = hit.profile
        label = " at ".join(v for v in (p.roles[0] if p.roles else "", p.company) if v)
        actions.append(
            Action(
                f"Ask {n}: {label}"[:75] if label else f"Ask {n}",
                f"people ask {member_argument(p.user_id)} again:{request.id}",
            )
        )
    return actions


def none_work_lines(rid: int | None) -> tuple[str, ...]:
    """What a seeker can do when no offered time fits: nothing here is a rebuff."""
    return (
        "That happens all the time, and they won't mind. Press “Introduce us; we'll find "
        "a time”: you'll both be in one conversation, where you can thank them and ask "
        "for another day or time that suits them.",
        f"If the timing just can't work this month, “Withdraw” (`people cancel {rid}`) "
        "closes it; nothing is held against anyone, and you're welcome to ask again later.",
    )


def news_reply(
    request: ConversationRequest,
    event: str,
    *,
    others: Sequence[DirectoryHit] = (),
    now: datetime | None = None,
    their_zone: str = "",
) -> Reply:
    """News for the seeker. Each kind of "no" is worded for how it feels to get one.
    `their_zone`: the helper's time zone, when it is not the seeker's (their times are
    in it, and a pressed time is read in it)."""
    helper, rid = who(request.helper_id), request.id
    if event == "times":
        choices = time_actions(rid, request.times)
        zone = f" (their time, {their_zone}; I'll convert the one you pick)" if their_zone else ""
        return Reply(
            title="They'd be glad to talk: pick a time",
            text=f"{helper} said yes to request #{rid} and offered: "
            f"{mentions.scrub(request.times)}{zone}",
            sections=(Section("None of these work?", none_work_lines(rid)),),
            actions=(
                *choices,
                Action("Introduce us; we'll find a time", f"people agree {rid}"),
                Action("Withdraw", f"people cancel {rid}", "danger"),
            ),
            footer=("Press the time that suits you" if choices else "Pick one")
            + f' (or type `people agree {rid} when:"Thursday 10am"`): I\'ll introduce you '
            "both and add it to your journal with a reminder to prepare.",
            ephemeral=False,
        )
    if event == "not-now":
        return Reply(
            title="Not this month",
            text=f"{helper} would like to help but can't this month (request #{rid}). "
            "It's about timing, not you: you're welcome to ask again next month.",
            actions=(Action("Find others", "people find"),),
            ephemeral=False,
        )
    openings = {
        "declined": f"{helper} can't take on request #{rid} this time. People's reasons are "
        "usually about time, and they're theirs to keep.",
        "expired": f"Request #{rid} to {helper} expired after five days without an answer. "
        "Messages get buried; it doesn't count against either of you.",
        "left": f"{helper} has stepped away from the directory, so request #{rid} is closed "
        "without an answer.",
    }
    follow = (
        " Here are others who might be just as good to ask; nothing is sent unless you "
        "press a button."
        if others
        else " `people find` shows who else is listed and has room."
    )
    return Reply(
        title="This one didn't work out",
        text=openings.get(event, f"Request #{rid} is closed.") + follow,
        sections=_others(others, request),
        actions=tuple(_ask_actions(others, request)) or (Action("Find others", "people find"),),
        ephemeral=False,
    )
