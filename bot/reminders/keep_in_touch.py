"""`checkin stop|start <contact>`: keep-in-touch nudges end only when the person says so.

Keep-in-touch repeats at the person's cadence (see :mod:`bot.reminders.cadence`); these
two commands turn it off and on for one contact, through the contact's own move
(:meth:`bot.domain.Contact.set_keep_in_touch`), so the pending nudge goes at once and
comes back, counted from the last interaction, when restarted. Every keep-in-touch DM
carries a "Stop these" button that runs `checkin stop #<contact>`.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command, CommandSpec
from bot.domain import Actor, ReminderKind, ReminderStatus
from bot.fields import REQUIRED_CONTACT
from bot.grammar import Mention, ParsedArgs
from bot.journal.contacts_lookup import clean_name, find_contact
from bot.journal.parsing import who_from
from bot.lifecycle.bus import lifecycle, publish
from bot.reply import Action, Reply, Target, TargetKind, Tone
from bot.services import Services
from bot.timeparse import format_local

STOP_EXAMPLE = 'checkin stop "Jane Doe"'
START_EXAMPLE = 'checkin start "Jane Doe"'


@dataclass(frozen=True, kw_only=True)
class KeepInTouch(Command):
    who: str | Mention
    on: bool


def build_stop(args: ParsedArgs, actor: Actor) -> KeepInTouch:
    who = clean_name(who_from(args, "contact", "with"), example=STOP_EXAMPLE)
    return KeepInTouch(actor=actor, who=who, on=False)


def build_start(args: ParsedArgs, actor: Actor) -> KeepInTouch:
    who = clean_name(who_from(args, "contact", "with"), example=START_EXAMPLE)
    return KeepInTouch(actor=actor, who=who, on=True)


async def handle_keep_in_touch(cmd: KeepInTouch, svc: Services) -> Reply:
    now = svc.clock.now()
    example = START_EXAMPLE if cmd.on else STOP_EXAMPLE
    async with svc.uow() as uow:
        prefs = await uow.settings.get_or_default(cmd.actor)
        contact = await find_contact(uow, cmd.actor, cmd.who, example=example)
        changed = contact.set_keep_in_touch(cmd.on)
        ctx = lifecycle(svc, uow, cmd.actor, now=now, prefs=prefs)
        await publish(ctx, contact)
        upcoming = [
            r
            for r in await ctx.contact_reminders(contact.id or 0)
            if r.kind == ReminderKind.KEEP_IN_TOUCH.value
            and r.status == ReminderStatus.PENDING.value
        ]
        await uow.commit()
    name = contact.name
    if not cmd.on:
        return Reply(
            text=(
                f"Done: no more keep-in-touch nudges about {name}."
                if changed
                else f"Keep-in-touch nudges about {name} were already off."
            )
            + " Your notes and other check-ins stay as they are.",
            actions=(
                Action(
                    "Start them again",
                    f"checkin start #{contact.number}",
                    target=Target.of(TargetKind.CONTACT, contact.number),
                ),
            ),
            tone=Tone.SUCCESS,
        )
    if upcoming:
        when = format_local(upcoming[0].due_at, prefs.timezone)
        lead = "They're back on" if changed else "They're already on"
        text = f"{lead}: I'll nudge you to catch up with {name} on {when}."
    else:
        text = (
            f"Keep-in-touch is on for {name}. The nudges start counting from your first "
            "conversation; log or plan one when it happens."
        )
    return Reply(text=text, tone=Tone.SUCCESS)


SPECS = (
    CommandSpec(
        path=("checkin", "stop"),
        summary="Stop the repeating keep-in-touch nudges for one contact.",
        example=STOP_EXAMPLE,
        build=build_stop,
        handle=handle_keep_in_touch,
        fields=(REQUIRED_CONTACT.but(aliases=("with",)),),
    ),
    CommandSpec(
        path=("checkin", "start"),
        summary="Start keep-in-touch nudges again for a contact.",
        example=START_EXAMPLE,
        build=build_start,
        handle=handle_keep_in_touch,
        fields=(REQUIRED_CONTACT.but(aliases=("with",)),),
    ),
)
