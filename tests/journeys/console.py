"""One persona's console, driven the way a person uses it and read back line by line.

Why this shape: the journeys check what a person reads, so every reply and every
reminder has to be cut out of the console's output exactly, without sleeping and
guessing. Two things make that possible:

- After each line the persona types, the harness sends a fixed `help` line (it changes
  nothing). The console answers lines in order, so once that help text is printed,
  the reply before it is complete, and the reply is exactly the text in between.
- Reminders are printed by the same process as "🔔 to <user>: ...". Time only moves
  when the test rewrites the clock file; `advance` then waits until the journal
  shows every reminder due by then as settled (none pending or mid-send), so the
  reminders printed are all that will come for that moment, and none arrive later
  inside another reply.

The first-run guide only shows in a terminal, so a journey starts with a short pty
session (the guide, then the profile line typed at the prompt) and continues in one
piped console for the rest of the practice.
"""

from __future__ import annotations

import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from adapters.console.render import render
from bot.general.help import help_reply
from bot.registry import all_specs
from tests.console.terminal import PROMPT, PipedConsole, Terminal, console_env

#: Sent after each line: its answer marks the end of the reply before it.
MARK = "help checkin snooze"
#: That answer exactly as the console prints it (rendered here the way the console does).
MARK_ANSWER = render(help_reply(all_specs(), "checkin snooze")) + "\n"
WAIT = 30.0


