"""Logging set up by a test is taken down after it: handlers, levels, library levels."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from adapters.ops.logs import PAYLOAD_LOGGERS


@contextmanager
def restored_logging() -> Iterator[io.StringIO]:
    """A buffer for the test's log handler; afterwards the root logger's handlers and
    level, and the SDK loggers' levels, are as they were (configure_logging replaces
    them, and the next test must not inherit a DEBUG set-up writing to a dead buffer)."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    libraries = {name: logging.getLogger(name).level for name in PAYLOAD_LOGGERS}
    try:
        yield io.StringIO()
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in saved[0]:
            root.addHandler(handler)
        root.setLevel(saved[1])
        for name, level in libraries.items():
            logging.getLogger(name).setLevel(level)
