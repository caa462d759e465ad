"""Match rounds: plan (preview), let an admin drop pairs, send, and run on a cadence.

A round is planned from the group's live profiles: paused people, those who skipped
this round in the availability poll and those who look inactive (bot/mentoring/
activity.py) are left out, mentors need capacity ≥ 1, and the forbidden pairs are the
group's exclusions, each member's own do-not-match list (both ways), plus every pair
introduced within the cooldown (twice the cooldown when they reported they did not
meet: a pairing that failed once should not come straight back). Teammates are never
paired (a hard rule of the scoring). The solver (:mod:`bot.mentoring.solver`) then
picks one optimal assignment over everybody at once.

Sending a round also queues, besides the introductions: one nudge per pair to its
seeker, for the day the pair has been silent for :data:`NUDGE_AFTER` (dropped if either
answered by then), and one "still want to be matched?" to each member it found inactive.

Running a round (the admin's command, or the scheduler's tick) sends nothing itself: the
introductions, the unmatched notices and the channel announcement (counts only,
:mod:`bot.mentoring.announce`) are outbox rows committed with the round, delivered
afterwards by the reminder dispatcher (:mod:`bot.mentoring.outbox`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from bot.domain import Actor, GroupConfig, Match, MatchRound, Profile, Reminder, ReminderKind
from bot.errors import UsageError
from bot.mentoring.activity import by_member, inactive, left_out
from bot.mentoring.outbox import (
    NUDGE_AFTER,
    announcement_row,
    intro_row,
    nudge_row,
    still_in_row,
    unmatched_row,
)
from bot.mentoring.polls import queue_due_polls
from bot.mentoring.profile_view import is_mentor, is_seeker
from bot.mentoring.scoring import Person, Problem, reasons
from bot.mentoring.solver import Assignment, match
from bot.ports import UnitOfWork
from bot.services import Services

log = logging.getLogger(__name__)

PROPOSED, DROPPED, SENT, FAILED, CANCELLED, DISCARDED = (
    "proposed",
    "dropped",
    "sent",
    "failed",
    "cancelled",
    "discarded",
)
ROUND_PREVIEW, ROUND_SENT, ROUND_DISCARDED = "preview", "sent", "discarded"


def available(profile: Profile, now: datetime) -> bool:
    return profile.active and (profile.paused_until is None or profile.paused_until <= now)


def tz_offset_minutes(timezone: str, now: datetime) -> int:
    try:
        offset = now.astimezone(ZoneInfo(timezone)).utcoffset()
    except (KeyError, ValueError):  # a zone removed from tzdata since it was saved
        return 0
    return int(offset.total_seconds() // 60) if offset is not None else 0


def to_person(profile: Profile, now: datetime) -> Person:
    return Person(
        key=profile.user_id,
        industries=frozenset(i.casefold() for i in profile.industries),
        roles=frozenset(r.casefold() for r in profile.roles),
        topics=frozenset(t.casefold() for t in profile.topics),
        languages=frozenset(lang.casefold() for lang in profile.languages),
        tz_offset_minutes=tz_offset_minutes(profile.timezone, now),
        capacity=max(profile.capacity, 0),
        unmatched_rounds=profile.unmatched_rounds,
        team=" ".join(profile.team.split()).casefold(),
    )


def forbidden_pairs(
    config: GroupConfig,
    history: Sequence[Match],
    now: datetime,
    profiles: Sequence[Profile] = (),
) -> frozenset[tuple[str, str]]:
    """(seeker, mentor) pairs that must not match this round, in both directions."""
    pairs: set[tuple[str, str]] = set()
    for a, b in (p for p in config.exclusions if len(p) == 2):
        pairs |= {(a, b), (b, a)}
    for profile in profiles:  # do-not-match lists: either person's forbids the pair
        for other in profile.avoid_ids:
            pairs |= {(profile.user_id, other), (other, profile.user_id)}
    for past in history:
        if past.status != SENT or past.created_at is None:
            continue
        days = config.cooldown_days * (2 if past.met is False else 1)
        if now - past.created_at < timedelta(days=days):
            pairs |= {(past.seeker_id, past.mentor_id), (past.mentor_id, past.seeker_id)}
    return frozenset(pairs)


@dataclass(frozen=True)
class Plan:
    problem: Problem
    assignment: Assignment
    profiles: dict[str, Profile]


async def plan_round(uow: UnitOfWork, config: GroupConfig, now: datetime) -> Plan:
    """Compute (do not store) the best assignment; UsageError if a side is empty."""
    profiles = await uow.profiles.list_workspace(config.platform, config.workspace_id)
    history = await uow.matches.list_workspace(config.platform, config.workspace_id)
    mine = by_member(history)
    # A member listed in the directory only has a profile row but never joined rounds.
    live = [
        p
        for p in profiles
        if p.in_matching
        and available(p, now)
        and not left_out(p, mine.get(p.user_id, []), config, now)
    ]
    mentors = [to_person(p, now) for p in live if is_mentor(p) and p.capacity >= 1]
    seekers = [to_person(p, now) for p in live if is_seeker(p)]
    if not mentors or not seekers:
        missing = "mentors" if not mentors else "seekers"
        raise UsageError(
            f"There are no available {missing} right now, so there is no round to run.",
            hint="Members join with `mentor join role:mentor` or `mentor seek`; "
            "paused members are skipped until their pause ends.",
        )
    problem = Problem(
        seekers,
        mentors,
        forbidden=forbidden_pairs(config, history, now, live),
        max_tz_hours=config.max_tz_difference_hours,
    )
    return Plan(problem, match(problem), {p.user_id: p for p in profiles})


async def store_preview(
    uow: UnitOfWork, config: GroupConfig, plan: Plan, *, created_by: str, now: datetime
) -> tuple[MatchRound, list[Match]]:
    """Store the plan as a `preview` round (replacing an older unsent preview)."""
    latest = await uow.matches.latest_round(config.platform, config.workspace_id)
    if latest is not None and latest.status == ROUND_PREVIEW:
        latest.status = ROUND_DISCARDED
        for old in await uow.matches.list_round(
            config.platform, config.workspace_id, latest.id or 0
        ):
            old.status = DISCARDED
    match_round = await uow.matches.add_round(
        MatchRound(
            platform=config.platform,
            workspace_id=config.workspace_id,
            status=ROUND_PREVIEW,
            created_by=created_by,
            created_at=now,
            unmatched_ids=list(plan.assignment.unmatched),
        )
    )
    seekers = {p.key: p for p in plan.problem.seekers}
    mentors = {p.key: p for p in plan.problem.mentors}
    matches = []
    for pair in plan.assignment.pairs:
        row = Match(
            platform=config.platform,
            workspace_id=config.workspace_id,
            round_id=match_round.id or 0,
            mentor_id=pair.mentor,
            seeker_id=pair.seeker,
            score=pair.score,
            reasons=reasons(seekers[pair.seeker], mentors[pair.mentor]),
            status=PROPOSED,
            created_at=now,
        )
        matches.append(await uow.matches.add(row))
    return match_round, matches


def member(config: GroupConfig, user_id: str) -> Actor:
    return Actor(config.platform, config.workspace_id, user_id)


@dataclass
class SendResult:
    """What the round put in the outbox (delivery follows its commit; `mentor stats`)."""

    sent: int = 0
    cancelled: int = 0
    unmatched: int = 0
    #: The channel the announcement will go to; "" when none will (no channel, no pairs).
    announce_channel: str = ""
    #: The group has a channel, but there are no new pairs to announce.
    announce_skipped: bool = False


async def send_round(
    uow: UnitOfWork,
    config: GroupConfig,
    match_round: MatchRound,
    now: datetime,
) -> SendResult:
    """Mark the round sent and queue its messages, all in the caller's transaction.

    Nothing is sent here (:mod:`bot.mentoring.outbox`): every introduction, unmatched
    notice and the announcement becomes an outbox row, committed with the round or not
    at all, and the dispatcher delivers them after the commit. A pair is `sent` (it was
    introduced) from here on; the dispatcher turns it `failed` if its introduction
    can't be delivered."""
    ws = (config.platform, config.workspace_id)
    profiles = {p.user_id: p for p in await uow.profiles.list_workspace(*ws)}
    matches = await uow.matches.list_round(*ws, match_round.id or 0)
    result = SendResult()
    matched: set[str] = set()
    dropped: set[str] = set()
    for row in matches:
        if row.status == DROPPED:
            dropped.add(row.seeker_id)
        if row.status != PROPOSED:
            continue
        mentor, seeker = profiles.get(row.mentor_id), profiles.get(row.seeker_id)
        if mentor is None or seeker is None:  # left between preview and run
            row.status = CANCELLED
            result.cancelled += 1
            continue
        row.status = SENT
        result.sent += 1
        matched.add(row.seeker_id)
        seeker.unmatched_rounds = 0
        await uow.profiles.save(seeker)
        await uow.reminders.add(intro_row(config, row, now))
        await uow.reminders.add(nudge_row(config, row, now + NUDGE_AFTER))
        due = now + timedelta(days=config.follow_up_days)
        for me in (row.mentor_id, row.seeker_id):
            await uow.reminders.add(
                Reminder(
                    platform=config.platform,
                    workspace_id=config.workspace_id,
                    user_id=me,
                    kind=ReminderKind.MATCH_FOLLOW_UP.value,
                    due_at=due,
                    # No name stored: the DM reads the partner from the match when sent.
                    match_id=row.id,
                    created_at=now,
                )
            )
    unmatched = [
        uid
        for uid in dict.fromkeys(
            [
                *match_round.unmatched_ids,
                *dropped,
                *(m.seeker_id for m in matches if m.status in (FAILED, CANCELLED)),
            ]
        )
        if uid not in matched
    ]
    for uid in unmatched:
        seeker = profiles.get(uid)
        if seeker is None:
            continue
        result.unmatched += 1
        seeker.unmatched_rounds += 1
        await uow.profiles.save(seeker)
        await uow.reminders.add(unmatched_row(config, uid, match_round.id, now))
    await _after_round(uow, config, profiles, now)
    match_round.status = ROUND_SENT
    match_round.sent_at = now
    match_round.unmatched_ids = unmatched
    config.last_round_at = now
    await uow.groups.save(config)
    if config.announce_channel:
        # Counts only, and only when there are pairs (bot.mentoring.announce).
        if result.sent:
            result.announce_channel = config.announce_channel
            await uow.reminders.add(announcement_row(config, match_round.id, now))
        else:
            result.announce_skipped = True
    return result


