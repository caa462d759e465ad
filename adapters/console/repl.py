"""A line-by-line REPL over stdin: interactive, or scripted with a pipe.

    printf 'interview log "Jane Doe" company:Acme\ninterview list\n' | inroads console

Reads one command per line, prints the rendered reply, exits cleanly on EOF or `quit`.
Reading stdin happens in a worker thread so reminders due while you type still print.
"""

from __future__ import annotations

import asyncio
import getpass
import os
import sys
from pathlib import Path
from typing import TextIO

from adapters.console.render import render
from bot.dispatcher import Dispatcher
from bot.domain import Actor

CONSOLE_PLATFORM = "console"
CONSOLE_WORKSPACE = "local"
PROMPT = "inroads> "
GREETING = "Inroads console. Type `help` for commands, `quit` (or Ctrl-D) to leave."


def console_actor(user: str | None = None) -> Actor:
    name = user or os.environ.get("INROADS_CONSOLE_USER") or getpass.getuser() or "me"
    return Actor(CONSOLE_PLATFORM, CONSOLE_WORKSPACE, name, display_name=name)


async def run_console(
    dispatcher: Dispatcher,
    actor: Actor,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    files_dir: Path | None = None,
) -> None:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    interactive = stdin.isatty()
    if interactive:
        stdout.write(GREETING + "\n")
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            break
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        if text.lower() in {"quit", "exit"}:
            break
        reply = await dispatcher.run_text(actor, text)
        stdout.write(render(reply, files_dir) + "\n")
        stdout.flush()
