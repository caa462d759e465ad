"""Render a neutral Reply as terminal text."""

from __future__ import annotations

from pathlib import Path

from bot.reply import Reply, Tone

_MARK = {Tone.ERROR: "✗ ", Tone.SUCCESS: "✓ ", Tone.WARNING: "! ", Tone.INFO: ""}


def render(reply: Reply, files_dir: Path | None = None) -> str:
    lines = [_MARK[reply.tone] + reply.plain_text()]
    for action in reply.actions:
        lines.append(f"  [{action.label}] → {action.command}")
    for attachment in reply.attachments:
        if files_dir is None:
            lines.append(f"  (file: {attachment.filename}, {len(attachment.content):,} bytes)")
            continue
        files_dir.mkdir(parents=True, exist_ok=True)
        path = files_dir / attachment.filename
        path.write_bytes(attachment.content)
        lines.append(f"  (saved {attachment.filename} to {path})")
    return "\n".join(lines)
