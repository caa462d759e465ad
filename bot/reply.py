"""The neutral rich message every handler returns and every adapter renders.

The core never formats Block Kit or Discord embeds; it describes *what* to show. Actions
carry the command line they stand for, so a button click is simply that command typed by
the person who clicked: one code path, no per-button handler, and a button that outlives a
restart (Discord persistent views, old Slack messages) still works.

A button that names a record also carries a :class:`Target`: what the record was when the
button was drawn. A click on a button whose record has since been deleted or has become
something else (`bot.buttons`) then says so and changes nothing, instead of acting on
whatever the number means today.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class Tone(StrEnum):
    INFO = "info"
    SUCCESS = "success"
    WARNING = "warning"
    ERROR = "error"


class TargetKind(StrEnum):
    """Kinds of record a button can act on (the tables whose ids buttons carry)."""

    INTERVIEW = "interview"
    REMINDER = "reminder"
    CONTACT = "contact"
    MATCH = "match"
    IMPORT = "import"


@dataclass(frozen=True, slots=True)
class Target:
    """The record a button acts on, as it was when the button was drawn.

    `id` is the number people see (`#3`): counted per person for their own records
    (storage/numbering.py), per workspace for a mentoring match. `detail`
    narrows the kind where a number alone could mislead: a reminder's kind (`thank-you`,
    `prep`, ...), so "Done" on a thank-you nudge never completes a keep-in-touch check-in
    that happens to hold the same number. `legacy` marks a button drawn when records
    were named by global ids (before these numbers): its number means nothing now.
    """

    kind: TargetKind
    id: int
    detail: str = ""
    legacy: bool = False

    @classmethod
    def of(cls, kind: TargetKind, record_id: int | None, detail: str = "") -> Target | None:
        """A target for a saved record; None for one without a number yet (nothing to guard)."""
        return None if record_id is None else cls(kind, record_id, detail)

    def token(self) -> str:
        detail = f":{self.detail}" if self.detail else ""
        # `n` says "a number people see"; tokens without it are from before (see legacy).
        return f"@{self.kind.value}:n{self.id}{detail}"


@dataclass(frozen=True, slots=True)
class Action:
    """A button: `command` is the text command it runs for whoever clicks it, and
    `target` the record it expects to find (checked before the command runs)."""

    label: str
    command: str
    style: str = "default"  # default | primary | danger
    target: Target | None = None

    @property
    def payload(self) -> str:
        """What the adapter stores in the button: `@reminder:n12:thank-you checkin done 12`.
        Shown to nobody; the console prints `command`, which is what a person types."""
        return self.command if self.target is None else f"{self.target.token()} {self.command}"


_PAYLOAD = re.compile(
    r"@(?P<kind>[a-z]{1,16}):(?P<numbered>n?)(?P<id>[0-9]{1,10})"
    r"(?::(?P<detail>[a-z-]{1,32}))? (?P<command>.+)",
    re.DOTALL,
)


#: Import buttons drawn before imports had numbers carried a global id and no target.
_OLD_IMPORT_STEP = re.compile(r"contact import (?:confirm|cancel|undo) #?(?P<id>[0-9]{1,10})\b.*")


def read_payload(value: str) -> tuple[Target | None, str]:
    """A button's stored value as (target, command). Buttons drawn before targets existed,
    and kinds this version does not know, run their command unguarded, as they always did;
    except an import step naming a batch, whose number could now mean another batch."""
    found = _PAYLOAD.fullmatch(value)
    if found is None:
        old = _OLD_IMPORT_STEP.fullmatch(value)
        if old is not None:
            return Target(TargetKind.IMPORT, int(old.group("id")), legacy=True), value
        return None, value
    command = found.group("command")
    try:
        kind = TargetKind(found.group("kind"))
    except ValueError:
        return None, command
    legacy = not found.group("numbered")
    return Target(kind, int(found.group("id")), found.group("detail") or "", legacy), command


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
    #: On a refusal: the command field it is about (`UsageError.field`), so a form can
    #: show it under that field; "" when none.
    about: str = ""

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


def error_reply(problem: str, example: str = "", hint: str = "", about: str = "") -> Reply:
    """A friendly rejection: what is wrong, and an example of what works."""
    text = problem
    if hint:
        text += f"\n{hint}"
    if example:
        text += f"\nTry: `{example}`"
    return Reply(text=text, tone=Tone.ERROR, about=about)
