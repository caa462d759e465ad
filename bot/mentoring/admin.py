"""Admin commands: `mentor round preview|drop|run` and `mentor stats`.

Preview stores the proposed pairs (round `preview`, matches `proposed`) so the admin can
look, drop a pair, and then send exactly what they saw with `mentor round run`.
`run` sends nothing itself: the round's messages are outbox rows committed with it
(:mod:`bot.mentoring.outbox`), and stats show how their delivery went.
Stats are counts only: never a profile field, never anyone's notes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from bot import mentions
from bot.commands import Command, CommandSpec
from bot.domain import Actor, Match, MatchRound
from bot.errors import NotFoundError, UsageError
from bot.fields import number
from bot.grammar import ParsedArgs
from bot.ids import record_id
from bot.mentoring.config import require_admin
from bot.mentoring.outbox import round_key, tally
from bot.mentoring.profile_view import is_mentor, is_seeker
from bot.mentoring.rounds import (
    DROPPED,
    PROPOSED,
    ROUND_PREVIEW,
    ROUND_SENT,
    SENT,
    Plan,
    available,
    plan_round,
    send_round,
    store_preview,
)
from bot.reply import Action, Field, Reply, Section, Target, TargetKind, Tone
from bot.services import Services

SHOWN_PAIRS = 40
DROP_BUTTONS = 5


@dataclass(frozen=True, kw_only=True)
class AdminCommand(Command):
    pass


@dataclass(frozen=True, kw_only=True)
class DropPair(Command):
    #: The pair's number in this group (what the preview shows), not a server id.
    number: int


def build_admin(args: ParsedArgs, actor: Actor) -> AdminCommand:
    if args.positionals:
        raise UsageError("This command takes no extra words.", example="mentor round preview")
    return AdminCommand(actor=actor)


def build_drop(args: ParsedArgs, actor: Actor) -> DropPair:
    words = args.words()
    number = record_id(words[0]) if len(words) == 1 else None
    if number is None:
        raise UsageError("Give the number of the pair to drop.", example="mentor round drop 12")
    return DropPair(actor=actor, number=number)


def pair_line(row: Match) -> str:
    why = "; ".join(row.reasons)
    pair = f"{mentions.member(row.mentor_id)} ↔ {mentions.member(row.seeker_id)}"
    return f"#{row.number} {pair} · score {row.score} · {why}"


def preview_reply(match_round: MatchRound, rows: list[Match], plan: Plan | None) -> Reply:
    live = [r for r in rows if r.status == PROPOSED]
    lines = tuple(pair_line(r) for r in live[:SHOWN_PAIRS])
    more = len(live) - len(lines)
    fields = [
        Field("Pairs", str(len(live))),
        Field("Seekers left unmatched", str(len(match_round.unmatched_ids))),
    ]
    if plan is not None:
        proof = "proven optimal" if plan.assignment.method == "optimal" else "near-optimal"
        fields.append(Field("Assignment", proof))
    actions = [Action("Send intros", "mentor round run", "primary")]
    actions += [
        Action(
            f"Drop #{r.number}",
            f"mentor round drop {r.number}",
            "danger",
            target=Target.of(TargetKind.MATCH, r.number),
        )
        for r in live[:DROP_BUTTONS]
    ]
    return Reply(
        title=f"Round preview #{match_round.number}",
        text="Nothing has been sent yet. Drop any pair you don't want, then send.",
        fields=tuple(fields),
        sections=(Section("Proposed pairs", lines),) if lines else (),
        actions=tuple(actions),
        footer=f"…and {more} more pairs." if more > 0 else "",
    )


async def handle_preview(cmd: AdminCommand, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        config = await require_admin(uow, cmd.actor)
        plan = await plan_round(uow, config, now)
        match_round, rows = await store_preview(
            uow, config, plan, created_by=cmd.actor.user_id, now=now
        )
        await uow.commit()
    return preview_reply(match_round, rows, plan)


async def handle_drop(cmd: DropPair, svc: Services) -> Reply:
    actor = cmd.actor
    async with svc.uow() as uow:
        await require_admin(uow, actor)
        row = await uow.matches.by_group_number(actor.platform, actor.workspace_id, cmd.number)
        latest = await uow.matches.latest_round(actor.platform, actor.workspace_id)
        if row is None:
            raise NotFoundError(f"There's no pair #{cmd.number}.", example="mentor round preview")
        if latest is None or latest.id != row.round_id or latest.status != ROUND_PREVIEW:
            raise UsageError(
                f"Pair #{cmd.number} isn't in the current preview, so it can't be dropped.",
                hint="Only pairs of an unsent preview can be dropped.",
                example="mentor round preview",
            )
        if row.status != PROPOSED:
            return Reply(text=f"Pair #{row.number} was already dropped.")
        row.status = DROPPED
        rows = list(
            await uow.matches.list_round(actor.platform, actor.workspace_id, latest.id or 0)
        )
        await uow.commit()
    reply = preview_reply(latest, rows, None)
    return Reply(
        title=reply.title,
        text=f"Dropped pair #{row.number}. "
        "Its seeker will be told they weren't matched this round.",
        fields=reply.fields,
        sections=reply.sections,
        actions=reply.actions,
        tone=Tone.SUCCESS,
    )


async def handle_run(cmd: AdminCommand, svc: Services) -> Reply:
    now = svc.clock.now()
    async with svc.uow() as uow:
        config = await require_admin(uow, cmd.actor)
        latest = await uow.matches.latest_round(config.platform, config.workspace_id)
        if latest is None or latest.status != ROUND_PREVIEW:
            plan = await plan_round(uow, config, now)
            latest, _ = await store_preview(
                uow, config, plan, created_by=cmd.actor.user_id, now=now
            )
        result = await send_round(uow, config, latest, now)
        await uow.commit()
    fields = [
        Field("Introductions", str(result.sent)),
        Field("Seekers unmatched", str(result.unmatched)),
    ]
    if result.cancelled:
        fields.append(Field("Cancelled (member left)", str(result.cancelled)))
    if result.announce_channel:
        fields.append(
            Field("Announcement", f"on its way to {mentions.channel(result.announce_channel)}")
        )
    elif result.announce_skipped:
        fields.append(Field("Announcement", "skipped: no new pairs this round"))
    return Reply(
        title=f"Round #{latest.number} is on its way",
        text=(
            "The introductions and notices go out in the next few moments (quiet hours "
            "permitting); `mentor stats` shows how delivery went. Each pair gets a "
            f'"did you meet?" check-in in {config.follow_up_days} days.'
        ),
        fields=tuple(fields),
        tone=Tone.SUCCESS,
    )


async def handle_stats(cmd: AdminCommand, svc: Services) -> Reply:
    now = svc.clock.now()
    actor = cmd.actor
    async with svc.uow() as uow:
        await require_admin(uow, actor)
        everyone = await uow.profiles.list_workspace(actor.platform, actor.workspace_id)
        rows = await uow.matches.list_workspace(actor.platform, actor.workspace_id)
        latest = await uow.matches.latest_round(actor.platform, actor.workspace_id)
        delivery = None
        if latest is not None and latest.status == ROUND_SENT:
            delivery = tally(
                await uow.reminders.list_round_messages(
                    actor.platform, actor.workspace_id, round_key(latest.id)
                )
            )
    sent = [r for r in rows if r.status == SENT]
    rounds = sorted({r.round_id for r in sent})
    pair_counts = Counter(frozenset((r.mentor_id, r.seeker_id)) for r in sent)
    repeats = sum(count - 1 for count in pair_counts.values())
    answered = [r for r in sent if r.met is not None]
    met = sum(1 for r in answered if r.met)
    profiles = [p for p in everyone if p.in_matching]  # not those only in the directory
    live = [p for p in profiles if available(p, now)]
    unmatched_last = len(latest.unmatched_ids) if latest and latest.status == ROUND_SENT else 0

    def pct(part: int, whole: int) -> str:
        return f"{part / whole:.0%}" if whole else "—"

    return Reply(
        title="Mentor matching stats",
        fields=(
            Field(
                "Mentors",
                f"{sum(1 for p in profiles if is_mentor(p))} "
                f"({sum(1 for p in live if is_mentor(p))} available)",
            ),
            Field(
                "Seekers",
                f"{sum(1 for p in profiles if is_seeker(p))} "
                f"({sum(1 for p in live if is_seeker(p))} available)",
            ),
            Field("Rounds sent", str(len(rounds))),
            Field("Introductions", str(len(sent))),
            Field(
                "Meetings held", f"{met} of {len(answered)} answered ({pct(met, len(answered))})"
            ),
            Field("Repeat rate", pct(repeats, len(sent))),
            Field("Unmatched last round", str(unmatched_last)),
            *(
                (Field(f"Round #{latest.number} messages", delivery.summary()),)
                if delivery is not None and latest is not None
                else ()
            ),
        ),
    )


SPECS = (
    CommandSpec(
        path=("mentor", "round", "preview"),
        summary="Admins: propose this round's pairs (nothing is sent yet).",
        example="mentor round preview",
        build=build_admin,
        handle=handle_preview,
        admin_only=True,
    ),
    CommandSpec(
        path=("mentor", "round", "drop"),
        summary="Admins: remove one pair from the current preview.",
        example="mentor round drop 12",
        build=build_drop,
        handle=handle_drop,
        admin_only=True,
        fields=(number("pair", "Pair number (from the preview)").but(keyword=False),),
    ),
    CommandSpec(
        path=("mentor", "round", "run"),
        summary="Admins: send the previewed round (or plan and send one now).",
        example="mentor round run",
        build=build_admin,
        handle=handle_run,
        admin_only=True,
    ),
    CommandSpec(
        path=("mentor", "stats"),
        summary="Admins: participants, introductions, meetings held, repeat rate.",
        example="mentor stats",
        build=build_admin,
        handle=handle_stats,
        admin_only=True,
    ),
)
