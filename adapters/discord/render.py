"""A neutral Reply as a Discord embed, a view of persistent buttons, and files.

Discord refuses a message whose embed breaks a limit (description 4,096 characters, field
value 1,024, 25 fields, 6,000 in total), so everything is cut to fit here, with a visible
marker, rather than failing the send. Buttons carry their command in the custom id
(``inroads:<guild>:<command>``, at most 100 characters): a button whose command does not
fit is left out and logged, never sent broken.
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any

import discord

from adapters.discord.buttons import CommandButton
from adapters.discord.ids import (
    CUSTOM_ID_MAX,
    CUSTOM_ID_TEMPLATE,
    custom_id,
    custom_id_matches,
    decode_guild,
    encode_guild,
)
from bot import mentions
from bot.reply import Action, Reply, Tone

#: The button ids live in `ids.py` (a leaf, so buttons need not import this module);
#: named here too, where tests and handlers have always found them.
__all__ = [
    "CUSTOM_ID_MAX",
    "CUSTOM_ID_TEMPLATE",
    "CommandButton",
    "custom_id",
    "custom_id_matches",
    "decode_guild",
    "encode_guild",
]

log = logging.getLogger(__name__)

EMBED_TOTAL = 6_000
DESCRIPTION_MAX = 4_096
FIELD_VALUE_MAX = 1_024
FIELD_NAME_MAX = 256
FIELDS_MAX = 25
TITLE_MAX = 256
FOOTER_MAX = 2_048
BUTTON_LABEL_MAX = 80
BUTTONS_MAX = 25

COLOURS = {
    Tone.INFO: discord.Colour.blurple(),
    Tone.SUCCESS: discord.Colour.green(),
    Tone.WARNING: discord.Colour.gold(),
    Tone.ERROR: discord.Colour.red(),
}
STYLES = {
    "primary": discord.ButtonStyle.primary,
    "danger": discord.ButtonStyle.danger,
    "default": discord.ButtonStyle.secondary,
}
#: Where typed text could form a mention: `<@1>`, `<@&1>`, `<#1>`, `</cmd:1>`, and the
#: `@everyone` / `@here` broadcasts. A zero-width space breaks each; it shows as nothing.
_TYPED_MARKUP = re.compile(r"<(?=[@#/])")
_TYPED_BROADCAST = re.compile(r"@(?=(?:everyone|here)\b)")
ZERO_WIDTH_SPACE = "\u200b"


def _typed(text: str) -> str:
    text = _TYPED_MARKUP.sub("<" + ZERO_WIDTH_SPACE, text)
    return _TYPED_BROADCAST.sub("@" + ZERO_WIDTH_SPACE, text)


def rich(text: str) -> str:
    """A core string for a surface that shows mentions (description, field values): the
    core's own tokens (`bot.mentions`) become Discord mentions, typed text stays inert."""
    return mentions.render(
        text,
        text_part=_typed,
        member_part=lambda user_id: f"<@{user_id}>",
        channel_part=lambda ref: f"<#{ref.channel_id}>",
    )


def flat(text: str) -> str:
    """For surfaces that show no mentions (titles, field names, footers, button labels)."""
    return _typed(mentions.plain(text))


def allowed_mentions(reply: Reply) -> discord.AllowedMentions:
    """Pings only for the members the core mentions on purpose; never everyone, here or a
    role, whatever the text holds."""
    texts = [reply.text, *reply.items, *(f.value for f in reply.fields)]
    texts += [line for s in reply.sections for line in (s.heading, *s.lines)]
    users = [discord.Object(int(u)) for u in sorted(mentions.members_in(*texts)) if u.isdigit()]
    return discord.AllowedMentions(everyone=False, users=users, roles=False, replied_user=False)


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _description(reply: Reply, limit: int) -> str:
    parts: list[str] = []
    if reply.text:
        parts.append(rich(reply.text))
    if reply.items:
        parts.append("\n".join(f"• {rich(item)}" for item in reply.items))
    return cut("\n\n".join(parts), min(DESCRIPTION_MAX, limit))


def build_embed(reply: Reply) -> discord.Embed:
    """Title, text and list items, fields (sections become fields too), tone as colour.

    The 6,000-character total is shared out in reading order: title, footer (a short
    hint, capped at 1,000), description, then fields while room remains.
    """
    title = cut(flat(reply.title), TITLE_MAX)
    footer = cut(flat(reply.footer), min(FOOTER_MAX, 1_000))
    budget = EMBED_TOTAL - len(title) - len(footer)
    description = _description(reply, budget)
    budget -= len(description)
    embed = discord.Embed(
        title=title or None, description=description or None, colour=COLOURS[reply.tone]
    )
    pairs = [(flat(f.label), rich(f.value)) for f in reply.fields]
    pairs += [
        (flat(s.heading), "\n".join(f"• {rich(line)}" for line in s.lines)) for s in reply.sections
    ]
    for index, (label, value) in enumerate(pairs):
        if index == FIELDS_MAX - 1 and len(pairs) > FIELDS_MAX:
            label, value = "…", f"{len(pairs) - index} more not shown here"
        name = cut(label or "\u200b", FIELD_NAME_MAX)
        room = budget - len(name)
        if room < 2:
            break
        text = cut(value or "\u200b", min(FIELD_VALUE_MAX, room))
        embed.add_field(name=name, value=text, inline=len(text) < 40)
        budget -= len(name) + len(text)
        if index == FIELDS_MAX - 1:
            break
    if footer:
        embed.set_footer(text=footer)
    return embed


def build_view(actions: tuple[Action, ...], guild_id: str | None = None) -> discord.ui.View | None:
    """Persistent buttons (no timeout) whose ids carry their command; None when none fit."""
    view = discord.ui.View(timeout=None)
    for action in actions[:BUTTONS_MAX]:
        # The payload names the record the button expects; a long one that cannot fit
        # keeps its plain command (such a click acts unchecked, as all clicks once did).
        ident = custom_id(action.payload, guild_id) or custom_id(action.command, guild_id)
        if ident is None:
            log.warning(
                "button %r left out: its command does not fit a %d-character custom id",
                action.label,
                CUSTOM_ID_MAX,
            )
            continue
        view.add_item(
            CommandButton(
                ident,
                label=cut(flat(action.label), BUTTON_LABEL_MAX),
                style=STYLES.get(action.style, discord.ButtonStyle.secondary),
            )
        )
    return view if view.children else None


def build_files(reply: Reply) -> list[discord.File]:
    return [
        discord.File(io.BytesIO(a.content), filename=a.filename, description=a.title or None)
        for a in reply.attachments
    ]


def render(reply: Reply, guild_id: str | None = None) -> dict[str, Any]:
    """Keyword arguments for `send`/`followup.send`: embed, allowed mentions, view (if
    any), files (if any)."""
    kwargs: dict[str, Any] = {
        "embed": build_embed(reply),
        "allowed_mentions": allowed_mentions(reply),
    }
    view = build_view(reply.actions, guild_id)
    if view is not None:
        kwargs["view"] = view
    files = build_files(reply)
    if files:
        kwargs["files"] = files
    return kwargs
