"""Stale buttons: a click whose record is gone, or has become something else, acts on nothing.

A button lives on in a message long after it was drawn: a reminder DM from last month, a
"Delete" under an interview someone has since deleted. Its command names a record by
number, and a number alone cannot tell whether it still means what it meant. So each
button that names a record carries a :class:`~bot.reply.Target` (the kind of record and,
for a check-in, its kind too), and before the command runs the record is looked up as the
person who clicked. When it is missing, or its kind changed, the click answers with what
happened and changes nothing.

Lookups are scoped like every other read: someone else's record reads as missing, which
is also what it is for the person clicking. A button names the person's own number
(`#3`, storage/numbering.py); one drawn before those numbers existed named a global id,
which now means nothing, so it is refused whatever record the number finds today. The same
holds for a match button from before the group's own numbers (it still says which pair
it meant), and for an import button from before imports had numbers.
"""

from __future__ import annotations

from bot.domain import Actor, ReminderKind
from bot.ports import UnitOfWork
from bot.reply import Reply, Target, TargetKind, Tone
from bot.services import Services
from bot.states import ROUND_MESSAGE_KINDS

#: What each kind of record is called, and where to see the ones that are there now.
_NOUNS: dict[TargetKind, tuple[str, str]] = {
    TargetKind.INTERVIEW: ("interview", "interview list"),
    TargetKind.REMINDER: ("check-in", "checkin list"),
    TargetKind.CONTACT: ("contact", "contact list"),
    TargetKind.MATCH: ("mentoring match", ""),
    TargetKind.IMPORT: ("contact import", ""),
}
#: Whose numbers a kind's records carry, as a legacy refusal says it.
_GROUP_KINDS = frozenset({TargetKind.MATCH})

#: A check-in's kind as people say it ("a thank-you reminder").
REMINDER_LABELS: dict[str, str] = {
    ReminderKind.PREP.value: "prep reminder",
    ReminderKind.THANK_YOU.value: "thank-you reminder",
    ReminderKind.REFLECTION.value: "reflection reminder",
    ReminderKind.KEEP_IN_TOUCH.value: "keep-in-touch check-in",
    ReminderKind.FOLLOW_UP.value: "follow-up reminder",
    ReminderKind.MATCH_FOLLOW_UP.value: "mentoring follow-up",
    ReminderKind.CUSTOM.value: "check-in you set yourself",
}


def reminder_label(kind: str) -> str:
    return REMINDER_LABELS.get(kind, f"{kind} check-in")


def _with_article(phrase: str) -> str:
    return ("an " if phrase[:1] in "aeiou" else "a ") + phrase


async def stale_button(
    services: Services, actor: Actor, target: Target, command: str = ""
) -> Reply | None:
    """Why this button must not act (a reply to show instead), or None when its record is
    still the one it was drawn for."""
    noun, where = _NOUNS[target.kind]
    if target.legacy:
        return await _legacy(services, actor, target, command)
    async with services.uow() as uow:
        exists, kind_now = await _look_up(uow, actor, target)
    if not exists:
        text = f"That {noun} no longer exists, so this button has nothing to act on."
        text += " Nothing changed."
        if where:
            text += f" `{where}` shows the ones you have now."
        return Reply(text=text, tone=Tone.WARNING)
    if target.detail and kind_now != target.detail:
        return Reply(
            text=(
                f"That reminder is now {_with_article(reminder_label(kind_now))}, not the "
                f"{reminder_label(target.detail)} this button was made for, so I left it "
                f"alone. `checkin list` shows where check-in #{target.id} stands."
            ),
            tone=Tone.WARNING,
        )
    return None


async def _legacy(services: Services, actor: Actor, target: Target, command: str) -> Reply:
    """A button from before numbers: it changes nothing. An old match button's id still
    names its pair inside the server, so the reply can give the pair's number now."""
    noun, where = _NOUNS[target.kind]
    whose = "this group's own" if target.kind in _GROUP_KINDS else "your own"
    text = (
        f"This button is from before each {noun} got {whose} number, so I can't tell "
        "which one it meant. Nothing changed."
    )
    if target.kind is TargetKind.MATCH:
        async with services.uow() as uow:
            row = await uow.matches.get(actor.platform, actor.workspace_id, target.id)
        if (
            row is not None
            and row.number is not None
            and actor.user_id
            in (
                row.mentor_id,
                row.seeker_id,
            )
        ):
            again = renumbered(command, target.id, row.number)
            text = "This button is from before each mentoring match got this group's own "
            text += (
                f"number, so I left it alone: nothing changed. That pair is match #{row.number} now"
                + (f": type `{again}` to do what the button meant." if again else ".")
            )
    elif target.kind is TargetKind.IMPORT:
        text += " Leave the number out to act on your latest import: `contact import confirm`."
    if where:
        text += f" `{where}` shows yours with their numbers now."
    return Reply(text=text, tone=Tone.WARNING)


def renumbered(command: str, old: int, new: int) -> str:
    """`command` with the old id replaced by the new number ("" if it names neither)."""
    words = command.split()
    swapped = [str(new) if w.lstrip("#") == str(old) else w for w in words]
    return " ".join(swapped) if swapped != words else ""


async def _look_up(uow: UnitOfWork, actor: Actor, target: Target) -> tuple[bool, str]:
    """(whether the clicker can see the record, its kind where kinds apply)."""
    match target.kind:
        case TargetKind.REMINDER:
            reminder = await uow.reminders.by_number(actor, target.id)
            if reminder is not None and reminder.kind in ROUND_MESSAGE_KINDS:
                reminder = None  # a round's message carries no check-in buttons
            return reminder is not None, reminder.kind if reminder else ""
        case TargetKind.INTERVIEW:
            return await uow.interviews.by_number(actor, target.id) is not None, ""
        case TargetKind.CONTACT:
            return await uow.contacts.by_number(actor, target.id) is not None, ""
        case TargetKind.MATCH:
            # Matches are the group's shared history: an admin's "Drop" and a member's
            # "We met" both name one; the command itself checks who may do what.
            row = await uow.matches.by_group_number(actor.platform, actor.workspace_id, target.id)
            return row is not None, ""
        case TargetKind.IMPORT:
            return await uow.contact_imports.by_number(actor, target.id) is not None, ""
