"""Every command Inroads understands: the feature modules' SPECS, in help order."""

from __future__ import annotations

from functools import cache

from bot.commands import AnySpec
from bot.general import help as help_commands
from bot.journal import interviews

FEATURES = (
    interviews,
    help_commands,
)


@cache
def all_specs() -> tuple[AnySpec, ...]:
    return tuple(spec for feature in FEATURES for spec in feature.SPECS)
