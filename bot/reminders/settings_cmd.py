"""`checkin settings`: time zone, quiet hours, keep-in-touch cadence, date order, pause all.

With no options it shows the current values. Changes apply to deliveries from now on:
quiet hours and pause are checked when a reminder is sent (so they also cover reminders
created earlier); a new cadence applies to keep-in-touch timers set from now on. The date
order says how numeric dates such as 02/03 are read; `auto` follows the time zone.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands import Command, CommandSpec
from bot.domain import Actor, UserSettings
from bot.errors import UsageError
from bot.fields import ON_OFF, TIMEZONE
from bot.grammar import ParsedArgs
from bot.reminders.quiet import parse_quiet
from bot.reply import Field, Reply, Tone
from bot.schema import choice, text
from bot.services import Services
from bot.timeparse import describe_order, numeric_order, zone
from bot.typos import not_a_choice

EXAMPLE = "checkin settings timezone:Europe/Paris quiet:21:00-08:00 cadence:30,90 pause:off"
MAX_CADENCE_DAYS = 730
DATE_ORDERS = {
    "dmy": "dmy",
    "day-first": "dmy",
    "mdy": "mdy",
    "month-first": "mdy",
    "auto": "",
}
ON = {"on", "yes", "true", "1"}
OFF = {"off", "no", "false", "0"}


@dataclass(frozen=True, kw_only=True)
class CheckinSettings(Command):
    timezone: str | None = None
    quiet: tuple[str, str] | None = None
    cadence: tuple[int, ...] | None = None
    pause: bool | None = None
    date_order: str | None = None


def parse_cadence(text: str) -> tuple[int, ...]:
    cleaned = text.strip().lower()
    if cleaned in {"off", "none"}:
        return ()
    try:
        days = tuple(sorted({int(p.strip().removesuffix("d")) for p in cleaned.split(",") if p}))
    except ValueError:
        days = ()
    if not days or any(d <= 0 or d > MAX_CADENCE_DAYS for d in days):
        raise UsageError(
            f"`{text[:40]}` isn't a cadence.",
            hint=f"List days after a conversation, e.g. 30,90 (1 to {MAX_CADENCE_DAYS}), or off.",
            example="checkin settings cadence:30,90",
        )
    return days


def parse_switch(text: str) -> bool:
    cleaned = text.strip().lower()
    if cleaned in ON | OFF:
        return cleaned in ON
    raise UsageError(f"`{text[:20]}` isn't on or off.", example="checkin settings pause:on")


def parse_date_order(text: str) -> str:
    """Read a date order: "dmy", "mdy", or "" for automatic (follow the time zone)."""
    cleaned = text.strip().lower().replace("_", "-")
    if cleaned in DATE_ORDERS:
        return DATE_ORDERS[cleaned]
    raise not_a_choice(
        f"`{text[:20]}` isn't a date order.",
        text,
        DATE_ORDERS,
        hint="Use dmy if you write 2 March as 02/03, mdy if you write it as 03/02, "
        "or auto to follow your time zone.",
        example="checkin settings dates:dmy",
    )


def build(args: ParsedArgs, actor: Actor) -> CheckinSettings:
    if args.positionals:
        raise UsageError(
            "`checkin settings` takes options only.",
            hint="Options: timezone:, quiet:, cadence:, dates:, pause:.",
            example=EXAMPLE,
        )
    tz = args.option_text("timezone", "tz")
    quiet = args.option_text("quiet")
    cadence = args.option_text("cadence")
    pause = args.option_text("pause")
    dates = args.option_text("dates", "date-order")
    return CheckinSettings(
        actor=actor,
        timezone=zone(tz).key if tz else None,
        quiet=parse_quiet(quiet) if quiet else None,
        cadence=parse_cadence(cadence) if cadence else None,
        pause=parse_switch(pause) if pause else None,
        date_order=parse_date_order(dates) if dates else None,
    )


def describe(prefs: UserSettings) -> tuple[Field, ...]:
    quiet = (
        "off" if prefs.quiet_start == prefs.quiet_end else f"{prefs.quiet_start}–{prefs.quiet_end}"
    )
    cadence = ", ".join(f"{d} days" for d in prefs.keep_in_touch_days) or "off"
    order = describe_order(numeric_order(prefs.date_order, prefs.timezone))
    source = "your choice" if prefs.date_order else "from your time zone"
    return (
        Field("Time zone", prefs.timezone),
        Field("Dates", f"{order}, {source}"),
        Field("Quiet hours", quiet),
        Field("Keep in touch after", cadence),
        Field("Paused", "yes" if prefs.paused else "no"),
    )


async def handle(cmd: CheckinSettings, svc: Services) -> Reply:
    changing = any(
        v is not None for v in (cmd.timezone, cmd.quiet, cmd.cadence, cmd.pause, cmd.date_order)
    )
    async with svc.uow() as uow:
        prefs = await uow.settings.get_or_default(cmd.actor)
        if not changing:
            return Reply(title="Your check-in settings", fields=describe(prefs), footer=EXAMPLE)
        if cmd.timezone is not None:
            prefs.timezone = cmd.timezone
            prefs.timezone_source = "user"
        if cmd.quiet is not None:
            prefs.quiet_start, prefs.quiet_end = cmd.quiet
        if cmd.cadence is not None:
            prefs.keep_in_touch_days = list(cmd.cadence)  # a new list: the ORM tracks it
        if cmd.date_order is not None:
            prefs.date_order = cmd.date_order
        resumed = cmd.pause is False and prefs.paused
        if cmd.pause is not None:
            prefs.paused = cmd.pause
        await uow.settings.save(prefs)
        if resumed or cmd.quiet is not None or cmd.timezone is not None:
            # Deferrals were computed under the old settings; let the dispatcher re-decide.
            await uow.reminders.release_deferred(cmd.actor)
        await uow.commit()
    return Reply(
        title="Check-in settings saved",
        fields=describe(prefs),
        text="Check-ins are paused; nothing will be sent until `checkin settings pause:off`."
        if prefs.paused
        else "",
        tone=Tone.SUCCESS,
    )


SPECS = (
    CommandSpec(
        path=("checkin", "settings"),
        summary="See or change your time zone, quiet hours, cadence, date order; pause check-ins.",
        example=EXAMPLE,
        build=build,
        handle=handle,
        fields=(
            TIMEZONE.but(label=""),
            text("quiet", "Quiet hours, e.g. 21:00-08:00"),
            text("cadence", "Keep-in-touch days, e.g. 30,90"),
            choice("pause", "Pause every check-in", *ON_OFF),
        ),
        options=("dates", "date-order"),
    ),
)