async def _after_round(
    uow: UnitOfWork, config: GroupConfig, profiles: dict[str, Profile], now: datetime
) -> None:
    """Skippers are back for the next round; members who look inactive are asked once
    (bot/mentoring/activity.py) and sit out rounds until they answer."""
    mine = by_member(await uow.matches.list_workspace(config.platform, config.workspace_id))
    for profile in profiles.values():
        if not profile.in_matching:
            continue
        changed = profile.skip_next_round
        profile.skip_next_round = False
        asked = profile.still_asked_at is None and available(profile, now)
        if asked and inactive(profile, mine.get(profile.user_id, []), config, now):
            profile.still_asked_at = now
            await uow.reminders.add(still_in_row(config, profile.user_id, now))
            changed = True
        if changed:
            await uow.profiles.save(profile)


async def run_due_rounds(svc: Services, now: datetime) -> int:
    """Run a round for every group with automatic rounds on whose cadence has elapsed.

    Each group is claimed atomically first (`claim_round`), so several bot processes
    never run the same round twice; a group that fails is logged and the others go on.
    Returns how many rounds were run (their messages are in the outbox). Availability
    polls for rounds coming up are queued first (bot/mentoring/polls.py).
    """
    await queue_due_polls(svc, now)
    async with svc.uow() as uow:
        groups = [(g.platform, g.workspace_id) for g in await uow.groups.list_all() if g.auto_run]
    sent = 0
    for platform, workspace_id in groups:
        try:
            async with svc.uow() as uow:
                config = await uow.groups.get(platform, workspace_id)
                if config is None or not config.auto_run:
                    continue
                due_before = now - timedelta(days=config.cadence_days)
                if not await uow.groups.claim_round(config, due_before=due_before, now=now):
                    continue
                latest = await uow.matches.latest_round(platform, workspace_id)
                if latest is None or latest.status != ROUND_PREVIEW:
                    try:
                        plan = await plan_round(uow, config, now)
                    except UsageError as exc:
                        log.info(
                            "automatic round skipped for %s/%s: %s",
                            platform,
                            workspace_id,
                            exc.problem,
                        )
                        await uow.commit()  # keep the claim: try again next cadence
                        continue
                    latest, _ = await store_preview(uow, config, plan, created_by="auto", now=now)
                await send_round(uow, config, latest, now)
                await uow.commit()
                sent += 1
        except Exception:
            log.exception("automatic round failed for %s/%s", platform, workspace_id)
    return sent
