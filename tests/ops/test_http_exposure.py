"""Who can reach the HTTP server: loopback unless told otherwise, metrics behind an
optional bearer token, and a database URL typo stopped with one line, not a traceback."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from adapters.cli import main
from adapters.http.server import HttpComponent
from adapters.ops.health import ops_routes
from adapters.runtime import App, build_app
from adapters.settings import SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "metrics-scrape-token-0123456789"


@pytest.fixture(autouse=True)
def _no_host_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("INROADS_HTTP_HOST", "INROADS_METRICS_TOKEN", "INROADS_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)


async def _app(tmp_path: Path, **settings: object) -> App:
    return await build_app(
        load_settings(database_url=f"sqlite+aiosqlite:///{tmp_path}/ops.sqlite3", **settings)
    )


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[tuple[HttpComponent, str]]:
    app = await _app(tmp_path, metrics_token=TOKEN)
    http = HttpComponent(app.settings, port=0)  # host from the settings
    http.add_routes(ops_routes(app.parts))
    await http.start()
    try:
        yield http, f"http://127.0.0.1:{http.bound_port}"
    finally:
        await http.stop()
        await app.close()


async def test_the_server_listens_on_loopback_by_default(
    served: tuple[HttpComponent, str],
) -> None:
    http, _ = served
    assert http.host == "127.0.0.1"
    assert http._runner is not None
    addresses = {site.name for site in http._runner.sites}
    assert addresses == {f"http://127.0.0.1:{http.bound_port}"}


def test_container_files_open_every_interface_explicitly() -> None:
    """Inside a container the default would be unreachable from outside it."""
    assert re.search(r"INROADS_HTTP_HOST=0\.0\.0\.0", (ROOT / "deploy/Dockerfile").read_text())
    compose = (ROOT / "deploy/docker-compose.yml").read_text()
    assert re.search(r"INROADS_HTTP_HOST: 0\.0\.0\.0", compose)
    chart = (ROOT / "deploy/helm/inroads/templates/configmap.yaml").read_text()
    assert 'INROADS_HTTP_HOST: "0.0.0.0"' in chart


async def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url, headers=headers) as reply:
        return reply.status, await reply.text()


async def test_metrics_need_the_token_when_one_is_set(served: tuple[HttpComponent, str]) -> None:
    _, base = served
    for headers in (None, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        status, body = await _get(base + "/metrics", headers)
        assert status == 401
        assert "inroads_" not in body
        assert "INROADS_METRICS_TOKEN" in body
    status, body = await _get(base + "/metrics", {"Authorization": f"Bearer {TOKEN}"})
    assert status == 200
    assert "inroads_commands_total" in body
    assert (await _get(base + "/healthz"))[0] == 200  # probes need no token


async def test_metrics_are_open_without_a_token(tmp_path: Path) -> None:
    app = await _app(tmp_path)
    http = HttpComponent(app.settings, port=0)
    http.add_routes(ops_routes(app.parts))
    await http.start()
    try:
        status, body = await _get(f"http://127.0.0.1:{http.bound_port}/metrics")
    finally:
        await http.stop()
        await app.close()
    assert status == 200
    assert "inroads_commands_total" in body


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("postgresql+asyncpg://inroads@db:five/inroads", "port must be a number"),
        ("postgresql://inroads@db:99999/inroads", "between 1 and 65535"),
    ],
)
def test_a_bad_database_port_is_one_settings_line(
    url: str, says: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SettingsError, match=says):
        load_settings(database_url=url)
    monkeypatch.setenv("INROADS_DATABASE_URL", url)
    assert main(["doctor"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("inroads: Setting INROADS_DATABASE_URL is invalid")
    assert says in err
    assert err.count("\n") == 1
    assert "Traceback" not in err
