"""Render the core's neutral `Reply` as Block Kit, within Slack's limits.

Slack refuses a whole message (``invalid_blocks``) when one limit is broken, so every
limit is enforced here rather than hoped for: long text is split across sections, lists
are chunked, buttons are capped, and the block count is trimmed with a visible note.

The blocks are built as the JSON dicts Slack receives, one small function per shape,
not as `slack_sdk.models.blocks` objects: those validate and serialise reflectively on
every `to_dict`, which made rendering a typical answer and its JSON cost ~0.15 ms of CPU
instead of ~0.05 (about 5% of a loaded server's CPU per command). That the dicts are
exactly what those classes would produce, and valid by their rules, is a property test
instead (tests/slack/test_render.py: `Block.parse(d).to_dict() == d`). Keys are written
in the order slack_sdk writes them (sorted), so the JSON Slack receives is unchanged.

Buttons carry the command text they stand for in ``value``; every button shares one
``action_id`` pattern, so a single listener handles all of them: ``inroads_cmd_<n>`` in a
message only its reader sees, ``inroads_shared_<n>`` in one several people see (a group
DM, a channel), whose clicks are answered privately and never replace the message.
"""

from __future__ import annotations

import re
from typing import Any

from bot import mentions
from bot.reply import Action, Reply, Tone

ACTION_ID_PREFIX = "inroads_cmd_"
SHARED_ACTION_ID_PREFIX = "inroads_shared_"
ACTION_ID_PATTERN = re.compile(r"^inroads_(?:cmd|shared)_\d+$")

MAX_BLOCKS_MESSAGE = 50
MAX_BLOCKS_VIEW = 100
SECTION_TEXT_MAX = 3000
HEADER_MAX = 150
BUTTON_TEXT_MAX = 75
BUTTON_VALUE_MAX = 2000
FIELD_TEXT_MAX = 2000
FIELDS_PER_SECTION = 10
ELEMENTS_PER_ACTIONS = 25
CONTEXT_TEXT_MAX = 3000
FALLBACK_MAX = 3000

_TONE_MARK = {Tone.SUCCESS: "✅ ", Tone.WARNING: "⚠️ ", Tone.ERROR: "❌ ", Tone.INFO: ""}
#: An `@` that starts a word (`@here`, `@channel`, a user group's handle): Slack may parse
#: such words into live mentions, so typed ones get an invisible word joiner after the `@`.
_WORD_AT = re.compile(r"(?<![\w@])@(?=\w)")
WORD_JOINER = "\u2060"


