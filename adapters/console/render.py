"""Render a neutral Reply as plain terminal text, saving any files it carries.

Why rewrite the text here: the core writes for chat apps, where `code`, *bold*, slash
commands and mentions (the core's neutral tokens, `bot.mentions`, and `<@id>` typed by
people) are formatted by the app. A terminal shows them raw, so the console turns them
into what a person would write: the command without its slash or back-ticks, and a
person's name instead of a token.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from bot import mentions
from bot.reply import Reply, Tone

_MARK = {Tone.ERROR: "✗ ", Tone.SUCCESS: "✓ ", Tone.WARNING: "! ", Tone.INFO: ""}

#: <@U123>, <@!123>, <@U123|Ann Lee>: the label when there is one, else the id's name.
_MENTION = re.compile(r"<@!?([^>|\s]+)(?:\|([^>]*))?>")
#: <#C123|general> and <#123>: channels, shown as #name.
_CHANNEL = re.compile(r"<#([^>|\s]+)(?:\|([^>]*))?>")
#: `code` and *bold* pairs whose inside does not start or end with a space.
_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"(?<![\w*])\*(\S(?:[^*\n]*\S)?)\*(?![\w*])")


@cache
def _slash_commands() -> re.Pattern[str]:
    """/interview, /inroads ...: the command groups the core knows, at a word's start."""
    from bot.registry import all_specs

    groups = sorted({spec.path[0] for spec in all_specs()} | {"help"}, key=len, reverse=True)
    return re.compile(r"(?<![^\s(\[\"'“])/(" + "|".join(map(re.escape, groups)) + r")\b")


def plain(text: str, names: Mapping[str, str] | None = None) -> str:
    """Chat formatting to plain text; `names` maps a user id to the name to show."""
    known = names or {}
    text = mentions.plain(text, lambda user_id: known.get(user_id, user_id))
    text = _MENTION.sub(lambda m: m.group(2) or known.get(m.group(1), m.group(1)), text)
    text = _CHANNEL.sub(lambda m: "#" + (m.group(2) or m.group(1)), text)
    text = _CODE.sub(r"\1", text)
    text = _BOLD.sub(r"\1", text)
    return _slash_commands().sub(r"\1", text)


def typed(command: str, names: Mapping[str, str] | None = None) -> str:
    """A button's command as a person would type it: a member it names is `@id` (what
    the console reads back as that member), not their display name, which typed after
    `people ask` would name nobody."""
    return plain(_MENTION.sub(lambda m: "@" + m.group(1), command), names)


def save_files(reply: Reply, files_dir: Path | None) -> list[str]:
    """Write each attachment into `files_dir` (never over an older file) and say where."""
    lines: list[str] = []
    for attachment in reply.attachments:
        if files_dir is None:
            lines.append(f"  (file: {attachment.filename}, {len(attachment.content):,} bytes)")
            continue
        try:
            path = _free_path(files_dir, attachment.filename)
            path.write_bytes(attachment.content)
        except OSError as exc:
            lines.append(
                f"  I couldn't save {attachment.filename} in {files_dir} ({exc.strerror}). "
                "Choose another folder with --files."
            )
            continue
        lines.append(f"  Saved {path.name} to {path}")
    return lines


def _free_path(files_dir: Path, filename: str) -> Path:
    """`funnel.png`, then `funnel-2.png`...: a second export never replaces the first."""
    files_dir.mkdir(parents=True, exist_ok=True)
    name = Path(filename).name or "file"  # never a path from the reply
    candidate = files_dir / name
    stem, suffix = Path(name).stem, Path(name).suffix
    number = 2
    while candidate.exists():
        candidate = files_dir / f"{stem}-{number}{suffix}"
        number += 1
    return candidate


def render(
    reply: Reply, files_dir: Path | None = None, names: Mapping[str, str] | None = None
) -> str:
    lines = [_MARK[reply.tone] + plain(reply.plain_text(), names)]
    for action in reply.actions:
        lines.append(f"  [{plain(action.label, names)}] → {typed(action.command, names)}")
    lines.extend(save_files(reply, files_dir))
    return "\n".join(lines)
