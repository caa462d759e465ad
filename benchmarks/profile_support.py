"""The profiled server of `bench_commands.py --profile`: the real `inroads run`, with a
sampling profiler on its main thread (sample_support.py says why not cProfile) and every
SQL statement and transaction counted (SQLAlchemy's `before_cursor_execute`, `begin` and
`commit` events on every engine).

Measuring starts at SIGUSR1 (sent after the warm-up, so start-up, migrations and each
person's first contact are left out) and ends at SIGTERM; the figures go to `out`.
"""

from __future__ import annotations

import json
import signal
from collections import Counter
from pathlib import Path
from typing import Any


def serve_profiled(out: Path) -> int:
    from sample_support import Sampler, dump
    from sqlalchemy import event
    from sqlalchemy.engine import Connection, Engine

    statements: Counter[str] = Counter()
    trips: Counter[str] = Counter()
    sampler = Sampler()
    measuring = False

    def on_statement(_c: Any, _cur: Any, statement: str, *_rest: Any) -> None:
        if measuring:
            statements[" ".join(statement.split())[:150]] += 1

    def on_transaction(kind: str) -> Any:
        def count(connection: Connection) -> None:
            if not measuring:
                return
            level = connection.get_execution_options().get("isolation_level")
            trips[kind + (" (autocommit: no round trip)" if level == "AUTOCOMMIT" else "")] += 1

        return count

    event.listen(Engine, "before_cursor_execute", on_statement)
    for kind in ("begin", "commit", "rollback"):
        event.listen(Engine, kind, on_transaction(kind))

    def start(*_: Any) -> None:
        nonlocal measuring
        measuring = True
        sampler.start()

    signal.signal(signal.SIGUSR1, start)
    from adapters.cli import main

    try:
        return main(["run"])
    finally:
        sampler.stop()
        (out / "samples.json").write_text(json.dumps(dump(sampler)))
        (out / "sql.json").write_text(json.dumps({"statements": statements, "trips": trips}))


def report(out: Path, commands: int, server_cpu_ms: float, top: int = 30) -> dict[str, float]:
    """Print the statements per command and where the server's CPU went (`server_cpu_ms`
    per command, measured outside the process); returns the figures."""
    from sample_support import report as report_samples

    data = json.loads((out / "sql.json").read_text())
    statements: dict[str, int] = data["statements"]
    trips: dict[str, int] = data["trips"]
    total = sum(statements.values())
    real_trips = total + sum(n for k, n in trips.items() if "autocommit" not in k)
    print(f"\nSQL per full `interview log` ({commands} answered while measuring):")
    for text, n in sorted(statements.items(), key=lambda kv: -kv[1]):
        print(f"{n / commands:>7.2f}  {text}")
    for kind, n in sorted(trips.items()):
        print(f"{n / commands:>7.2f}  [{kind}]")
    print(
        f"statements/command {total / commands:.2f}; "
        f"round trips/command {real_trips / commands:.2f}"
    )
    report_samples(json.loads((out / "samples.json").read_text()), server_cpu_ms, top)
    return {
        "statements_per_command": round(total / commands, 2),
        "round_trips_per_command": round(real_trips / commands, 2),
    }
