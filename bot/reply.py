"""The neutral rich message every handler returns and every adapter renders.

The core never formats Block Kit or Discord embeds; it describes *what* to show. Actions
carry the command line they stand for, so a button click is simply that command typed by
the person who clicked: one code path, no per-button handler, and a button that outlives a
restart (Discord persistent views, old Slack messages) still works.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Tone(StrEnum):
    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Action:
    """A button: `command` is the text command it runs for whoever clicks it."""

    label: str
    command: str
    style: str = "default"  # default | primary | danger


@dataclass(frozen=True, slots=True)
class Field:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class Section:
    """A headed list inside a reply (e.g. "Questions" in a prep pack)."""

    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file to attach (funnel PNG, `.ics`, export)."""

    filename: str
    content: bytes
    mime_type: str
    title: str = ""


@dataclass(frozen=True)
class Reply:
    text: str = ""
    title: str = ""
    fields: tuple[Field, ...] = ()
    items: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    tone: Tone = Tone.INFO
    ephemeral: bool = True
    sections: tuple[Section, ...] = ()
    footer: str = ""

    @property
    def is_error(self) -> bool:
        return self.tone is Tone.ERROR

    def plain_text(self) -> str:
        """Everything in the reply as readable text: console output and notification fallbacks."""
        parts: list[str] = []
        if self.title:
            parts.append(self.title)
        if self.text:
            parts.append(self.text)
        parts.extend(f"{f.label}: {f.value}" for f in self.fields)
        parts.extend(f"• {item}" for item in self.items)
        for section in self.sections:
            parts.append(section.heading)
            parts.extend(f"• {line}" for line in section.lines)
        if self.footer:
            parts.append(self.footer)
        return "\n".join(parts)


def error_reply(problem: str, example: str = "", hint: str = "") -> Reply:
    """A friendly rejection: what is wrong, and an example of what works."""
    text = problem
    if hint:
        text += f"\n{hint}"
    if example:
        text += f"\nTry: `{example}`"
    return Reply(text=text, tone=Tone.ERROR)
