"""Every `mentor` command, in help order."""

from __future__ import annotations

from bot.mentoring import activity, admin, config, followup, polls, profiles, rules

SPECS = (
    *profiles.SPECS,
    *rules.SPECS,
    *polls.SPECS,
    *activity.SPECS,
    *followup.SPECS,
    *config.SPECS,
    *admin.SPECS,
)
