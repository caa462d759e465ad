"""The `checkin` command group, as one feature module for `bot.registry`."""

from __future__ import annotations

from bot.reminders import checkin, keep_in_touch, settings_cmd

SPECS = (*checkin.SPECS, *keep_in_touch.SPECS, *settings_cmd.SPECS)
