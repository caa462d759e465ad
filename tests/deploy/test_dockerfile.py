"""deploy/Dockerfile, parsed: stages, non-root user, healthcheck, entrypoint, contents.

There is no Docker engine on these machines, so the image is checked by reading the
Dockerfile as Docker does (continuations, comments, exec-form JSON), running its
HEALTHCHECK one-liner against a live server, and checking that the package it installs
(`pip install .`) carries the migrations and data files the container needs.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "deploy" / "Dockerfile"


@dataclass
class Stage:
    base: str
    name: str
    instructions: list[tuple[str, str]] = field(default_factory=list)

    def args(self, keyword: str) -> list[str]:
        return [a for k, a in self.instructions if k == keyword]


def parse(text: str) -> tuple[dict[str, str], list[Stage]]:
    """Global ARG defaults and the stages, each with its (INSTRUCTION, arguments) list."""
    lines: list[str] = []
    pending = ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):
            continue  # comments inside a continued instruction are dropped, as Docker does
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        lines.append(pending + stripped)
        pending = ""
    assert not pending, "dangling line continuation"
    global_args: dict[str, str] = {}
    stages: list[Stage] = []
    for line in lines:
        keyword, _, rest = line.partition(" ")
        keyword = keyword.upper()
        if keyword == "FROM":
            words = rest.split()
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else str(len(stages))
            stages.append(Stage(words[0], name))
        elif not stages:
            assert keyword == "ARG", f"only ARG may precede FROM, found {keyword}"
            key, _, default = rest.partition("=")
            global_args[key] = default
        else:
            stages[-1].instructions.append((keyword, rest.strip()))
    return global_args, stages


@pytest.fixture(scope="module")
def parsed() -> tuple[dict[str, str], list[Stage]]:
    return parse(DOCKERFILE.read_text())


def exec_form(arguments: str) -> list[str]:
    value = json.loads(arguments)
    assert isinstance(value, list), "use the exec (JSON) form so signals reach inroads"
    return [str(v) for v in value]


def test_multi_stage_on_slim_python_311(parsed: tuple[dict[str, str], list[Stage]]) -> None:
    global_args, stages = parsed
    assert [s.name for s in stages] == ["build", "runtime"]
    for stage in stages:
        base = stage.base.replace("${PYTHON_IMAGE}", global_args.get("PYTHON_IMAGE", ""))
        assert base.startswith("python:3.11-slim"), base
    runtime = stages[-1]
    assert any(a.startswith("--from=build ") for a in runtime.args("COPY"))


def test_no_build_tools_in_the_final_image(parsed: tuple[dict[str, str], list[Stage]]) -> None:
    _, stages = parsed
    build, runtime = stages
    assert any("build-essential" in a for a in build.args("RUN"))
    for command in runtime.args("RUN"):
        assert "apt-get install" not in command
        assert "pip install" not in command
        assert "build-essential" not in command
        assert "gcc" not in command


def test_runs_as_a_non_root_user(parsed: tuple[dict[str, str], list[Stage]]) -> None:
    runtime = parsed[1][-1]
    users = runtime.args("USER")
    assert users, "the final stage must switch user"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    assert any(f"--uid {user}" in run for run in runtime.args("RUN"))


def test_entrypoint_runs_inroads_and_migrates_at_start(
    parsed: tuple[dict[str, str], list[Stage]],
) -> None:
    runtime = parsed[1][-1]
    assert exec_form(runtime.args("ENTRYPOINT")[-1]) == ["inroads"]
    assert exec_form(runtime.args("CMD")[-1]) == ["run"]
    env = " ".join(runtime.args("ENV"))
    assert "INROADS_HTTP_PORT=3000" in env
    assert "3000" in runtime.args("EXPOSE")


def test_copied_sources_exist(parsed: tuple[dict[str, str], list[Stage]]) -> None:
    build = parsed[1][0]
    for copy in build.args("COPY"):
        *sources, _dest = copy.split()
        for source in sources:
            assert (ROOT / source).exists(), f"COPY {source}: not in the repository"


def test_dockerignore_keeps_secrets_and_state_out() -> None:
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert {".env", ".git", ".venv", "*.sqlite3"} <= set(ignored)


async def _ops_server() -> AsyncIterator[int]:
    from adapters.http.server import HttpComponent
    from adapters.ops.health import ops_routes
    from adapters.runtime import build_app
    from adapters.settings import load_settings

    app = await build_app(load_settings(database_url="sqlite+aiosqlite:///:memory:"))
    http = HttpComponent(app.settings, host="127.0.0.1", port=0)
    http.add_routes(ops_routes(app.parts))
    await http.start()
    try:
        yield http.bound_port
    finally:
        await http.stop()
        await app.close()


@pytest.fixture
async def ops_port() -> AsyncIterator[int]:
    async for port in _ops_server():
        yield port


async def test_healthcheck_one_liner_works(
    parsed: tuple[dict[str, str], list[Stage]], ops_port: int
) -> None:
    import asyncio

    healthcheck = parsed[1][-1].args("HEALTHCHECK")[-1]
    options, _, command = healthcheck.partition("CMD ")
    assert "--interval=" in options
    assert "--timeout=" in options
    argv = exec_form(command)
    assert argv[0] == "python"
    assert "/healthz" in argv[-1]
    argv[0] = sys.executable

    async def run(port: int) -> int:
        proc = await asyncio.create_subprocess_exec(
            *argv, env={**os.environ, "INROADS_HTTP_PORT": str(port)}
        )
        return await proc.wait()

    assert await run(ops_port) == 0
    assert await run(9) != 0  # nothing listens: unhealthy


@pytest.mark.slow
def test_installed_package_carries_migrations_and_data(tmp_path: Path) -> None:
    """What `pip install .` in the build stage copies: setuptools' build_py with the
    project's own package configuration (offline; a wheel build would fetch tools)."""
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import setuptools; setuptools.setup()",
            "-q",
            "build_py",
            "-d",
            str(tmp_path),
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    built = {str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file()}
    assert "storage/migrations/env.py" in built
    assert "storage/migrations/script.py.mako" in built
    assert any(n.startswith("storage/migrations/versions/0001_") for n in built)
    assert any(n.startswith("bot/data/") and n.endswith(".yaml") for n in built)
    assert "adapters/cli.py" in built
    assert "adapters/ops/health.py" in built
