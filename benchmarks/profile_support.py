"""The profiled server of `bench_commands.py --profile`: the real `inroads run`, with
cProfile over the whole process and every SQL statement and transaction counted
(SQLAlchemy's `before_cursor_execute`, `begin` and `commit` events on every engine).

Measuring starts at SIGUSR1 (sent after the warm-up, so start-up, migrations and each
person's first contact are left out) and ends at SIGTERM; the figures go to `out`.
"""

from __future__ import annotations

import cProfile
import json
import pstats
import signal
import time
from collections import Counter
from pathlib import Path
from typing import Any


def serve_profiled(out: Path) -> int:
    from sqlalchemy import event
    from sqlalchemy.engine import Connection, Engine

    statements: Counter[str] = Counter()
    trips: Counter[str] = Counter()
    profiler = cProfile.Profile(time.process_time)  # CPU time: on a busy machine,
    # wall time charges this process for the neighbours (a `send` that wakes PostgreSQL
    # shows up as milliseconds of waiting for the CPU)
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
        profiler.enable()

    signal.signal(signal.SIGUSR1, start)
    from adapters.cli import main

    try:
        return main(["run"])
    finally:
        profiler.disable()
        profiler.dump_stats(str(out / "server.prof"))
        (out / "sql.json").write_text(json.dumps({"statements": statements, "trips": trips}))


def report(out: Path, commands: int, top: int = 25) -> dict[str, float]:
    """Print where the time went and the statements per command; returns the figures."""
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
    stats = pstats.Stats(str(out / "server.prof"))
    print("\ncProfile, by own time (tottime):")
    stats.sort_stats("tottime").print_stats(top)
    print("cProfile, by cumulative time:")
    stats.sort_stats("cumulative").print_stats(top)
    return {
        "statements_per_command": round(total / commands, 2),
        "round_trips_per_command": round(real_trips / commands, 2),
    }
