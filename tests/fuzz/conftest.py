"""Print the fuzz figures (examples, rejections, failures, time per target) at the end."""

from __future__ import annotations

import pytest

from tests.fuzz.figures import summary


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    summary(terminalreporter)
