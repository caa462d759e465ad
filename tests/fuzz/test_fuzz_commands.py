"""Property-based fuzzing of the grammar and of EVERY registered command.

Targets are derived from ``bot.registry.all_specs()``, so a command added tomorrow is
fuzzed tomorrow without editing this file. Each target gets its own fresh SQLite
database, seeded with every spec's example, and then `HYPOTHESIS_PROFILE` examples
(quick: 50 in `make test`; long: 10,000 in `make fuzz-long`).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given

from bot.commands import AnySpec
from bot.errors import UsageError
from bot.grammar import ParsedArgs, parse
from bot.registry import all_specs
from tests.fuzz.figures import record
from tests.fuzz.harness import FuzzHarness
from tests.fuzz.strategies import any_line, command_line, fuzz_settings

SPECS = all_specs()


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One database seeded with every spec's example (checked like any line), copied
    for each target: every target starts from the same state without re-seeding."""
    path = tmp_path_factory.mktemp("fuzz-seed") / "seed.sqlite3"
    with asyncio.Runner() as runner:
        harness = runner.run(FuzzHarness.create(path))
        try:
            runner.run(harness.seed())
        finally:
            runner.run(harness.close())
    return path


def _run_target(tmp_path: Path, target: str, strategy: object, seeded: Path) -> None:
    """Drive one hypothesis run against a copy of the seeded database on one event loop."""
    with asyncio.Runner() as runner:
        harness = runner.run(FuzzHarness.create(tmp_path / "fuzz.sqlite3", seeded))
        failed = True
        started = time.perf_counter()
        try:

            @fuzz_settings()
            @given(line=strategy)
            def one(line: str) -> None:
                runner.run(harness.check(line))

            one()
            failed = False
        finally:
            record(
                target,
                examples=harness.examples,
                rejected=harness.rejections,
                failed=failed,
                seconds=time.perf_counter() - started,
            )
            runner.run(harness.close())


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.name.replace(" ", "-"))
def test_every_command_survives_hostile_input(spec: AnySpec, tmp_path: Path, seeded: Path) -> None:
    _run_target(tmp_path, spec.name, command_line(spec), seeded)


def test_arbitrary_text_never_crashes_the_dispatcher(tmp_path: Path, seeded: Path) -> None:
    _run_target(tmp_path, "(any text)", any_line(), seeded)


def _parse_or_usage(line: str) -> ParsedArgs | None:
    try:
        return parse(line)
    except UsageError as exc:
        assert exc.problem.strip()
        return None


def _grammar_target(check: Callable[[str], None]) -> None:
    started = time.perf_counter()
    count = [0]
    failed = True

    @fuzz_settings()
    @given(line=any_line())
    def one(line: str) -> None:
        count[0] += 1
        check(line)

    try:
        one()
        failed = False
    finally:
        record(
            "(grammar)",
            examples=count[0],
            rejected=0,
            failed=failed,
            seconds=time.perf_counter() - started,
        )


def test_grammar_parses_or_explains_anything() -> None:
    def check(line: str) -> None:
        parsed = _parse_or_usage(line)
        if parsed is None:
            return
        for key in parsed.options:
            assert key == key.lower()
            assert ":" not in key
        for word in parsed.words():
            assert "\x00" not in word

    _grammar_target(check)
