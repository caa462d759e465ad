"""Button ids: `inroads:<guild in base 36>:<command>`, at most 100 characters.

A leaf module so the button class (buttons.py) and the renderer (render.py) can both
read it without importing each other.
"""

from __future__ import annotations

import re

CUSTOM_ID_MAX = 100
CUSTOM_ID_TEMPLATE = r"inroads:(?P<guild>[0-9a-z]*):(?P<command>.+)"
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def encode_guild(guild_id: str | int | None) -> str:
    """A guild snowflake in base 36: 13 characters instead of 19, more room for the command."""
    if guild_id is None or str(guild_id) == "":
        return ""
    number = int(guild_id)
    out = ""
    while True:
        number, digit = divmod(number, 36)
        out = _DIGITS[digit] + out
        if number == 0:
            return out


def decode_guild(encoded: str) -> str | None:
    return str(int(encoded, 36)) if encoded else None


def custom_id(command: str, guild_id: str | int | None = None) -> str | None:
    """The button id for `command`; `guild_id` is set for DMs, where no guild is implied."""
    value = f"inroads:{encode_guild(guild_id)}:{command}"
    if len(value) > CUSTOM_ID_MAX or not re.fullmatch(CUSTOM_ID_TEMPLATE, value):
        return None
    return value


def custom_id_matches(value: str) -> bool:
    return re.fullmatch(CUSTOM_ID_TEMPLATE, value) is not None
