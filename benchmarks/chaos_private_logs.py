"""Chaos, part d: faults in the middle of statements on rows of private text, every logger
at DEBUG, and not one log line may carry that text or a response_url's secret.

The real Slack adapter (bolt, the durable inbox and its workers, the real notifier, the
scheduler) runs on PostgreSQL against the recording fake Slack, with the production
logging set-up (redacting filter, JSON lines) and then every logger lifted to DEBUG by
hand: root, sqlalchemy, slack_sdk, slack_bolt, discord, aiohttp, apscheduler and the
drivers. Rounds of commands carry unique markers in names, notes and check-in texts;
in each round the database fails some of them halfway through a statement:

* driver error: a `before_cursor_execute` hook raises the driver's OperationalError,
  quoting the row in its first line and again in a DETAIL line, as PostgreSQL does;
* refused row: a check constraint refuses the interview (PostgreSQL quotes the whole row);
* killed connection: a trigger calls `pg_terminate_backend` inside the check-in's INSERT;
* inbox write: the command's own inbox INSERT fails, so the ack says nothing was taken;
* lone surrogate: a note the driver cannot encode (its error quotes the value).

The constraint and the trigger are tests/security/test_private_logs.py's (keyed on the
words "HIV" and "Quincy", which the faulted texts carry). Counts every line, the faults
logged and apologised for, and the lines holding any marker or secret (goal 0).
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event

from adapters.ops.logs import PAYLOAD_LOGGERS, configure_logging, settings_secrets
from adapters.runtime import build_app
from adapters.scheduler.component import SchedulerComponent
from adapters.slack.connector import build_slack
from bot.dispatcher import INTERNAL_ERROR_TEXT
from bot.reply import Reply
from tests.conftest import _drop_schema, _postgres_schema_engine
from tests.fakes import FixedClock
from tests.logcapture import restored_logging
from tests.security.test_private_logs import _refuse_private_rows
from tests.slack.conftest import SlackHarness, make_settings
from tests.slack.fake_slack import FakeSlack

#: Every logger the promise covers, lifted to DEBUG by hand after the production set-up.
DEBUG_LOGGERS = ("", "sqlalchemy", "apscheduler", *PAYLOAD_LOGGERS)
KINDS = ("none", "driver_error", "refused_row", "killed_connection", "inbox_write")


def _driver_faults(harness: SlackHarness, injected: list[str]) -> None:
    """Fail, mid-statement, an INSERT whose parameters carry "DRIVERFAULT" (the
    interview) or "INBOXFAULT" (the command's inbox row), with the driver's own error
    class and a message that quotes the row, as real drivers do."""
    dbapi = harness.app.engine.dialect.loaded_dbapi

    def before(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
    ) -> None:
        values = repr(parameters)
        faulted = ("DRIVERFAULT" in values and statement.startswith("INSERT INTO interviews")) or (
            "INBOXFAULT" in values and statement.startswith("INSERT INTO inbox")
        )
        if faulted:
            injected.append(statement.split(" (", 1)[0])
            raise dbapi.OperationalError(
                f'could not send data for row "{values[:300]}"\nDETAIL: Failing row contains {values}'
            )

    event.listen(harness.app.engine.sync_engine, "before_cursor_execute", before)


def _commands(n: int, marker: str) -> list[tuple[str, str, str]]:
    """Round `n`'s (fault kind, command, text); every private text carries `marker`."""
    kind = KINDS[n % len(KINDS)]
    name = f"Name {marker}a"
    note = {
        "driver_error": f"DRIVERFAULT {marker}b",
        "refused_row": f"HIV {marker}b",
        "inbox_write": f"INBOXFAULT {marker}b",
    }.get(kind, f"note {marker}b")
    checkin = f"Ask Quincy {marker}c" if kind == "killed_connection" else f"text {marker}c"
    return [
        (kind, "/interview", f'log "{name}" company:Acme notes:"{note}"'),
        (kind, "/checkin", f'add "{name}" "next Friday 9am" "{checkin}"'),
        ("none", "/interview", "list"),
    ]


async def _round(harness: SlackHarness, n: int, marker: str, figures: dict[str, Any]) -> int:
    """Send round `n`; returns how many answers its acks promised."""
    promised = 0
    for kind, command, text in _commands(n, marker):
        response = await harness.command(command, text, user=f"U0CHAOS{n % 7}")
        taken = "couldn't take" not in str(response.body)
        promised += taken
        if kind == "inbox_write" and text.startswith("log"):
            figures["acks_saying_nothing_taken"] += not taken
    surrogate = await harness.app.dispatcher.run_text(
        harness.actor(f"U0CHAOS{n % 7}"), f'interview log "Name {marker}a" notes:"\ud800 {marker}d"'
    )
    # Not an error when the round's log and check-in, run at once by two inbox workers,
    # made two contacts of that name: then it asks which one, and still writes nothing.
    figures["surrogate_refused"] += surrogate.is_error
    await harness.app.notifier.send_dm(
        harness.actor(f"U0CHAOS{n % 7}"),
        Reply(text=f"Check in {marker}e"),
        idempotency_key=f"chaos-{n}",
    )
    return promised


async def private_logs(rounds: int = 20) -> dict[str, Any]:
    """Run `rounds` rounds (each fault kind every five) and count the log lines."""
    started = time.perf_counter()
    probe, schema = await _postgres_schema_engine()
    url = probe.url.render_as_string(hide_password=False)
    await probe.dispose()
    fake = await FakeSlack().start()
    settings = make_settings(Path(tempfile.mkdtemp(prefix="chaos-logs-")), fake, database_url=url)
    app = await build_app(settings, clock=FixedClock(), schema=schema)
    component = build_slack(app.parts)
    harness = SlackHarness(fake, app, component, FixedClock())
    scheduler = SchedulerComponent(app.services, interval_seconds=0.2)
    injected: list[str] = []
    markers = [f"Mk{n:03d}x{secrets.token_hex(4)}" for n in range(rounds)]
    figures: dict[str, Any] = {"rounds": rounds, "markers": len(markers)}
    figures |= {"acks_saying_nothing_taken": 0, "surrogate_refused": 0}
    with restored_logging() as buffer:
        try:
            configure_logging("DEBUG", "json", secrets=settings_secrets(settings), stream=buffer)
            for name in DEBUG_LOGGERS:  # what an operator chasing a problem might do
                logging.getLogger(name).setLevel(logging.DEBUG)
            await _refuse_private_rows(app.engine)
            _driver_faults(harness, injected)
            await component.inbox.start()
            await scheduler.start()
            promised = 0
            for n, marker in enumerate(markers):
                promised += await _round(harness, n, marker, figures)
            await fake.wait_for_response(promised, within=60)
        finally:
            await scheduler.stop()
            await component.inbox.stop(within_seconds=5)
            await component.handlers.after_ack.drain(within_seconds=5)
            await app.close()
            await fake.stop()
            await _drop_schema(schema)
        return figures | _count(buffer, markers, fake, injected, started)


def _count(
    buffer: io.StringIO, markers: list[str], fake: FakeSlack, injected: list[str], started: float
) -> dict[str, Any]:
    lines = [line for line in buffer.getvalue().splitlines() if line.strip()]
    records = [json.loads(line) for line in lines]
    capabilities = [url.rsplit("/", 1)[1] for url in fake.handed_out]
    families: dict[str, int] = {}
    for record in records:
        family = str(record.get("logger", "")).partition(".")[0]
        families[family] = families.get(family, 0) + 1
    return {
        "log_lines": len(lines),
        "debug_lines": sum(r.get("level") == "DEBUG" for r in records),
        "lines_by_logger": dict(sorted(families.items())),
        "driver_faults_injected": len(injected),
        "errors_logged_with_exception": sum(
            r.get("level") == "ERROR" and "exception" in r for r in records
        ),
        "apologies_sent": sum(INTERNAL_ERROR_TEXT in json.dumps(r) for r in fake.responses),
        "response_urls_handed_out": len(capabilities),
        "leaked_lines": sum(
            any(secret in line for secret in (*markers, *capabilities)) for line in lines
        ),
        "elapsed_s": round(time.perf_counter() - started, 1),
    }


def print_table(figures: dict[str, Any]) -> None:
    print(
        f"{figures['rounds']} rounds of commands with private markers, every logger at DEBUG, "
        "faults mid-statement (driver error, refused row, killed connection, inbox write, "
        "lone surrogate)"
    )
    for label, key in [
        ("log lines written", "log_lines"),
        ("  of them at DEBUG", "debug_lines"),
        ("driver errors injected mid-statement", "driver_faults_injected"),
        ("acks saying nothing was taken", "acks_saying_nothing_taken"),
        ("lone surrogates refused (else: 'which one?')", "surrogate_refused"),
        ("errors logged with their exception", "errors_logged_with_exception"),
        ("apologies sent to the person", "apologies_sent"),
        ("response_urls handed out", "response_urls_handed_out"),
        ("lines with a marker or secret (goal 0)", "leaked_lines"),
    ]:
        print(f"  {label:<46}{figures[key]:>8}")
    by_logger = ", ".join(f"{k or 'root'} {v}" for k, v in figures["lines_by_logger"].items())
    print(f"  lines by logger: {by_logger} ({figures['elapsed_s']} s)")


if __name__ == "__main__":
    print_table(asyncio.run(private_logs()))
