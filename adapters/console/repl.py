"""The console's read-eval-print loop: a real prompt in a terminal, lines from a pipe.

    printf 'interview log "Jane Doe" company:Acme\ninterview list\n' | inroads console

In a terminal it is a prompt_toolkit prompt: history (arrow keys, kept between runs),
line editing, and reminders that arrive while you type print above the prompt instead of
through it. It also reads the terminal raw, so a pasted line is never cut at the 4,095
bytes the terminal's own line editor allows. Piped, it reads stdin line by line (scripts
and tests rely on exactly that), one reply per line, and exits cleanly on EOF or `quit`.
"""

from __future__ import annotations

import asyncio
import contextlib
import getpass
import logging
import os
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TextIO

from prompt_toolkit import PromptSession
from prompt_toolkit.history import FileHistory, History, InMemoryHistory
from prompt_toolkit.patch_stdout import patch_stdout

from adapters.console.files import file_command
from adapters.console.render import render
from adapters.inbound import Inbound, Request, Visibility
from bot.dispatcher import Dispatcher
from bot.domain import Actor
from bot.reply import Reply, Tone

log = logging.getLogger(__name__)

CONSOLE_PLATFORM = "console"
CONSOLE_WORKSPACE = "local"
PROMPT = "inroads> "
#: How a crash in a console command is logged (then apologised for on screen).
WHERE = "console command"
#: Linux's terminal line editor keeps at most this many bytes of one line (then drops).
TTY_LINE_LIMIT = 4095
CUT_LINE = Reply(
    text=(
        f"That line reached {TTY_LINE_LIMIT:,} bytes, the most this terminal passes on, so "
        "the end was probably cut off. I didn't run it, and nothing changed. Shorten it, "
        "or split long notes over two commands (interview edit adds notes later)."
    ),
    tone=Tone.ERROR,
)


def console_actor(user: str | None = None) -> Actor:
    name = user or os.environ.get("INROADS_CONSOLE_USER") or getpass.getuser() or "me"
    return Actor(CONSOLE_PLATFORM, CONSOLE_WORKSPACE, name, display_name=name)


def looks_cut(line: str, *, from_terminal: bool) -> bool:
    """A line read through the terminal's own editor that fills its buffer was cut."""
    return from_terminal and len(line.rstrip("\r\n").encode()) >= TTY_LINE_LIMIT


async def run_console(
    dispatcher: Dispatcher,
    actor: Actor,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    files_dir: Path | None = None,
    names: Mapping[str, str] | None = None,
    greeting: Sequence[str] = (),
    history_file: Path | None = None,
) -> None:
    """Answer each line until EOF or `quit`; `greeting` prints first, in a terminal only."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    inbound = Inbound(dispatcher, max_concurrent=1)  # one person, one line at a time
    interactive = stdin.isatty()
    if interactive and stdin is sys.stdin and stdout is sys.stdout and stdout.isatty():
        session = _prompt_session(history_file)
        if session is not None:
            printer = Printer(lambda text: print(text, flush=True), files_dir, names)
            await _prompt_loop(session, inbound, actor, printer, greeting)
            return

    def write(text: str) -> None:
        stdout.write(text + "\n")
        stdout.flush()

    printer = Printer(write, files_dir, names)
    if interactive:
        stdout.write("".join(line + "\n" for line in greeting))
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = await asyncio.to_thread(stdin.readline)
        if not line:
            break
        if looks_cut(line, from_terminal=interactive):
            stdout.write(render(CUT_LINE) + "\n")
            continue
        if not await _answer(inbound, actor, line, printer):
            break


class Printer:
    """The console's `adapters.inbound.Surface`: every answer is printed for the one
    person at this terminal (private by nature); files were saved by `render`, which
    says where, so there is no DM to send them to."""

    def __init__(
        self,
        write: Callable[[str], None],
        files_dir: Path | None = None,
        names: Mapping[str, str] | None = None,
    ) -> None:
        self.write = write
        self.files_dir = files_dir
        self.names = names

    async def first_contact(self, actor: Actor) -> None:
        return None  # the machine's zone was learned at start (component.learn_zone)

    async def answer(self, reply: Reply, visibility: Visibility) -> None:
        self.write(render(reply, self.files_dir, self.names))

    async def files_to_dm(self, reply: Reply) -> None:
        return None

    async def apologise(self, reply: Reply) -> None:
        self.write(render(reply))


async def _answer(inbound: Inbound, actor: Actor, line: str, printer: Printer) -> bool:
    """Answer one line through the shared pipeline; False when it asks to leave."""
    text = line.strip()
    if not text or text.startswith("#"):
        return True
    if text.lower() in {"quit", "exit"}:
        return False
    async with inbound.slots:
        by_file = await file_command(inbound.dispatcher, actor, text)
    if by_file is not None:
        await inbound.deliver(by_file, Visibility.PRIVATE, printer)
        return True
    await inbound.command(actor, Request(text), printer, shared_place=False, where=WHERE)
    return True


def _prompt_session(history_file: Path | None) -> PromptSession[str] | None:
    """A prompt_toolkit session, or None when this terminal can't run one."""
    try:
        history: History = InMemoryHistory()
        if history_file is not None:
            with contextlib.suppress(OSError):
                history_file.parent.mkdir(parents=True, exist_ok=True)
                history = FileHistory(str(history_file))
        return PromptSession[str](history=history)
    except Exception:
        log.warning("falling back to the plain line reader", exc_info=True)
        return None


async def _prompt_loop(
    session: PromptSession[str],
    inbound: Inbound,
    actor: Actor,
    printer: Printer,
    greeting: Sequence[str],
) -> None:
    for line in greeting:
        print(line)
    # Everything printed while the prompt is up (replies, reminders, any log line sent
    # to stderr) goes above it, and the line being typed is redrawn below.
    with patch_stdout():
        while True:
            try:
                text = await session.prompt_async(PROMPT)
            except KeyboardInterrupt:
                continue  # Ctrl-C clears the line, as in most shells
            except EOFError:
                break
            if not await _answer(inbound, actor, text, printer):
                break


def history_name(user: str) -> str:
    """A file name for one console user's history (their name, filesystem-safe)."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", user)[:80] or "me"