class JourneyConsole:
    def __init__(self, tmp_path: Path, user: str, *, zone: str, start: datetime) -> None:
        self.user = user
        self.files = tmp_path / "files"
        self.db = tmp_path / "journal.sqlite3"
        self.clock = tmp_path / "clock"
        self.now = start
        self.clock.write_text(start.isoformat())
        self.env = console_env(
            tmp_path / "home",
            TZ=zone,
            INROADS_DATABASE_URL=f"sqlite+aiosqlite:///{self.db}",
            INROADS_TEST_MODE="1",
            INROADS_TEST_CLOCK_FILE=str(self.clock),
        )
        self.args = ("--files", str(self.files))
        self._out = tmp_path / f"{user}-console.txt"
        self._console: PipedConsole | None = None
        self._marks = 0  # MARK lines sent so far
        self._read = 0
        #: Reminders that a `say` made due at once (a plan at short notice).
        self.arrived: list[str] = []
        self.transcript: list[str] = []

    # -- the first run, in a terminal --------------------------------------------------

    def first_run(self, profile_line: str) -> tuple[str, str]:
        """The guide a new person sees before the prompt, and the screen after they type
        their profile line at it."""
        term = Terminal(["console", "--user", self.user, *self.args], self.env)
        try:
            screen = term.expect(PROMPT, limit=WAIT)
            guide = screen[screen.index("Welcome to Inroads") : screen.index(PROMPT)]
            typed_at = len(screen)
            term.type(profile_line + "\r")
            term.expect("School:", after=typed_at, limit=WAIT)
            after = term.expect(PROMPT, after=term.screen.index("School:", typed_at), limit=WAIT)
        finally:
            assert term.close() == 0, term.screen[-2000:]
        return guide.strip(), after[typed_at:]

    # -- the rest, piped -----------------------------------------------------------------

    def open(self) -> None:
        self._console = PipedConsole(self.user, self.env, self._out, args=self.args)
        assert self._roundtrip_raw() == MARK_ANSWER  # nothing printed before the first line

    def say(self, line: str, *, reminders: int = 0) -> str:
        """Type one line; return the reply.

        `reminders`: how many reminders this line makes due at once (a plan at short
        notice). The dispatcher may print them just before or just after the reply, so
        then the whole text printed is returned, and `arrived` holds the reminders."""
        self.transcript.append(f"{self.user}> {line}")
        self._send(line)
        if reminders:
            self._wait_settled(reminders)
        chunk = self._roundtrip()
        reply, delivered = self._split(chunk)
        assert len(delivered) == reminders, f"{len(delivered)} reminders after {line!r}"
        self.arrived = delivered
        return chunk.strip() if reminders else reply

    def advance(self, to: datetime, *, reminders: int) -> list[str]:
        """Move the clock to `to`; return the reminders that came due, as printed."""
        assert to > self.now, "time only moves forward in a journey"
        self.now = to
        self.clock.write_text(to.isoformat())
        self.transcript.append(f"-- clock: {to.isoformat()}")
        self._wait_settled(reminders)
        reply, delivered = self._split(self._roundtrip())
        assert reply == "", f"text that is not a reminder: {reply!r}"
        assert len(delivered) == reminders, delivered
        return delivered

    def close(self) -> str:
        """Leave the console (EOF); it must exit cleanly with nothing on stderr. What was
        typed and read is kept next to the journal, to read when a journey fails."""
        assert self._console is not None
        try:
            return self._console.finish()
        finally:
            self._out.with_name(f"{self.user}-transcript.txt").write_text(
                "\n\n".join(self.transcript) + "\n", encoding="utf-8"
            )

    # -- the journal on disk -------------------------------------------------------------

    def rows(self, sql: str, *params: object) -> list[tuple[object, ...]]:
        with sqlite3.connect(self.db, timeout=10) as db:
            return db.execute(sql, params).fetchall()

    def pending(self) -> list[tuple[object, ...]]:
        """(kind, due_at UTC) of this person's pending reminders, soonest first."""
        return self.rows(
            "SELECT kind, substr(due_at, 1, 16) FROM reminders "
            "WHERE user_id = ? AND status = 'pending' ORDER BY due_at, id",
            self.user,
        )

    # -- plumbing --------------------------------------------------------------------------

    def _send(self, line: str) -> None:
        assert self._console is not None
        self._console.say(line)

    def _out_text(self) -> str:
        return self._out.read_text(encoding="utf-8")

    def _until_mark(self, count: int) -> str:
        """Wait for the `count`-th answer to MARK; return the text since the last read."""
        assert self._console is not None
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            text = self._out_text()
            if text.count(MARK_ANSWER) >= count:
                end = _nth(text, MARK_ANSWER, count) + len(MARK_ANSWER)
                chunk = text[self._read : end]
                self._read = end
                return chunk
            assert self._console.process.poll() is None, text[-3000:]
            time.sleep(0.02)
        raise AssertionError(f"no answer within {WAIT} s:\n{self._out_text()[-3000:]}")

    def _roundtrip_raw(self) -> str:
        self._send(MARK)
        self._marks += 1
        return self._until_mark(self._marks)

    def _roundtrip(self) -> str:
        """Everything printed since the last read, up to the next MARK answer (removed)."""
        return self._roundtrip_raw()[: -len(MARK_ANSWER)]

    def _split(self, chunk: str) -> tuple[str, list[str]]:
        marker = f"\n🔔 to {self.user}: "
        assert chunk.count("🔔") == chunk.count(marker), f"someone else's reminder: {chunk}"
        reply, *delivered = chunk.split(marker)
        for text in delivered:
            self.transcript.append(f"🔔 {text.strip()}")
        if reply.strip():
            self.transcript.append(reply.strip())
        return reply.strip(), [text.strip() for text in delivered]

    def _wait_settled(self, reminders: int) -> None:
        """Until `reminders` more are printed and nothing due by now is left unsent."""
        due = self.now.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        printed = self._out_text()[self._read :].count(f"🔔 to {self.user}:")
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            unsettled = self.rows(
                "SELECT count(*) FROM reminders WHERE user_id = ? AND "
                "(status = 'claimed' OR (status = 'pending' AND due_at <= ?))",
                self.user,
                due,
            )[0][0]
            printed = self._out_text()[self._read :].count(f"🔔 to {self.user}:")
            if unsettled == 0 and printed >= reminders:
                return
            time.sleep(0.05)
        raise AssertionError(
            f"expected {reminders} reminders by {self.now}, saw {printed}; "
            f"pending: {self.pending()}\n{self._out_text()[self._read :][-3000:]}"
        )


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> datetime:
    """A moment of spring 2026 in UTC, when the journeys take place."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def _nth(text: str, needle: str, n: int) -> int:
    index = -1
    for _ in range(n):
        index = text.index(needle, index + 1)
    return index


def assert_lines(text: str, *expected: str) -> None:
    """Each expected line is a whole line of `text` (not a fragment of one)."""
    have = text.splitlines()
    missing = [line for line in expected if line not in have]
    assert not missing, f"missing lines {missing} in:\n{text}"
