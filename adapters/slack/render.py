"""Render the core's neutral `Reply` as Block Kit, within Slack's limits.

Slack refuses a whole message (``invalid_blocks``) when one limit is broken, so every
limit is enforced here rather than hoped for: long text is split across sections, lists
are chunked, buttons are capped, and the block count is trimmed with a visible note.
The `slack_sdk.models.blocks` classes validate the rest when they serialise.

Buttons carry the command text they stand for in ``value``; every button shares one
``action_id`` pattern (``inroads_cmd_<n>``), so a single listener handles all of them.
"""

from __future__ import annotations

import re
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.reply import Action, Reply, Tone

ACTION_ID_PREFIX = "inroads_cmd_"
ACTION_ID_PATTERN = re.compile(rf"^{ACTION_ID_PREFIX}\d+$")

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
# Slack's own markup that must survive escaping: user, channel and special mentions.
_SLACK_MARKUP = re.compile(r"(<[@#!][A-Za-z0-9^|_ .-]+>)")


def escape(text: str) -> str:
    """Escape &, < and > as Slack requires, keeping `<@U…>`-style mentions intact."""
    parts = _SLACK_MARKUP.split(text)
    out = []
    for index, part in enumerate(parts):
        if index % 2:
            out.append(part)
        else:
            out.append(part.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    return "".join(out)


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


def buttons(actions: tuple[Action, ...], start: int = 0) -> list[ActionsBlock]:
    """Buttons in actions blocks of at most 25; ids are unique within the message."""
    usable = [a for a in actions if 0 < len(a.payload) <= BUTTON_VALUE_MAX]
    blocks: list[ActionsBlock] = []
    for offset in range(0, len(usable), ELEMENTS_PER_ACTIONS):
        elements = []
        for index, action in enumerate(usable[offset : offset + ELEMENTS_PER_ACTIONS]):
            style = action.style if action.style in {"primary", "danger"} else None
            elements.append(
                ButtonElement(
                    text=clip(action.label or action.command, BUTTON_TEXT_MAX),
                    action_id=f"{ACTION_ID_PREFIX}{start + offset + index}",
                    value=action.payload,  # the command, and the record it expects
                    style=style,
                )
            )
        blocks.append(ActionsBlock(elements=elements))
    return blocks


def _sections(text: str) -> list[Block]:
    return [SectionBlock(text=MarkdownTextObject(text=c)) for c in chunk_text(text) if c.strip()]


def render_blocks(
    reply: Reply, *, max_blocks: int = MAX_BLOCKS_MESSAGE, action_offset: int = 0
) -> list[Block]:
    """Block Kit for a reply: header, text, fields, lists, sections, footer, buttons."""
    blocks: list[Block] = []
    mark = _TONE_MARK[reply.tone]
    if reply.title:
        blocks.append(HeaderBlock(text=clip(mark + reply.title, HEADER_MAX)))
        mark = ""
    if reply.text:
        blocks.extend(_sections(mark + escape(reply.text)))
    fields = [
        MarkdownTextObject(text=clip(f"*{escape(f.label)}*\n{escape(f.value)}", FIELD_TEXT_MAX))
        for f in reply.fields
    ]
    for offset in range(0, len(fields), FIELDS_PER_SECTION):
        blocks.append(SectionBlock(fields=fields[offset : offset + FIELDS_PER_SECTION]))
    if reply.items:
        blocks.extend(_sections("\n".join(f"• {escape(item)}" for item in reply.items)))
    for section in reply.sections:
        body = "\n".join(f"• {escape(line)}" for line in section.lines)
        blocks.extend(_sections(f"*{escape(section.heading)}*\n{body}"))
    if reply.footer:
        blocks.append(
            ContextBlock(
                elements=[MarkdownTextObject(text=clip(escape(reply.footer), CONTEXT_TEXT_MAX))]
            )
        )
    action_blocks = buttons(reply.actions, start=action_offset)
    room = max_blocks - len(action_blocks)
    if len(blocks) > room:
        hidden = len(blocks) - (room - 1)
        blocks = blocks[: room - 1]
        blocks.append(
            ContextBlock(
                elements=[
                    MarkdownTextObject(
                        text=f"_{hidden} more part(s) not shown; narrow the command to see them._"
                    )
                ]
            )
        )
    blocks.extend(action_blocks)
    if not blocks:
        blocks.append(SectionBlock(text=MarkdownTextObject(text=mark + "Done.")))
    return blocks


def to_dicts(blocks: list[Block]) -> list[dict[str, Any]]:
    return [block.to_dict() for block in blocks]


def divider() -> DividerBlock:
    return DividerBlock()
