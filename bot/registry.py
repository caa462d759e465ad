"""Every command Inroads understands: the feature modules' SPECS, in help order."""

from __future__ import annotations

from functools import cache

from bot.commands import AnySpec
from bot.directory import feature as people_commands
from bot.directory import intros_feature as intro_commands
from bot.directory import requests_feature as request_commands
from bot.general import export as export_commands
from bot.general import help as help_commands
from bot.general import stats as stats_commands
from bot.journal import actions_cmd as action_commands
from bot.journal import (
    contact_edit,
    contact_import,
    contact_merge,
    contacts,
    interviews,
    manage,
    planning,
)
from bot.mentoring import feature as mentor_commands
from bot.outreach import commands as outreach_commands
from bot.outreach import who as outreach_who
from bot.questions import commands as questions_commands
from bot.reminders import feature as checkin_commands

FEATURES = (
    interviews,
    planning,
    manage,
    contacts,
    contact_edit,
    contact_merge,
    contact_import,
    action_commands,
    stats_commands,
    export_commands,
    checkin_commands,
    questions_commands,
    outreach_commands,
    outreach_who,
    mentor_commands,
    people_commands,
    request_commands,
    intro_commands,
    help_commands,
)


@cache
def all_specs() -> tuple[AnySpec, ...]:
    return tuple(spec for feature in FEATURES for spec in feature.SPECS)
