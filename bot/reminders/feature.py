"""The `checkin` command group, as one feature module for `bot.registry`."""

from __future__ import annotations

from bot.reminders import checkin, settings_cmd

SPECS = (*checkin.SPECS, *settings_cmd.SPECS)
