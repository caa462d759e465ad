"""A smaller fuzz through the real `inroads console` subprocess (stdin → stdout).

The in-process fuzz covers volume; this one covers what only the real program has: the
console's line reading, rendering, logging configuration and exit path. Each example is
a script of hostile lines for randomly chosen commands, piped into one process.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.dispatcher import INTERNAL_ERROR_TEXT
from bot.registry import all_specs
from tests.fuzz.figures import record
from tests.fuzz.strategies import command_line, fuzz_settings, profile_name

pytestmark = pytest.mark.slow

#: Scripts per run. The long profile pipes >= 10,000 lines in all (760 scripts of 10-25
#: lines), like every in-process target; the quick one only checks the path works.
SCRIPTS, MIN_LINES = {"quick": (3, 5), "long": (760, 10)}[profile_name()]


def _one_line(line: str) -> str:
    line = " ".join(line.replace("\r", " ").replace("\n", " ").split())
    return "# skipped" if line.lower() in {"quit", "exit"} else line


LINES = st.sampled_from(all_specs()).flatmap(command_line).map(_one_line)


def test_console_process_survives_hostile_scripts(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    env["INROADS_DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path}/console.sqlite3"
    env["INROADS_LOG_FILE"] = "-"  # the ERROR check below reads the log on stderr
    env["INROADS_FILES_DIR"] = str(tmp_path / "files")
    runs = [0, 0]
    started = time.perf_counter()
    failed = True

    @settings(fuzz_settings(), max_examples=SCRIPTS)
    @given(script=st.lists(LINES, min_size=MIN_LINES, max_size=25))
    def one(script: list[str]) -> None:
        result = subprocess.run(
            [sys.executable, "-m", "adapters.cli", "console", "--user", "fuzzer"],
            input="\n".join(script) + "\n",
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        runs[0] += 1
        runs[1] += len(script)
        output = result.stdout + result.stderr
        assert result.returncode == 0, result.stderr[-2000:]
        assert "Traceback" not in output, output[-3000:]
        assert INTERNAL_ERROR_TEXT not in output
        assert " ERROR " not in result.stderr, result.stderr[-2000:]

    try:
        one()
        failed = False
    finally:
        record(
            "(console subprocess lines)",
            examples=runs[1],
            rejected=0,
            failed=failed,
            seconds=time.perf_counter() - started,
        )
