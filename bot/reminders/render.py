"""What a reminder DM says, built when it is sent from the current rows (so it reflects
the latest notes and names, and never names someone who has since been erased).

Every DM carries buttons whose value is plain command text (`checkin done 12`): the
adapters run that text as the person who clicked, so a button works the same on Slack,
Discord and the console, and keeps working after a restart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.domain import ActionItem, Contact, Interview, Reminder, ReminderKind, UserSettings
from bot.grammar import quote
from bot.journal.render import contact_label, shorten
from bot.mentoring.followup import followup_reply
from bot.ports.journal import ReferralRow
from bot.reply import Action, Field, Reply, Section, Target, TargetKind
from bot.timeparse import format_local

MAX_ACTION_CHARS = 90

_TITLES = {
    ReminderKind.PREP.value: "Get ready: {name}",
    ReminderKind.THANK_YOU.value: "Thank {name} today",
    ReminderKind.REFLECTION.value: "What did you learn from {name}?",
    ReminderKind.KEEP_IN_TOUCH.value: "Time to reconnect with {name}",
    ReminderKind.FOLLOW_UP.value: "Follow up with {name}",
    ReminderKind.MATCH_FOLLOW_UP.value: "How did your mentoring chat go?",
    ReminderKind.CUSTOM.value: "Check-in: {name}",
}


def _names(people: Sequence[ReferralRow]) -> str:
    shown = [c.name for c in people[:3]]
    more = len(people) - len(shown)
    if more:
        return ", ".join(shown) + f" and {more} more"
    return " and ".join([", ".join(shown[:-1]), shown[-1]] if len(shown) > 1 else shown)


#: Past this, "within a day" and "while they're fresh" no longer describe the moment: a
#: nudge that reaches someone late (a bot that was down, quiet hours, a long pause) says
#: how long it has been instead.
THANKS_LATE_AFTER = timedelta(hours=36)
FRESH_FOR = timedelta(days=3)


def _how_long(age: timedelta) -> str:
    """ "3 days", "2 weeks": how long ago, in the unit people would say."""
    days = max(1, age.days)
    if days < 14:
        return "a day" if days == 1 else f"{days} days"
    return f"{days // 7} weeks"


def _body(
    reminder: Reminder,
    contact: Contact | None,
    interview: Interview | None,
    referred: Sequence[ReferralRow] = (),
    now: datetime | None = None,
) -> str:
    name = contact.name if contact else "them"
    kind = reminder.kind
    held = interview.held_at if interview is not None else None
    age = now - held if now is not None and held is not None else None  # since the talk
    if kind == ReminderKind.PREP.value:
        return (
            f"You're talking with {name} soon. Skim their work, pick three questions you "
            "really want answered, and have one sentence ready on why you reached out."
        )
    if kind == ReminderKind.THANK_YOU.value:
        if age is not None and age > THANKS_LATE_AFTER:
            return (
                f"It's been {_how_long(age)} since you talked with {name}, and no "
                "thank-you is recorded. Later than the day after is still far better than "
                "never: a few lines naming one thing they said and what you have done with "
                "it since."
            )
        return (
            f"A short, specific thank-you to {name} within a day of the conversation is the "
            "habit people remember: name one thing they said that helped, and what you'll "
            "do with it."
        )
    if kind == ReminderKind.REFLECTION.value:
        # Who they led you to is named only when there is someone: advice about
        # introductions that were never made reads like a form letter.
        warm = f"write to {_names(referred)} while the introduction is still warm"
        if interview is not None and (interview.takeaways or "").strip():
            plan = (
                f"You wrote down what you took from {name}. Now make it a plan: turn each "
                "takeaway into a step with a date"
            )
            return f"{plan}, and {warm}." if referred else f"{plan}."
        opening = "Jot down your takeaways while they're fresh"
        if age is not None and age > FRESH_FOR:
            opening = (
                f"It's been {_how_long(age)} since you spoke with {name}. Write "
                "down what you still remember before it fades"
            )
        if referred:
            return f"{opening}: what surprised you and what you'll do next. And {warm}."
        return (
            f"{opening}: what surprised you, what you'll do next, and who they suggested "
            "you talk to. Future you will thank you."
        )
    if kind == ReminderKind.FOLLOW_UP.value:
        asked = interview.requested_at if interview is not None else None
        since = _how_long(now - asked) if asked is not None and now is not None else "a week"
        return (
            f"No reply from {name} yet? It's been {since} since you asked; a short, friendly "
            "nudge is normal, and the draft button below writes one for you."
        )
    if kind == ReminderKind.KEEP_IN_TOUCH.value:
        return (
            f"It's been a while since you spoke with {name}. Share a quick update on what "
            "you did with their advice, or send something they'd find useful."
        )
    return reminder.text or f"Time to check in with {name}."


def _log_it(contact: Contact) -> Action | None:
    command = f"interview log {quote(contact.name)}"
    if contact.company:
        command += f" company:{quote(contact.company)}"
    if len(command) > MAX_ACTION_CHARS:
        command = f"interview log {quote(contact.name)}"
    return Action("Log it", command) if len(command) <= MAX_ACTION_CHARS else None


def _draft_thanks(contact: Contact) -> Action | None:
    command = f"outreach draft {quote(contact.name)} format:thank-you"
    return Action("Draft thank-you", command) if len(command) <= MAX_ACTION_CHARS else None


def reminder_actions(reminder: Reminder, contact: Contact | None) -> tuple[Action, ...]:
    rid = reminder.number
    # Done/Snooze/Skip expect this check-in, of this kind: a stale DM then acts on nothing.
    this = Target.of(TargetKind.REMINDER, rid, reminder.kind)
    actions = [Action("Done", f"checkin done {rid}", "primary", target=this)]
    if contact is not None:
        extra: Action | None = None
        if reminder.kind == ReminderKind.THANK_YOU.value:
            extra = _draft_thanks(contact)
        elif reminder.kind == ReminderKind.FOLLOW_UP.value and contact.number is not None:
            extra = Action(
                "Draft a follow-up",
                f"outreach draft #{contact.number} format:follow-up",
                target=Target.of(TargetKind.CONTACT, contact.number),
            )
        elif reminder.kind == ReminderKind.PREP.value and contact.id is not None:
            # the pack's own reply has the "Done: …" buttons that tick the checklist
            extra = Action(
                "Prep checklist",
                f"interview prep #{contact.number}",
                target=Target.of(TargetKind.CONTACT, contact.number),
            )
        elif reminder.kind in {ReminderKind.KEEP_IN_TOUCH.value, ReminderKind.CUSTOM.value}:
            extra = _log_it(contact)
        if extra is not None:
            actions.append(extra)
        if reminder.kind == ReminderKind.KEEP_IN_TOUCH.value and contact.id is not None:
            # The two notes that give rather than ask (bot.outreach.keep).
            about = Target.of(TargetKind.CONTACT, contact.number)
            actions.append(
                Action(
                    "Draft an update",
                    f"outreach draft #{contact.number} format:update",
                    target=about,
                )
            )
            actions.append(
                Action(
                    "Share something",
                    f"outreach draft #{contact.number} format:article",
                    target=about,
                )
            )
    actions += [
        Action("Snooze 1 day", f"checkin snooze {rid} 1d", target=this),
        Action("Snooze 1 week", f"checkin snooze {rid} 1w", target=this),
        Action("Skip", f"checkin skip {rid}", target=this),
    ]
    if reminder.kind == ReminderKind.KEEP_IN_TOUCH.value and contact and contact.id is not None:
        # Keep-in-touch repeats until the person stops it: the way out is on every nudge.
        stop = f"checkin stop #{contact.number}"
        actions.append(
            Action("Stop these", stop, target=Target.of(TargetKind.CONTACT, contact.number))
        )
    return tuple(actions)


def render_reminder(
    reminder: Reminder,
    *,
    contact: Contact | None,
    interview: Interview | None,
    prefs: UserSettings,
    prep: tuple[Section, ...] = (),
    late: bool = False,
    other: str | None = None,
    match_number: int | None = None,
    items: Sequence[ActionItem] = (),
    referred: Sequence[ReferralRow] = (),
    now: datetime | None = None,
) -> Reply:
    """`referred`: for a reflection, the people this contact led the person to whom
    they have not talked with yet. `now`: the send time, so a nudge that arrives late
    says how long it has been rather than "within a day".

    Everything is read from the rows as they are now (contact name, interview time,
    the match partner): nothing is frozen into the reminder when it is created, so a
    renamed contact shows its new name and nobody erased is ever named."""
    if reminder.kind == ReminderKind.MATCH_FOLLOW_UP.value and reminder.match_id is not None:
        # "did you meet?" with yes/no buttons; `other` is read from the match row now
        return followup_reply(reminder, other=other, number=match_number, late=late)
    name = contact.name if contact else "your contact"
    title = _TITLES.get(reminder.kind, "Check-in: {name}").format(name=name)
    if reminder.kind == ReminderKind.CUSTOM.value and contact is None:
        title = "Your reminder"  # one of your own, about no one (an action item, a note)
    fields: list[Field] = []
    if contact is not None:
        fields.append(Field("Contact", contact_label(contact)))
    if interview is not None:
        moment = interview.held_at or interview.scheduled_at
        if moment is not None:
            fields.append(Field("Interview", format_local(moment, prefs.timezone)))
        if reminder.kind == ReminderKind.REFLECTION.value and interview.action_items and not items:
            fields.append(Field("Your action items", shorten(interview.action_items)))
    footer = f"Check-in #{reminder.number}"
    if late:
        footer += f" · was due {format_local(reminder.due_at, prefs.timezone)} (sent late)"
    sections: tuple[Section, ...] = prep
    item_actions: tuple[Action, ...] = ()
    if reminder.kind == ReminderKind.REFLECTION.value and interview is not None:
        steps = _unplanned_takeaways(interview, items)
        sections = _plan(items, interview, prefs, steps)
        item_actions = _plan_actions(items, interview, steps)
        first = referred[0] if referred else None
        if first is not None and first.number:
            item_actions += (
                Action(
                    _button_label(f"Write to {first.name}"),
                    f"outreach draft #{first.number}",
                    target=Target.of(TargetKind.CONTACT, first.number),
                ),
            )
    return Reply(
        title=title,
        text=_body(reminder, contact, interview, referred, now),
        fields=tuple(fields),
        sections=sections,
        actions=reminder_actions(reminder, contact) + item_actions,
        footer=footer,
        ephemeral=False,
    )


#: Buttons for at most this many open items (the list shows them all).
ITEM_BUTTONS = 3


#: A button's command travels in Discord's 100-character custom id with its prefix.
BUTTON_COMMAND_MAX = 70


def _unplanned_takeaways(interview: Interview, items: Sequence[ActionItem]) -> list[str]:
    """Takeaways written at `done` that are not yet on the plan: the reflection offers
    to turn each into a step (the practice: advice becomes an action plan)."""
    planned = {" ".join(i.text.lower().split()) for i in items}
    found = re.split(r"[;\n]+", interview.takeaways or "")
    steps = [" ".join(t.split()).rstrip(".") for t in found if t.strip()]
    steps = [t[:1].upper() + t[1:] for t in steps]
    return [t for t in steps if t.lower() not in planned]


def _add_step(text: str, interview: Interview) -> str:
    return f"actions add {quote(text)} for:#{interview.number}"


def _plan(
    items: Sequence[ActionItem],
    interview: Interview,
    prefs: UserSettings,
    steps: Sequence[str] = (),
) -> tuple[Section, ...]:
    """The reflection is where advice becomes a plan: the conversation's open items, each
    with its number and due date, so they can be ticked off from here, and the takeaways
    not yet turned into a step."""
    lines = []
    for item in items:
        due = f" (due {format_local(item.due_at, prefs.timezone)})" if item.due_at else ""
        lines.append(f"#{item.number} {shorten(item.text, 120)}{due}")
    for step in steps:
        lines.append(f"From your takeaways, not planned yet: {shorten(step, 120)}")
    lines.append(f'Add one: actions add "what you will do" for:#{interview.number} due:"Friday"')
    return (Section("Your action plan", tuple(lines)),)


def _plan_actions(
    items: Sequence[ActionItem], interview: Interview, steps: Sequence[str] = ()
) -> tuple[Action, ...]:
    """Tick an item off, plan a takeaway, or add one: `actions add` opens a form on
    Slack; elsewhere the plan's last line shows the command to type."""
    ticks = tuple(
        Action(f"Done: {_button_label(item.text)}", f"actions done {item.number}")
        for item in items[:ITEM_BUTTONS]
    )
    plans = tuple(
        Action(f"Plan: {_button_label(step)}", _add_step(step, interview))
        for step in steps[:ITEM_BUTTONS]
        if len(_add_step(step, interview)) <= BUTTON_COMMAND_MAX
    )
    return (*ticks, *plans, Action("Add an action", "actions add"))


def _button_label(text: str, limit: int = 28) -> str:
    """A button shows a few words of the item; the plan above it shows the whole text."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"