def _typed(text: str) -> str:
    """Text a person typed, made inert: &, < and > escaped as Slack requires (so `<!here>`,
    `<@U1>` and `<!subteam^S1>` show as the characters typed), and word-start `@`s broken."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _WORD_AT.sub("@" + WORD_JOINER, text)


def _channel(ref: mentions.ChannelRef) -> str:
    return f"<#{ref.channel_id}|{ref.name}>" if ref.name else f"<#{ref.channel_id}>"


def escape(text: str) -> str:
    """mrkdwn for a core string: the core's own mention tokens (`bot.mentions`) become
    Slack mentions; everything else is typed or written text and can mention nobody."""
    return mentions.render(
        text, text_part=_typed, member_part=lambda user_id: f"<@{user_id}>", channel_part=_channel
    )


def plain(text: str) -> str:
    """For plain_text surfaces (headers, button labels), where Slack shows no mentions."""
    return mentions.plain(text)


def unescape(text: str) -> str:
    """Undo Slack's escaping of slash-command text; mentions stay `<@U…|name>`."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def chunk_text(text: str, limit: int = SECTION_TEXT_MAX) -> list[str]:
    """Split text into pieces under `limit`, preferring line breaks."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            if current:
                chunks.append(current)
                current = ""
            chunks.append(line[:limit])
            line = line[limit:]
        candidate = line if not current else current + "\n" + line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current:
        chunks.append(current)
    return chunks


def fallback_text(reply: Reply) -> str:
    """The `text` Slack shows in notifications and to screen readers."""
    mark = _TONE_MARK[reply.tone]
    return clip(mark + escape(reply.plain_text() or "Inroads"), FALLBACK_MAX)


#: One Block Kit block (or element, or text object) as the JSON dict Slack receives.
BlockDict = dict[str, Any]


def mrkdwn(text: str) -> BlockDict:
    """A mrkdwn text object; the caller has escaped `text` and kept it within its limit."""
    return {"text": text, "type": "mrkdwn"}


def header(text: str) -> BlockDict:
    """A header block; Slack only accepts plain_text there (emoji on, as slack_sdk sends)."""
    return {"text": {"emoji": True, "text": text, "type": "plain_text"}, "type": "header"}


def section(text: str) -> BlockDict:
    """A section holding one mrkdwn text (at most SECTION_TEXT_MAX characters)."""
    return {"text": mrkdwn(text), "type": "section"}


def fields_section(texts: list[str]) -> BlockDict:
    """A section of mrkdwn fields (at most FIELDS_PER_SECTION, each FIELD_TEXT_MAX)."""
    return {"fields": [mrkdwn(text) for text in texts], "type": "section"}


def context(text: str) -> BlockDict:
    """A context block with one mrkdwn element (at most CONTEXT_TEXT_MAX characters)."""
    return {"elements": [mrkdwn(text)], "type": "context"}


def button(label: str, action_id: str, value: str, style: str | None = None) -> BlockDict:
    """A button; `style` only when primary or danger (slack_sdk leaves a None style out)."""
    element: BlockDict = {"action_id": action_id}
    if style is not None:
        element["style"] = style
    element["text"] = {"emoji": True, "text": label, "type": "plain_text"}
    element["type"] = "button"
    element["value"] = value
    return element


def actions_block(elements: list[BlockDict]) -> BlockDict:
    """An actions block (1..ELEMENTS_PER_ACTIONS elements)."""
    return {"elements": elements, "type": "actions"}


def divider() -> BlockDict:
    return {"type": "divider"}


def buttons(
    actions: tuple[Action, ...], start: int = 0, *, shared: bool = False
) -> list[BlockDict]:
    """Buttons in actions blocks of at most 25; ids are unique within the message and say
    whether the message is `shared` (see the module docstring). A button with no label
    left to show (nothing but scrubbed characters) is left out: Slack refuses a button
    without text, and with it the whole message."""
    prefix = SHARED_ACTION_ID_PREFIX if shared else ACTION_ID_PREFIX
    usable = [
        (label, action)
        for action in actions
        if 0 < len(action.payload) <= BUTTON_VALUE_MAX
        and (label := clip(plain(action.label or action.command), BUTTON_TEXT_MAX))
    ]
    blocks: list[BlockDict] = []
    for offset in range(0, len(usable), ELEMENTS_PER_ACTIONS):
        elements = [
            button(
                label,
                f"{prefix}{start + offset + index}",
                action.payload,  # the command, and the record it expects
                action.style if action.style in {"primary", "danger"} else None,
            )
            for index, (label, action) in enumerate(usable[offset : offset + ELEMENTS_PER_ACTIONS])
        ]
        blocks.append(actions_block(elements))
    return blocks


def _sections(text: str) -> list[BlockDict]:
    return [section(c) for c in chunk_text(text) if c.strip()]


def render_blocks(
    reply: Reply,
    *,
    max_blocks: int = MAX_BLOCKS_MESSAGE,
    action_offset: int = 0,
    shared: bool = False,
) -> list[BlockDict]:
    """Block Kit for a reply: header, text, fields, lists, sections, footer, buttons."""
    blocks: list[BlockDict] = []
    mark = _TONE_MARK[reply.tone]
    # A header or footer with no text left (only scrubbed characters) is left out, as an
    # empty text object is invalid and would make Slack refuse the message.
    title = clip(mark + plain(reply.title), HEADER_MAX) if reply.title else ""
    if title:
        blocks.append(header(title))
        mark = ""
    if reply.text:
        blocks.extend(_sections(mark + escape(reply.text)))
    fields = [clip(f"*{escape(f.label)}*\n{escape(f.value)}", FIELD_TEXT_MAX) for f in reply.fields]
    for offset in range(0, len(fields), FIELDS_PER_SECTION):
        blocks.append(fields_section(fields[offset : offset + FIELDS_PER_SECTION]))
    if reply.items:
        blocks.extend(_sections("\n".join(f"• {escape(item)}" for item in reply.items)))
    for part in reply.sections:
        body = "\n".join(f"• {escape(line)}" for line in part.lines)
        blocks.extend(_sections(f"*{escape(part.heading)}*\n{body}"))
    footer = clip(escape(reply.footer), CONTEXT_TEXT_MAX) if reply.footer else ""
    if footer:
        blocks.append(context(footer))
    action_blocks = buttons(reply.actions, start=action_offset, shared=shared)
    room = max_blocks - len(action_blocks)
    if len(blocks) > room:
        hidden = len(blocks) - (room - 1)
        blocks = blocks[: room - 1]
        blocks.append(
            context(f"_{hidden} more part(s) not shown; narrow the command to see them._")
        )
    blocks.extend(action_blocks)
    if not blocks:
        blocks.append(section(mark + "Done."))
    return blocks
