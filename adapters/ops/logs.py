"""Logging set-up: readable text or JSON lines, with secrets scrubbed from every record.

Why a filter on the handler rather than care at each call site: tokens reach logs by
accident (an SDK's exception message quoting a header, a URL with a token in it), so the
scrub must not depend on the caller. It runs on every record that reaches our handler,
whichever library logged it, and covers the message, its arguments, `extra` fields and
the formatted traceback. Note contents are never logged by the core in the first place.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from pydantic import BaseModel, SecretStr
from sqlalchemy.engine import make_url

from adapters.ops.redact import (
    REDACTED,
    TOKEN_PATTERNS,
    Redactor,
    safe_message,
    safe_traceback,
    withhold_quoted,
)

__all__ = ["REDACTED", "TOKEN_PATTERNS", "RedactingFilter", "Redactor", "configure_logging"]

#: Attributes every LogRecord has; anything else on a record came from `extra=`.
_STANDARD_ATTRS = frozenset(
    vars(logging.LogRecord("x", logging.INFO, "x", 0, "x", None, None)).keys()
) | {"message", "asctime", "taskName"}

#: Libraries that write whole payloads at DEBUG: every message body the bot sends, every
#: response_url, every SQL parameter. Their loggers are held at INFO even when
#: INROADS_LOG_LEVEL is DEBUG (so those dumps are not even formatted); INFO and above
#: still pass, redacted like everything else. Lifting the hold by hand is safe for the
#: SDKs (the filter redacts their dumps' message fields and URLs) but not for the
#: database drivers, whose parameters are positional: their DEBUG records are dropped.
PAYLOAD_LOGGERS = ("slack_bolt", "slack_sdk", "discord", "aiohttp", "aiosqlite", "asyncpg")
DRIVER_LOGGERS = frozenset({"aiosqlite", "asyncpg"})


def positional_dump(record: logging.LogRecord) -> bool:
    """A DEBUG record whose values come by position, with no field name to recognise
    private text by: a database driver's, or SQLAlchemy's result rows ("Row (…)", logged
    whenever `sqlalchemy.engine` is at DEBUG; `hide_parameters` hides only the
    parameters). `make chaos` found the rows: notes and names, whole, at DEBUG."""
    if record.levelno >= logging.INFO:
        return False
    if record.name.partition(".")[0] in DRIVER_LOGGERS:
        return True
    return record.name.startswith("sqlalchemy.engine") and str(record.msg).startswith("Row ")


class RedactingFilter(logging.Filter):
    """Scrubs a record in place before any formatter sees it."""

    def __init__(self, redactor: Redactor | None = None) -> None:
        super().__init__()
        self.redact = redactor or Redactor()

    def filter(self, record: logging.LogRecord) -> bool:
        if positional_dump(record):
            return False
        if isinstance(record.msg, BaseException):
            record.msg = safe_message(record.msg)
        if isinstance(record.args, tuple):  # an exception passed as an argument: "%s", exc
            record.args = tuple(
                safe_message(a) if isinstance(a, BaseException) else a for a in record.args
            )
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            message = f"{record.msg!r} {record.args!r}"
        if record.name == "asyncio":  # "Task exception was never retrieved ... KeyError('…')"
            message = withhold_quoted(message)
        record.msg = self.redact(message)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            # Always ours, even if another handler formatted the record first.
            record.exc_text = safe_traceback(record.exc_info[1])
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        for key, value in list(vars(record).items()):
            if key not in _STANDARD_ATTRS and isinstance(value, str):
                setattr(record, key, self.redact(value))
        return True


def extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k not in _STANDARD_ATTRS}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: timestamp, level, logger, message, then `extra` context."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "timestamp": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in extra_fields(record).items():
            entry.setdefault(key, value)
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """The human format, with `extra` context appended as key=value pairs."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        extras = extra_fields(record)
        if not extras:
            return line
        context = " ".join(f"{k}={v}" for k, v in sorted(extras.items()))
        head, sep, tail = line.partition("\n")
        return f"{head} [{context}]{sep}{tail}"


def configure_logging(
    level: str = "INFO",
    fmt: str = "text",
    *,
    secrets: Iterable[str] = (),
    stream: TextIO | None = None,
    path: Path | None = None,
) -> logging.Handler:
    """Install one handler on the root logger (replacing any earlier one): the file at
    `path` when given (the console's answers then stay free of log lines), else stderr."""
    handler: logging.Handler
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    else:
        handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else TextFormatter())
    handler.addFilter(RedactingFilter(Redactor(secrets)))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    floor = max(logging.INFO, root.level)
    for library in PAYLOAD_LOGGERS:
        logging.getLogger(library).setLevel(floor)
    # Libraries that are chatty at INFO; their warnings still come through.
    for noisy in ("alembic", "aiohttp.access", "apscheduler.executors.default"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return handler


def settings_secrets(settings: BaseModel) -> list[str]:
    """Every secret value in the settings (any SecretStr field, and the database
    password), so the filter redacts them literally even when they match no pattern."""
    found: list[str] = []
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if isinstance(value, SecretStr):
            found.append(value.get_secret_value())
    database_url = getattr(settings, "database_url", None)
    if isinstance(database_url, str):
        password = make_url(database_url).password
        if password:
            found.append(str(password))
    return found
