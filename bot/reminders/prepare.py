"""Turn a claimed batch into what to send: a rendered DM per row, or a settlement when
nothing should go out now (quiet hours, a paused person, a nudge the journal outgrew).

A round's messages (introductions, unmatched notices, the announcement) are prepared
by :mod:`bot.mentoring.outbox`, which says where each goes and when.

Everything a batch needs is read in one session: each owner's settings once, the match
rows of "did you meet?" follow-ups in one query. Rendering is CPU work, so the loop
yields to the event loop every 50 rows to let commands in.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.directory.intro_outbox import prepare_intro_message
from bot.directory.requests_outbox import prepare_request_message
from bot.domain import (
    ActionItem,
    Actor,
    Contact,
    Match,
    Reminder,
    ReminderKind,
    ReminderStatus,
    UserSettings,
)
from bot.mentoring.outbox import ROUND_KINDS, Skip, prepare_round_message
from bot.ports import UnitOfWork
from bot.ports.journal import ReferralRow
from bot.ports.reminders import Settlement
from bot.reminders.cadence import keep_in_touch_reminder, next_keep_in_touch
from bot.reminders.dispatch_config import DispatchConfig, owner_of
from bot.reminders.freshness import outgrown, partner_of
from bot.reminders.outcomes import FAILED, defer, drop, is_late, retry
from bot.reminders.outgoing import Outgoing
from bot.reminders.prep import prep_sections
from bot.reminders.quiet import next_allowed
from bot.reminders.render import render_reminder
from bot.reply import Reply, Section
from bot.services import Services
from bot.states import INTRO_MESSAGE_KINDS, REQUEST_MESSAGE_KINDS

log = logging.getLogger(__name__)

MATCH = ReminderKind.MATCH_FOLLOW_UP.value
Prepared = Reply | Outgoing | Settlement


async def prepare_batch(
    services: Services,
    config: DispatchConfig,
    rows: Sequence[Reminder],
    now: datetime,
    follow_ons: dict[int, Reminder],
) -> list[Prepared]:
    """One entry per row, in order. A keep-in-touch nudge about to go out records its
    successor in `follow_ons`, written with the settlement if the send succeeds."""
    prepared: list[Prepared] = []
    async with services.uow() as uow:
        prefs_by_owner = dict(await uow.settings.get_many([owner_of(r) for r in rows]))
        match_ids = [r.match_id for r in rows if r.kind == MATCH and r.match_id is not None]
        matches = {m.id: m for m in await uow.matches.get_many(match_ids)} if match_ids else {}
        batch = _Batch(services, config, uow, now, prefs_by_owner, matches, follow_ons)
        for index, row in enumerate(rows):
            try:
                prepared.append(await batch.prepare(row))
            except Exception:
                log.exception("reminder %s could not be prepared", row.id)
                prepared.append(
                    retry(
                        row,
                        "internal error while preparing",
                        None,
                        config=config,
                        now=services.clock.now(),
                    )
                )
            if index % 50 == 49:
                await asyncio.sleep(0)
    return prepared


class _Batch:
    """What preparing one batch shares: its session, settings and matches."""

    def __init__(
        self,
        services: Services,
        config: DispatchConfig,
        uow: UnitOfWork,
        now: datetime,
        prefs_by_owner: dict[tuple[str, str, str], UserSettings],
        matches: dict[int | None, Match],
        follow_ons: dict[int, Reminder],
    ) -> None:
        self.services = services
        self.config = config
        self.uow = uow
        self.now = now
        self.prefs_by_owner = prefs_by_owner
        self.matches = matches
        self.follow_ons = follow_ons

    def _prefs(self, row: Reminder) -> UserSettings:
        owner = owner_of(row)
        prefs = self.prefs_by_owner.get(owner.key)
        if prefs is None:  # no settings row: every default applies
            prefs = self.prefs_by_owner[owner.key] = UserSettings(
                owner.platform,
                owner.workspace_id,
                owner.user_id,
                timezone=self.services.config.default_timezone,
            )
        return prefs

    async def _superseded(self, row: Reminder) -> str:
        """A prep sent late next to a later prep for the same conversation that is also
        due (the bot was down through both): only the later one goes."""
        if row.kind != ReminderKind.PREP.value or row.interview_id is None:
            return ""
        rows = await self.uow.reminders.list_for_interview(owner_of(row), row.interview_id)
        later = [
            r
            for r in rows
            if r.kind == row.kind
            and r.id != row.id
            and r.status in (ReminderStatus.PENDING.value, ReminderStatus.CLAIMED.value)
            and row.due_at < r.due_at <= self.now
        ]
        return "a later prep for this conversation is due too" if later else ""

    async def prepare(self, row: Reminder) -> Prepared:
        cfg, now, uow = self.config, self.now, self.uow
        rid = row.id or 0
        if row.attempts > cfg.max_attempts:
            # Claimed again and again without ever settling: a crash loop. Stop here.
            return Settlement(rid, FAILED, last_error=f"gave up after {cfg.max_attempts} tries")
        if row.kind in ROUND_KINDS:
            # A round's message, or a conversation or introduction request's: each has
            # its own rules for who hears it and when.
            if row.kind in REQUEST_MESSAGE_KINDS:
                ready = await prepare_request_message(uow, row, now)
            elif row.kind in INTRO_MESSAGE_KINDS:
                ready = await prepare_intro_message(uow, row, now)
            else:
                ready = await prepare_round_message(uow, row, now)
            if isinstance(ready, Skip):
                return defer(row, ready.wait_until) if ready.wait_until else drop(row, ready.why)
            return ready
        owner = owner_of(row)
        prefs = self._prefs(row)
        if prefs.paused:
            return defer(row, now + timedelta(seconds=cfg.pause_recheck_seconds))
        allowed = next_allowed(now, prefs)
        if allowed > now:
            return defer(row, allowed)
        contact = await uow.contacts.get(owner, row.contact_id) if row.contact_id else None
        interview = await uow.interviews.get(owner, row.interview_id) if row.interview_id else None
        other = None
        match = self.matches.get(row.match_id)
        if row.kind == MATCH:
            other = partner_of(match, row)
            if other is None:
                return drop(row, "the match was answered or the other member left")
        elif stale := outgrown(row, contact, interview, now=now) or await self._superseded(row):
            return drop(row, stale)
        if row.kind == ReminderKind.KEEP_IN_TOUCH.value and contact is not None:
            last = contact.last_interaction_at or row.created_at or row.due_at
            due = next_keep_in_touch(last, prefs, after=max(row.due_at, now))
            if due is not None:
                self.follow_ons[rid] = keep_in_touch_reminder(contact, due, now=now)
        prep: tuple[Section, ...] = ()
        if row.kind == ReminderKind.PREP.value and contact is not None:
            prep = await prep_sections(
                self.services.prep_pack, uow, owner, contact, now=now, interview=interview
            )
        items: Sequence[ActionItem] = ()
        referred: Sequence[ReferralRow] = ()
        if row.kind == ReminderKind.REFLECTION.value and interview is not None:
            referred = await _not_yet_talked_to(uow, owner, contact)
            # The plan for this conversation: its own items, and items added for the same
            # person without naming a conversation ("actions add … for:Priya").
            items = [
                i
                for i in await uow.action_items.list(owner, open_only=True)
                if i.interview_id == interview.id
                or (i.interview_id is None and i.contact_id == interview.contact_id)
            ]
        return render_reminder(
            row,
            contact=contact,
            interview=interview,
            prefs=prefs,
            prep=prep,
            late=is_late(row, now, cfg),
            other=other,
            match_number=match.number if row.kind == MATCH and match is not None else None,
            items=items,
            referred=referred,
            now=now,
        )


async def _not_yet_talked_to(
    uow: UnitOfWork, owner: Actor, contact: Contact | None
) -> list[ReferralRow]:
    """The people `contact` led the owner to, without a conversation of theirs yet (the
    light referral rows: a reflection needs their names and numbers, nothing more)."""
    if contact is None or contact.id is None:
        return []
    led_to = [r for r in await uow.contacts.referral_rows(owner) if r.referred_by_id == contact.id]
    if not led_to:
        return []
    ids = [r.id for r in led_to]
    talked = {i.contact_id for i in await uow.interviews.list(owner, contact_ids=ids)}
    return [c for c in led_to if c.id not in talked]
