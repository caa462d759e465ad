"""Private text and capabilities are taken out of log lines; what operators need stays."""

from __future__ import annotations

import asyncio
import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from adapters.ops.logs import configure_logging
from adapters.ops.redact import REDACTED, Redactor, safe_message, safe_traceback
from storage.engine import create_engine
from tests.logcapture import restored_logging

NOTE = "HIV status positive"


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    with restored_logging() as buffer:
        yield buffer


@pytest.mark.parametrize(
    "url",
    [
        "https://hooks.slack.com/commands/T0001/1234567890/AbCdEfGhIjKlMnOp",
        "https://hooks.slack.com/actions/T0001/1234567890/AbCdEfGhIjKlMnOp",
        "https://proxy.example.org/actions/T0ABC12/99/AbCdEfGhIjKlMnOp",
        "https://discord.com/api/v10/interactions/1234/aW50ZXJhY3Rpb246MTIzNDU2/callback",
        "https://discord.com/api/v10/webhooks/5678/aW50ZXJhY3Rpb246MTIzNDU2/messages/@original",
    ],
)
def test_capability_urls_lose_their_secret_part(url: str) -> None:
    redacted = Redactor()(f"POST {url} responded with 429")
    assert "AbCdEfGhIjKlMnOp" not in redacted
    assert "aW50ZXJhY3Rpb246MTIzNDU2" not in redacted
    assert REDACTED in redacted
    assert redacted.startswith("POST https://")  # the host still says where it went


def test_message_fields_of_payload_dumps_are_redacted() -> None:
    dump = (
        "json: {'channel': 'D0ALICE', 'text': \"Jane's \\\"note\\\" on HIV\", 'blocks': "
        "[{'type': 'section', 'text': {'type': 'mrkdwn', 'text': 'HIV status positive'}}]}"
        ' body: {"content": "Zed Quux \\"quoted\\"", "embeds": [{"title": "Zed Quux"}]}'
        " form: text=Zed+Quux&channel=D1"
    )
    redacted = Redactor()(dump)
    assert "HIV" not in redacted
    assert "Quux" not in redacted
    assert "Jane" not in redacted
    assert "'channel': 'D0ALICE'" in redacted
    assert "channel=D1" in redacted
    assert "'type': 'mrkdwn'" in redacted


def test_an_exception_message_keeps_its_shape_without_the_values() -> None:
    class CheckViolation(Exception):
        pass

    error = CheckViolation(
        'new row for relation "interviews" violates check constraint "c"\n'
        f"DETAIL:  Failing row contains (1, slack, {NOTE})."
    )
    assert safe_message(error) == (
        "new row for relation [withheld] violates check constraint [withheld] "
        "(1 more lines [withheld])"
    )
    assert NOTE not in safe_message(KeyError(NOTE))
    assert NOTE not in safe_message(ValueError(f"Key (name)=({NOTE}) already exists"))
    assert safe_message(ConnectionRefusedError(111, "Connect call failed")) == (
        "[Errno 111] Connect call failed"
    )


def test_a_traceback_keeps_frames_and_chain_but_not_messages() -> None:
    def store(note: str) -> None:
        raise ValueError(f"invalid input for query argument $3: {note!r}")

    try:
        try:
            store(NOTE)
        except ValueError as inner:
            raise RuntimeError("statement failed") from inner
    except RuntimeError as outer:
        text = safe_traceback(outer)
    assert NOTE not in text
    assert "in store" in text
    assert "raise ValueError" in text
    assert "ValueError: invalid input for query argument $3: [withheld]" in text
    assert "direct cause of the following exception" in text
    assert text.rstrip().endswith("RuntimeError: statement failed")


def test_logged_exceptions_and_arguments_are_safe(stream: io.StringIO) -> None:
    configure_logging("DEBUG", "text", stream=stream)
    log = logging.getLogger("inroads.test")
    try:
        raise LookupError(f"no contact named {NOTE!r}")
    except LookupError as error:
        log.exception("lookup failed")
        log.warning("lookup failed: %s", error)
        log.error(error)
    out = stream.getvalue()
    assert out.count("lookup failed") == 2
    assert "LookupError: no contact named [withheld]" in out
    assert "HIV" not in out


async def test_asyncio_never_retrieved_messages_are_safe(stream: io.StringIO) -> None:
    configure_logging("INFO", "text", stream=stream)

    async def fails() -> None:
        raise KeyError(NOTE)

    loop = asyncio.get_running_loop()
    task = loop.create_task(fails())
    await asyncio.wait({task})
    loop.call_exception_handler({"message": "Task exception was never retrieved", "task": task})
    task.exception()  # retrieved now, so the garbage collector does not report it again
    out = stream.getvalue()
    assert "Task exception was never retrieved" in out
    assert "KeyError" in out
    assert "HIV" not in out


def test_payload_loggers_are_held_at_info_and_drivers_dropped(stream: io.StringIO) -> None:
    configure_logging("DEBUG", "text", stream=stream)
    assert logging.getLogger("inroads").isEnabledFor(logging.DEBUG)
    for name in ("slack_sdk.web.async_base_client", "discord.http", "aiohttp.client"):
        assert not logging.getLogger(name).isEnabledFor(logging.DEBUG)
    logging.getLogger("aiosqlite").setLevel(logging.DEBUG)  # lifted by hand: still dropped
    logging.getLogger("aiosqlite").debug("execute(%r, %r)", "INSERT ...", (NOTE,))
    logging.getLogger("slack_sdk").info("a warning-worthy thing")
    out = stream.getvalue()
    assert "HIV" not in out
    assert "INSERT" not in out
    assert "a warning-worthy thing" in out
    configure_logging("WARNING", "text", stream=stream)
    assert not logging.getLogger("slack_sdk").isEnabledFor(logging.INFO)


async def test_sqlalchemy_result_rows_at_debug_are_dropped(
    stream: io.StringIO, tmp_path: Path
) -> None:
    """SQLAlchemy at DEBUG logs every result row ("Row (…)") whatever hide_parameters
    says; the rows are positional, so they are dropped and the statements kept."""
    configure_logging("DEBUG", "json", stream=stream)
    engine = logging.getLogger("sqlalchemy.engine")
    saved = engine.level
    engine.setLevel(logging.DEBUG)  # lifted by hand, as an operator might
    database = create_engine(f"sqlite+aiosqlite:///{tmp_path}/rows.sqlite3")
    try:
        async with database.connect() as connection:
            row = (await connection.execute(text("SELECT :note AS note"), {"note": NOTE})).one()
        assert row.note == NOTE
    finally:
        await database.dispose()
        engine.setLevel(saved)
    out = stream.getvalue()
    assert "SELECT ? AS note" in out
    assert "HIV" not in out
