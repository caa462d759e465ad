"""Run the real console in a pseudo-terminal, as a person at a keyboard would.

The console only shows its prompt, greeting and guide when stdin is a terminal, so these
tests give it one (a pty) and read what it draws. prompt_toolkit's drawing is ANSI escape
sequences; `screen_text` strips them to the characters a person would read.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from typing import IO

PROMPT = "inroads>"
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]|\r")


def console_env(home: Path, **extra: str) -> dict[str, str]:
    """A clean environment whose data, state and config live under `home`."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("INROADS_", "SLACK_", "DISCORD_", "XDG_"))
    }
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
        XDG_CONFIG_HOME=str(home / "config"),
        TERM="xterm",
        # prompt_toolkit asks the terminal where the cursor is; a pty has nobody to answer.
        PROMPT_TOOLKIT_NO_CPR="1",
        INROADS_DISPATCH_INTERVAL_SECONDS="0.2",
    )
    env.update(extra)
    return env


def screen_text(raw: bytes) -> str:
    return _ANSI.sub("", raw.decode("utf-8", errors="replace"))


class Terminal:
    """One console process on a pty; `expect` reads until some text appears."""

    def __init__(self, args: list[str], env: dict[str, str], cwd: Path | None = None) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 200, 0, 0))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "adapters.cli", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=cwd,
            close_fds=True,
        )
        os.close(slave)
        self.master = master
        self.raw = b""

    def expect(self, text: str, *, after: int = 0, limit: float = 60.0) -> str:
        """Everything shown so far once `text` appears (after screen offset `after`)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            screen = screen_text(self.raw)
            if text in screen[after:]:
                return screen
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    break
                self.raw += chunk
        raise AssertionError(f"{text!r} never appeared; screen:\n{screen_text(self.raw)[-3000:]}")

    def type(self, text: str) -> None:
        data = text.encode()
        while data:  # the pty's buffer is small: write what fits, read the echo, repeat
            _, writable, _ = select.select([], [self.master], [], 5)
            if writable:
                written = os.write(self.master, data[:1024])
                data = data[written:]
            ready, _, _ = select.select([self.master], [], [], 0)
            if ready:
                self.raw += os.read(self.master, 65536)

    @property
    def screen(self) -> str:
        return screen_text(self.raw)

    def close(self) -> int:
        try:
            end = time.monotonic() + 30
            sent = 0.0
            while self.process.poll() is None and time.monotonic() < end:
                if time.monotonic() - sent > 1.0:
                    # Ctrl-D: leave. Again each second: one typed in the instant between
                    # two prompts (the terminal is not in raw mode then) can be lost.
                    self.type("\x04")
                    sent = time.monotonic()
                ready, _, _ = select.select([self.master], [], [], 0.1)
                if ready:
                    try:
                        self.raw += os.read(self.master, 65536)
                    except OSError:
                        break
            return self.process.wait(timeout=30)
        finally:
            if self.process.poll() is None:
                self.process.kill()
            os.close(self.master)


def run_piped(
    args: list[str], script: str, env: dict[str, str], cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli", *args],
        input=script,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


class PipedConsole:
    """A console whose stdin stays open, so it keeps running between lines."""

    def __init__(
        self, user: str, env: dict[str, str], out: Path, *, args: tuple[str, ...] = ()
    ) -> None:
        self.out_path = out
        self._out: IO[str] = out.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "adapters.cli", "console", "--user", user, *args],
            stdin=subprocess.PIPE,
            stdout=self._out,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )

    def say(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def wait_for(self, text: str, limit: float = 90.0) -> None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            if text in self.out_path.read_text():
                return
            assert self.process.poll() is None, self.out_path.read_text()
            time.sleep(0.1)
        raise AssertionError(f"{text!r} never printed:\n{self.out_path.read_text()}")

    def finish(self) -> str:
        try:
            assert self.process.stdin is not None
            self.process.stdin.close()
            assert self.process.wait(timeout=60) == 0
            assert self.process.stderr is not None
            assert self.process.stderr.read() == ""
        finally:
            if self.process.poll() is None:
                self.process.kill()
            self._out.close()
        return self.out_path.read_text()
