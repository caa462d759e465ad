"""Run hostile command lines through the real dispatcher on a real SQLite database.

Each check asserts the contract every command owes a person typing nonsense: no
unhandled exception (the dispatcher's apology never appears and nothing is logged at
ERROR), a rejection explains itself, and a rejection writes nothing (row counts of every
table, read through the SQL engine, are unchanged).
"""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.console.render import render
from bot.bootstrap import build_dispatcher, build_services
from bot.dispatcher import INTERNAL_ERROR_TEXT, Dispatcher
from bot.domain import Actor
from bot.reply import Reply
from storage.engine import create_engine, session_factory
from storage.mapping import start_mappers
from storage.migrate import upgrade
from storage.uow import SqlUnitOfWorkFactory
from tests.dbstate import reflect, row_counts
from tests.fakes import FixedClock, RecordingNotifier

FUZZER = Actor("slack", "TFUZZ", "UFUZZ", "Fuzzy")
#: Discord's custom_id limit: a button's command must fit in it.
MAX_ACTION_CHARS = 100
_LEAK_WORDS = ("Traceback", "sqlalchemy", "asyncpg", "aiosqlite", 'File "', "IntegrityError")


class ErrorRecorder(logging.Handler):
    """Collects every ERROR-or-worse record, from any logger."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def assert_clear_rejection(line: str, reply: Reply) -> None:
    """A rejection says what is wrong, in words, and where it can, what would work."""
    text = reply.text.strip()
    assert text, f"empty rejection for {line!r}"
    # A word the person typed may be quoted back ("`aiosqlite` isn't an interview number").
    leaked = [w for w in _LEAK_WORDS if w in text and w not in line]
    assert not leaked, f"internals leak for {line!r}: {text!r}"
    first = text.splitlines()[0].strip()
    has_help = "Try:" in text or len(text.splitlines()) > 1
    is_sentence = len(first.split()) >= 4 and first[-1] in ".?!`)"
    assert has_help or is_sentence, f"unclear rejection for {line!r}: {text!r}"


def assert_reply_sane(line: str, reply: Reply, dispatcher: Dispatcher) -> None:
    """Properties of every reply adapters rely on, success or not."""
    render(reply)  # the console renderer must cope with anything a handler returns
    for action in reply.actions:
        assert len(action.command) <= MAX_ACTION_CHARS, (
            f"button command too long for Discord ({len(action.command)} chars) after {line!r}"
        )
        dispatcher.resolve(action.command)  # a button must name a real command


@dataclass
class FuzzHarness:
    engine: AsyncEngine
    dispatcher: Dispatcher
    tables: list[Table]
    errors: ErrorRecorder = field(default_factory=ErrorRecorder)
    examples: int = 0
    rejections: int = 0
    seconds: float = 0.0

    counts: dict[str, int] = field(default_factory=dict)

    @classmethod
    async def create(cls, db: Path, template: Path | None = None) -> FuzzHarness:
        """A harness on `db`; a copy of `template` (an already seeded database) if given."""
        start_mappers()
        if template is not None:
            shutil.copyfile(template, db)
        engine = create_engine(f"sqlite+aiosqlite:///{db}")
        await upgrade(engine)
        services = build_services(
            SqlUnitOfWorkFactory(session_factory(engine)),
            clock=FixedClock(),
            notifier=RecordingNotifier(),
        )
        harness = cls(engine, build_dispatcher(services), await reflect(engine))
        logging.getLogger().addHandler(harness.errors)
        return harness

    async def seed(self) -> None:
        """Give show/edit/delete something to act on: every spec's own example, once (a
        second round would make two "Ann Lee"s, and every example naming her ambiguous,
        so lines built from the examples could never get past that)."""
        for spec in self.dispatcher.specs:
            await self.check(spec.example)
        self.examples = self.rejections = 0

    async def check(self, line: str) -> Reply:
        self.errors.records.clear()
        if not self.counts:
            self.counts = await row_counts(self.engine, self.tables)
        started = time.perf_counter()
        reply = await self.dispatcher.run_text(FUZZER, line)
        self.seconds += time.perf_counter() - started
        self.examples += 1
        assert INTERNAL_ERROR_TEXT not in reply.text, f"unhandled exception for {line!r}"
        assert not self.errors.records, (
            f"ERROR logged for {line!r}: {self.errors.records[0].getMessage()}"
        )
        assert_reply_sane(line, reply, self.dispatcher)
        after = await row_counts(self.engine, self.tables)
        if reply.is_error:
            self.rejections += 1
            assert_clear_rejection(line, reply)
            assert after == self.counts, f"rejected {line!r} but rows changed: {after}"
        self.counts = after  # counted once per example: "before" is the previous "after"
        return reply

    async def close(self) -> None:
        logging.getLogger().removeHandler(self.errors)
        await self.engine.dispose()
