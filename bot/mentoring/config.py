"""`mentor config`: the group's matching settings, and who may change them.

Admins are the members in `GroupConfig.admin_ids`. A fresh group has none, so the first
person to run `mentor config` becomes its admin (they install and announce matching, so
they are the natural owner); from then on only admins may change settings, add other
admins, preview, run or inspect rounds. Exclusions are pairs that must never be matched
(stored sorted, so "@a @b" and "@b @a" are the same pair). `channel` is where each sent
round is announced (counts only, see :mod:`bot.mentoring.announce`); it is checked here,
when the admin can still fix it, rather than failing quietly at the next round.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot import mentions
from bot.channels import CHANNEL_MAX, CLEAR_WORDS, parse_channel
from bot.commands import Command, CommandSpec
from bot.domain import Actor, GroupConfig
from bot.errors import UsageError
from bot.fields import ON_OFF
from bot.grammar import Mention, ParsedArgs, parse
from bot.ports import UnitOfWork
from bot.reply import Field, Reply, Tone
from bot.schema import choice, text
from bot.services import Services
from bot.timeparse import parse_duration

CONFIG_EXAMPLE = 'mentor config cadence:14d cooldown:90d max-tz:6 admins:"@ana @ben"'
CONFIG_OPTIONS = (
    "cadence",
    "channel",
    "cooldown",
    "max-tz",
    "follow-up",
    "admins",
    "exclude",
    "unexclude",
    "auto",
    "poll",
    "inactive",
)
ZERO = re.compile(r"0+\s*(?:d|days?|w|weeks?|h|hours?)?")
NOT_ADMIN = "Only this group's mentoring admins can do that."


def _days(text: str, *, name: str, low: int, high: int) -> int:
    cleaned = text.strip().lower()
    if ZERO.fullmatch(cleaned):  # `cooldown:0d`: a duration reader refuses zero, we don't
        cleaned = "0"
    days = int(cleaned) if cleaned.isdigit() else parse_duration(cleaned).days
    if not low <= days <= high:
        raise UsageError(
            f"`{name}` must be between {low} and {high} days, not {days}.",
            example=CONFIG_EXAMPLE,
        )
    return days


def _poll_hours(text: str) -> int:
    """`poll:2d`, `poll:36h`: how long before each automatic round to ask "in or skip?";
    `poll:off` (or 0) sends no poll."""
    cleaned = text.strip().lower()
    if cleaned in CLEAR_WORDS or ZERO.fullmatch(cleaned):
        return 0
    hours = (
        int(cleaned) if cleaned.isdigit() else int(parse_duration(cleaned).total_seconds() // 3600)
    )
    if not 1 <= hours <= 14 * 24:
        raise UsageError(
            "`poll` is how long before each round members are asked: 1 hour to 14 days, or off.",
            example="mentor config poll:2d",
        )
    return hours


def _members(text: str, *, name: str) -> list[str]:
    found = parse(text).positionals
    ids = [m.user_id for m in found if isinstance(m, Mention)]
    if not ids or len(ids) != len(found):
        raise UsageError(
            f"`{name}` takes @mentions of members.", example=f'mentor config {name}:"@ana @ben"'
        )
    return list(dict.fromkeys(ids))


def _pair(text: str, *, name: str) -> list[str]:
    ids = _members(text, name=name)
    if len(ids) != 2:
        raise UsageError(
            f"`{name}` takes exactly two different members: the pair never to match.",
            example=f'mentor config {name}:"@ana @ben"',
        )
    return sorted(ids)


def _channel(text: str) -> str:
    """The channel to store, "" for `off`/`none` (no announcements); refuses other text."""
    if text.lower() in CLEAR_WORDS:
        return ""
    if len(text) > CHANNEL_MAX:
        raise UsageError(
            f"That channel is too long: at most {CHANNEL_MAX} characters.",
            example="mentor config channel:#mentoring",
        )
    if parse_channel(text) is None:
        shown = text[:40].replace("`", "")
        raise UsageError(
            f"I can't read `{shown}` as a channel." if shown else "`channel` needs a channel.",
            hint="Name it with a # (`#mentoring`) or paste its id; `off` stops announcements.",
            example="mentor config channel:#mentoring",
        )
    return text


@dataclass(frozen=True, kw_only=True)
class ConfigureGroup(Command):
    cadence_days: int | None = None
    channel: str | None = None
    cooldown_days: int | None = None
    max_tz: int | None = None
    follow_up_days: int | None = None
    admins: list[str] | None = None
    exclude: list[str] | None = None
    unexclude: list[str] | None = None
    auto_run: bool | None = None
    poll_hours: int | None = None
    inactive_days: int | None = None

    @property
    def changes(self) -> bool:
        return any(
            getattr(self, name) is not None
            for name in (
                "cadence_days",
                "channel",
                "cooldown_days",
                "max_tz",
                "follow_up_days",
                "admins",
                "exclude",
                "unexclude",
                "auto_run",
                "poll_hours",
                "inactive_days",
            )
        )


def build_config(args: ParsedArgs, actor: Actor) -> ConfigureGroup:
    def text(name: str) -> str | None:
        value = args.option(name)
        return None if value is None else str(value).strip()

    max_tz = text("max-tz")
    tz_hours: int | None = None
    if max_tz is not None:
        cleaned = max_tz.lower().removesuffix("h")
        if not cleaned.isdigit() or not 0 <= int(cleaned) <= 12:
            raise UsageError(
                "`max-tz` is the largest time-zone difference in hours, 0 to 12.",
                example="mentor config max-tz:6",
            )
        tz_hours = int(cleaned)
    auto = text("auto")
    if auto is not None and auto.lower() not in {"on", "off", "yes", "no"}:
        raise UsageError("`auto` is on or off.", example="mentor config auto:on")
    channel = text("channel")
    cadence, cooldown, follow_up = text("cadence"), text("cooldown"), text("follow-up")
    admins, exclude, unexclude = text("admins"), text("exclude"), text("unexclude")
    poll, idle = text("poll"), text("inactive")
    return ConfigureGroup(
        actor=actor,
        cadence_days=_days(cadence, name="cadence", low=1, high=365) if cadence else None,
        channel=None if channel is None else _channel(channel),
        cooldown_days=_days(cooldown, name="cooldown", low=0, high=730) if cooldown else None,
        max_tz=tz_hours,
        follow_up_days=_days(follow_up, name="follow-up", low=1, high=60) if follow_up else None,
        admins=_members(admins, name="admins") if admins else None,
        exclude=_pair(exclude, name="exclude") if exclude else None,
        unexclude=_pair(unexclude, name="unexclude") if unexclude else None,
        auto_run=None if auto is None else auto.lower() in {"on", "yes"},
        poll_hours=None if poll is None else _poll_hours(poll),
        inactive_days=_days(idle, name="inactive", low=7, high=365) if idle else None,
    )


def new_config(actor: Actor) -> GroupConfig:
    return GroupConfig(platform=actor.platform, workspace_id=actor.workspace_id)


async def require_admin(uow: UnitOfWork, actor: Actor) -> GroupConfig:
    """The group's config if `actor` is one of its admins; a friendly refusal otherwise."""
    config = await uow.groups.get(actor.platform, actor.workspace_id)
    if config is None or actor.user_id not in config.admin_ids:
        hint = (
            "No admin is set yet: whoever runs `mentor config` first becomes one."
            if config is None or not config.admin_ids
            else 'Ask an admin to add you with `mentor config admins:"@you"`.'
        )
        raise UsageError(NOT_ADMIN, hint=hint)
    return config


