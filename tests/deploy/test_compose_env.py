"""docker-compose.yml and .env.example, parsed and checked against the real settings."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from adapters.settings import _ENV_NAMES, load_settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "deploy" / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"

#: Variables in .env.example that only docker compose reads (it interpolates them).
COMPOSE_ONLY = {
    "POSTGRES_USER",
    "POSTGRES_PASSWORD",
    "POSTGRES_DB",
    "INROADS_PUBLISH_PORT",
    "INROADS_IMAGE",
}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(COMPOSE.read_text())
    return data


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default} and ${VAR:?error} (enough for this file)."""

    def one(match: re.Match[str]) -> str:
        name, op, arg = match.group(1), match.group(2), match.group(3)
        if env.get(name):
            return env[name]
        if op == ":-":
            return arg or ""
        if op == ":?":
            raise ValueError(arg)
        return ""

    return re.sub(r"\$\{([A-Z_]+)(?:(:-|:\?)([^}]*))?\}", one, value)


def test_services_volume_and_healthchecks(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"bot", "postgres"}
    postgres = services["postgres"]
    assert postgres["image"].startswith("postgres:")
    mount = postgres["volumes"][0]
    volume, _, target = mount.partition(":")
    assert target == "/var/lib/postgresql/data"
    assert volume in compose["volumes"]
    assert "pg_isready" in " ".join(postgres["healthcheck"]["test"])
    assert "ports" not in postgres  # the database is not published
    bot = services["bot"]
    assert "/healthz" in " ".join(bot["healthcheck"]["test"])


def test_bot_waits_for_a_healthy_database(compose: dict[str, Any]) -> None:
    bot = compose["services"]["bot"]
    assert bot["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert bot["env_file"] == ["../.env"]
    build = bot["build"]
    assert (COMPOSE.parent / build["context"] / build["dockerfile"]).is_file()
    grace = bot["stop_grace_period"]
    assert int(grace.removesuffix("s")) > 10  # Inroads' own shutdown budget is 10 s


def test_bot_database_url_is_valid_once_interpolated(compose: dict[str, Any]) -> None:
    env = {"POSTGRES_PASSWORD": "s3cret-pw"}
    url = interpolate(compose["services"]["bot"]["environment"]["INROADS_DATABASE_URL"], env)
    assert url == "postgresql+asyncpg://inroads:s3cret-pw@postgres:5432/inroads"
    assert load_settings(database_url=url).database_url == url


def test_missing_postgres_password_is_a_clear_error(compose: dict[str, Any]) -> None:
    value = compose["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"]
    with pytest.raises(ValueError, match=r"set POSTGRES_PASSWORD in \.env"):
        interpolate(value, {})


def example_variables() -> dict[str, list[str]]:
    """Each variable in .env.example with the comment lines directly above it."""
    found: dict[str, list[str]] = {}
    comments: list[str] = []
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.startswith("#"):
            comments.append(line)
        elif "=" in line:
            name = line.split("=", 1)[0]
            assert name not in found, f"{name} appears twice"
            found[name] = list(comments)
        else:
            comments = []
    return found


def test_env_example_lists_every_setting_with_a_comment() -> None:
    variables = example_variables()
    settings_vars = set(_ENV_NAMES.values())
    missing = settings_vars - set(variables)
    assert not missing, f".env.example lacks {sorted(missing)}"
    unknown = set(variables) - settings_vars - COMPOSE_ONLY
    assert not unknown, f".env.example has variables nothing reads: {sorted(unknown)}"
    for name, comments in variables.items():
        assert comments, f"{name} has no comment above its block"


def test_compose_only_variables_are_used_by_compose() -> None:
    text = COMPOSE.read_text()
    for name in COMPOSE_ONLY:
        assert "${" + name in text, name


def test_env_example_copied_as_is_loads_with_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`cp .env.example .env` must start the console, not fail on empty values."""
    (tmp_path / ".env").write_text(ENV_EXAMPLE.read_text())
    monkeypatch.chdir(tmp_path)
    for name in _ENV_NAMES.values():
        monkeypatch.delenv(name, raising=False)
    settings = load_settings()
    assert settings.console_only
    assert settings.discord_token is None
    assert settings.http_port == 3000
    assert os.path.exists(".env")
