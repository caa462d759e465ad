"""Messages the bot starts on its own, printed to the console."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from adapters.console.render import render
from bot.domain import Actor
from bot.reply import Reply


class ConsoleNotifier:
    def __init__(self, out: TextIO | None = None) -> None:
        self.out = out or sys.stdout

    async def send_dm(self, recipient: Actor, reply: Reply, *, idempotency_key: str) -> str:
        self.out.write(f"\n🔔 to {recipient.user_id}: {render(reply)}\n")
        self.out.flush()
        return f"console:{idempotency_key}"

    async def send_group(
        self, members: Sequence[Actor], reply: Reply, *, idempotency_key: str
    ) -> str:
        names = ", ".join(m.user_id for m in members)
        self.out.write(f"\n🔔 to {names}: {render(reply)}\n")
        self.out.flush()
        return f"console:{idempotency_key}"

    async def post_to_channel(
        self, platform: str, workspace_id: str, channel: str, reply: Reply, *, idempotency_key: str
    ) -> str:
        self.out.write(f"\n📣 in {channel}: {render(reply)}\n")
        self.out.flush()
        return f"console:{idempotency_key}"
