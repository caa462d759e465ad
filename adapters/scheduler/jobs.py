"""Module-level job callables (APScheduler stores references to these, never closures)."""

from __future__ import annotations

import logging

from bot.reminders.dispatch import ReminderDispatcher

log = logging.getLogger(__name__)


async def run_dispatch(dispatcher: ReminderDispatcher) -> None:
    """One dispatcher tick: drain what is due. Errors are logged; the next tick retries."""
    try:
        stats = await dispatcher.run_once()
    except Exception:
        log.exception("reminder dispatch failed; the next tick will try again")
        return
    if stats.claimed:
        log.info(
            "reminders: %d claimed, %d sent, %d failed, %d retry, %d deferred",
            stats.claimed,
            stats.sent,
            stats.failed,
            stats.retried,
            stats.deferred,
        )
    if stats.rechecked:
        # Rows a crashed process left in flight: how many were found already delivered,
        # and how many went out again because the platform could not say.
        log.info(
            "reminders in flight at a crash: %d checked, %d already delivered, %d resent",
            stats.rechecked,
            stats.already_delivered,
            stats.unverified_resends,
        )
