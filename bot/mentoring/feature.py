"""Every `mentor` command, in help order."""

from __future__ import annotations

from bot.mentoring import admin, config, followup, profiles

SPECS = (*profiles.SPECS, *followup.SPECS, *config.SPECS, *admin.SPECS)
