"""Print the fuzz figures (examples, rejections, failures, time per target) at the end.

With pytest-xdist the figures live in the workers; each sends its table back when it
finishes, and the controller prints the merged table.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.fuzz.figures import FIGURES, merge, summary

WORKER_KEY = "inroads_fuzz_figures"


def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput: dict[str, Any] | None = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: hand the figures to the controller
        workeroutput[WORKER_KEY] = json.dumps(FIGURES)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """xdist controller hook: a worker finished; fold its figures in."""
    payload = getattr(node, "workeroutput", {}).get(WORKER_KEY)
    if payload:
        merge(json.loads(payload))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    summary(terminalreporter)
