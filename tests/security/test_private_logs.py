"""Private text never reaches a log line, even when a statement fails halfway.

The bot runs with the production logging set-up (redacting filter, JSON lines) at DEBUG,
through the real Slack adapter, on SQLite and PostgreSQL. Faults are injected inside the
database while a row full of private text is being written: a constraint that refuses
the row (PostgreSQL then quotes the whole failing row in its DETAIL), a connection
terminated by `pg_terminate_backend` in the middle of the transaction, and a lone
surrogate that the driver cannot encode (its error quotes the value). Every fault must be
logged (type, frames, statement), the person must get the apology, and no note, check-in
text, name or response_url may appear in any line. The SDKs' DEBUG output is switched on
by hand too, to show the filter alone keeps their payload dumps clean.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.ops.logs import PAYLOAD_LOGGERS, configure_logging, settings_secrets
from adapters.runtime import build_app
from adapters.slack.connector import build_slack
from bot.dispatcher import INTERNAL_ERROR_TEXT
from bot.reply import Reply
from storage import tables
from tests.conftest import _drop_schema, _postgres_schema_engine
from tests.fakes import FixedClock
from tests.logcapture import restored_logging
from tests.slack.conftest import SlackHarness, make_settings
from tests.slack.fake_slack import FakeSlack

NOTE = "HIV status positive"
NAME = "Zed Quux"
CHECKIN = "Ask Quincy about the biopsy"
#: Words from the private texts: none may appear in a log line, whole or in part.
PRIVATE = (NOTE, NAME, CHECKIN, "Quux", "HIV", "biopsy")


@pytest.fixture
def debug_logs() -> Iterator[io.StringIO]:
    """`inroads run`'s logging at DEBUG, SDK dumps included, into a buffer."""
    with restored_logging() as buffer:
        yield buffer


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def slack_on(
    request: pytest.FixtureRequest, tmp_path: Path, fake: FakeSlack
) -> AsyncIterator[SlackHarness]:
    extra: dict[str, Any] = {}
    schema = None
    if request.param == "postgres":
        probe, schema = await _postgres_schema_engine()
        await probe.dispose()
        extra["database_url"] = str(probe.url.render_as_string(hide_password=False))
    clock = FixedClock()
    app = await build_app(make_settings(tmp_path, fake, **extra), clock=clock, schema=schema)
    component = build_slack(app.parts)
    try:
        yield SlackHarness(fake, app, component, clock)
    finally:
        await component.handlers.after_ack.drain(within_seconds=5)
        await app.close()
        if schema:
            await _drop_schema(schema)


def _start_logging(harness: SlackHarness, stream: io.StringIO) -> None:
    settings = harness.app.settings
    configure_logging("DEBUG", "json", secrets=settings_secrets(settings), stream=stream)
    for name in PAYLOAD_LOGGERS:  # what an operator chasing an SDK problem would do
        logging.getLogger(name).setLevel(logging.DEBUG)


async def _refuse_private_rows(engine: AsyncEngine) -> None:
    """Faults inside the database, keyed on the private words: an interview whose notes
    mention HIV is refused by a constraint; on PostgreSQL a check-in mentioning Quincy
    kills its own connection mid-transaction."""
    async with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            await connection.execute(
                text(
                    "ALTER TABLE interviews ADD CONSTRAINT private_fault "
                    "CHECK (notes NOT LIKE '%HIV%')"
                )
            )
            await connection.execute(
                text(
                    "CREATE FUNCTION private_kill() RETURNS trigger AS $$ BEGIN "
                    "PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NEW; END $$ "
                    "LANGUAGE plpgsql"
                )
            )
            await connection.execute(
                text(
                    "CREATE TRIGGER private_kill BEFORE INSERT ON reminders FOR EACH ROW "
                    "WHEN (NEW.text LIKE '%Quincy%') EXECUTE FUNCTION private_kill()"
                )
            )
        else:
            await connection.execute(
                text(
                    "CREATE TRIGGER private_fault BEFORE INSERT ON interviews "
                    "WHEN NEW.notes LIKE '%HIV%' BEGIN SELECT RAISE(ABORT, 'refused'); END"
                )
            )


def _records(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


async def test_faults_mid_statement_log_no_private_text(
    slack_on: SlackHarness, debug_logs: io.StringIO
) -> None:
    slack = slack_on
    _start_logging(slack, debug_logs)
    # Ordinary traffic first, so the SDK dumps have private text to leak.
    await slack.command("/interview", f'log "{NAME}" company:Acme notes:"first chat"')
    await slack.fake.wait_for_response()
    await slack.command("/interview", "list")
    await slack.fake.wait_for_response(2)
    await slack.app.notifier.send_dm(slack.actor(), Reply(text=CHECKIN), idempotency_key="k1")

    await _refuse_private_rows(slack.app.engine)
    await slack.command("/interview", f'log "{NAME}" company:Acme notes:"{NOTE}"')
    faults = 1
    if slack.app.engine.dialect.name == "postgresql":
        await slack.command("/checkin", f'add "{NAME}" "next Friday 9am" "{CHECKIN}"')
        faults += 1
    await slack.fake.wait_for_response(2 + faults)
    apologies = [r for r in slack.fake.responses if INTERNAL_ERROR_TEXT in json.dumps(r)]
    assert len(apologies) == faults
    # A value the driver cannot encode: its error message quotes the value.
    surrogate = await slack.app.dispatcher.run_text(
        slack.actor(), f'interview log "{NAME}" notes:"\ud800 {NOTE}"'
    )
    assert surrogate.is_error
    await slack.component.handlers.after_ack.drain(within_seconds=5)

    records = _records(debug_logs)
    failures = [r for r in records if r["level"] == "ERROR" and "exception" in r]
    assert len(failures) >= faults + 1, [r["message"] for r in records if r["level"] != "DEBUG"]
    # The refused statement is logged (on PostgreSQL it opens with the number's CTE).
    assert any(
        "[SQL: " in r["exception"] and "INSERT INTO interviews" in r["exception"] for r in failures
    )
    assert any(r["logger"].startswith("slack_sdk") for r in records), "no SDK dump captured"
    secrets = [url.rsplit("/", 1)[1] for url in slack.fake.handed_out]
    assert secrets
    for line in debug_logs.getvalue().splitlines():
        leaked = [word for word in (*PRIVATE, *secrets) if word in line]
        assert not leaked, f"{leaked} in {line[:300]}"


async def test_a_failed_statement_never_carries_its_values(engine: AsyncEngine) -> None:
    """hide_parameters: the error of a failed statement names the statement, not the row
    (without it, SQLAlchemy appends `[parameters: (...)]` to the message)."""
    with pytest.raises(DBAPIError) as failure:
        async with engine.begin() as connection:
            await connection.execute(
                tables.contacts.insert().values(id=1, platform="slack", name=NOTE)
            )
    assert "INSERT INTO contacts" in str(failure.value)
    assert NOTE not in str(failure.value)
