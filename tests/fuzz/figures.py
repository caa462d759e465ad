"""Fuzz figures shared between the tests (which record) and conftest (which prints).

Under pytest-xdist (`make fuzz-long` runs one worker per core) each worker records its own
targets and hands them to the controller through ``workeroutput``; the controller merges
them and prints one table, so the figures are the same whether or not the run was split.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.fuzz.strategies import profile_name

#: target -> {"examples": int, "rejected": int, "failures": int, "seconds": float}
FIGURES: dict[str, dict[str, Any]] = {}


def record(target: str, *, examples: int, rejected: int, failed: bool, seconds: float) -> None:
    row = FIGURES.setdefault(target, {"examples": 0, "rejected": 0, "failures": 0, "seconds": 0.0})
    row["examples"] += examples
    row["rejected"] += rejected
    row["failures"] += int(failed)
    row["seconds"] += seconds


def merge(rows: dict[str, dict[str, Any]]) -> None:
    """Fold one pytest-xdist worker's figures into this (controller) process's table."""
    for target, row in rows.items():
        record(
            target,
            examples=row["examples"],
            rejected=row["rejected"],
            failed=bool(row["failures"]),
            seconds=row["seconds"],
        )


def summary(terminalreporter: pytest.TerminalReporter) -> None:
    if not FIGURES:
        return
    write = terminalreporter.write_line
    write("")
    write(f"fuzz figures (profile {profile_name()})")
    write(f"{'target':<34}{'examples':>10}{'rejected':>10}{'failures':>10}{'seconds':>10}")
    for target, row in sorted(FIGURES.items()):
        write(
            f"{target:<34}{row['examples']:>10}{row['rejected']:>10}"
            f"{row['failures']:>10}{row['seconds']:>10.1f}"
        )
    total = {
        "profile": profile_name(),
        "targets": len(FIGURES),
        "examples_total": sum(r["examples"] for r in FIGURES.values()),
        "min_examples_per_target": min(r["examples"] for r in FIGURES.values()),
        "failures": sum(r["failures"] for r in FIGURES.values()),
        "seconds_total": round(sum(r["seconds"] for r in FIGURES.values()), 1),
    }
    write(json.dumps(total))