def config_fields(config: GroupConfig) -> tuple[Field, ...]:
    announced = mentions.channel(config.announce_channel) if config.announce_channel else "off"
    return (
        Field("Cadence", f"every {config.cadence_days} days"),
        Field("Automatic rounds", "on" if config.auto_run else "off"),
        Field("Announcements", announced),
        Field("Cooldown before a pair repeats", f"{config.cooldown_days} days"),
        Field("Max time-zone difference", f"{config.max_tz_difference_hours} h"),
        Field("Follow-up after", f"{config.follow_up_days} days"),
        Field("Admins", " ".join(mentions.member(a) for a in config.admin_ids) or "—"),
        Field("Excluded pairs", str(len(config.exclusions))),
        Field(
            "Availability poll",
            _hours_text(config.poll_hours) + " before each automatic round"
            if config.poll_hours
            else "off",
        ),
        Field("Ask before matching after", f"{config.inactive_days} days without activity"),
    )


def _hours_text(hours: int) -> str:
    if hours % 24 == 0:
        days = hours // 24
        return f"{days} day" + ("s" if days != 1 else "")
    return f"{hours} h"


async def handle_config(cmd: ConfigureGroup, svc: Services) -> Reply:
    actor = cmd.actor
    async with svc.uow() as uow:
        config = await uow.groups.get(actor.platform, actor.workspace_id)
        bootstrapped = False
        if config is None or not config.admin_ids:
            config = config or new_config(actor)
            config.admin_ids = [actor.user_id]
            bootstrapped = True
        elif actor.user_id not in config.admin_ids:
            raise UsageError(
                NOT_ADMIN, hint='Ask an admin to add you with `mentor config admins:"@you"`.'
            )
        if cmd.cadence_days is not None:
            config.cadence_days = cmd.cadence_days
        if cmd.channel is not None:
            config.announce_channel = cmd.channel
        if cmd.cooldown_days is not None:
            config.cooldown_days = cmd.cooldown_days
        if cmd.max_tz is not None:
            config.max_tz_difference_hours = cmd.max_tz
        if cmd.follow_up_days is not None:
            config.follow_up_days = cmd.follow_up_days
        if cmd.auto_run is not None:
            config.auto_run = cmd.auto_run
        if cmd.poll_hours is not None:
            config.poll_hours = cmd.poll_hours
        if cmd.inactive_days is not None:
            config.inactive_days = cmd.inactive_days
        if cmd.admins is not None:
            # Admins list replaces the old one; the one changing it always stays admin.
            config.admin_ids = list(dict.fromkeys([*cmd.admins, actor.user_id]))
        exclusions = [list(p) for p in config.exclusions]
        if cmd.exclude is not None and cmd.exclude not in exclusions:
            exclusions.append(cmd.exclude)
        if cmd.unexclude is not None:
            exclusions = [p for p in exclusions if p != cmd.unexclude]
        config.exclusions = exclusions
        await uow.groups.save(config)
        await uow.commit()
    text = "Settings saved." if cmd.changes else "Mentor matching settings."
    if bootstrapped:
        text = "You're this group's first mentoring admin. " + text
    return Reply(
        title="Mentor matching settings",
        text=text,
        fields=config_fields(config),
        tone=Tone.SUCCESS if cmd.changes or bootstrapped else Tone.INFO,
        footer=CONFIG_EXAMPLE,
    )


SPECS = (
    CommandSpec(
        path=("mentor", "config"),
        summary="Admins: group settings (cadence, announcements, cooldown, time zones, "
        "admins, exclusions).",
        example=CONFIG_EXAMPLE,
        build=build_config,
        handle=handle_config,
        fields=(
            text("cadence", "Days between rounds, e.g. 14d"),
            text("channel", "Where rounds are announced (counts only), e.g. #mentoring, or off"),
            text("cooldown", "Before a pair may repeat, e.g. 90d"),
            text("max-tz", "Largest time-zone gap in hours, e.g. 6"),
            text("follow-up", "Ask 'did you meet?' after, e.g. 7d"),
            text("admins", "Admins, as mentions"),
            text("exclude", "Two members who must never be matched"),
            text("unexclude", "Two members to allow again"),
            choice("auto", "Run rounds automatically", *ON_OFF),
            text("poll", "Ask 'in or skip?' this long before each round, e.g. 2d, or off"),
            text("inactive", "Ask before matching members idle this long, e.g. 60d"),
        ),
        admin_only=True,
    ),
)
