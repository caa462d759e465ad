"""Messages the bot starts on its own (reminders), printed to the console.

The output stream is looked up at each write, not kept: with the interactive prompt,
stdout is swapped for one that prints above the line being typed, and a reminder must go
through that one or it would break the prompt.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from adapters.console.render import render
from bot.domain import Actor
from bot.reply import Reply


class ConsoleNotifier:
    def __init__(
        self,
        out: TextIO | None = None,
        *,
        files_dir: Path | None = None,
        names: dict[str, str] | None = None,
    ) -> None:
        self._out: Callable[[], TextIO] = (lambda: out) if out is not None else _stdout
        self.files_dir = files_dir
        self.names = names if names is not None else {}

    def _write(self, text: str) -> None:
        out = self._out()
        out.write(text)
        out.flush()

    def _name(self, actor: Actor) -> str:
        return self.names.get(actor.user_id) or actor.display_name or actor.user_id

    async def send_dm(self, recipient: Actor, reply: Reply, *, idempotency_key: str) -> str:
        body = render(reply, self.files_dir, self.names)
        self._write(f"\n🔔 to {self._name(recipient)}: {body}\n")
        return f"console:{idempotency_key}"

    async def send_group(
        self, members: Sequence[Actor], reply: Reply, *, idempotency_key: str
    ) -> str:
        names = ", ".join(self._name(m) for m in members)
        self._write(f"\n🔔 to {names}: {render(reply, self.files_dir, self.names)}\n")
        return f"console:{idempotency_key}"

    async def post_to_channel(
        self, platform: str, workspace_id: str, channel: str, reply: Reply, *, idempotency_key: str
    ) -> str:
        self._write(f"\n📣 in {channel}: {render(reply, self.files_dir, self.names)}\n")
        return f"console:{idempotency_key}"


def _stdout() -> TextIO:
    return sys.stdout
