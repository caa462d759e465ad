"""`inroads doctor` against local fakes of Slack's and Discord's APIs."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from adapters.ops.doctor import doctor, run_checks
from adapters.settings import Settings, load_settings
from storage.engine import create_engine
from storage.migrate import downgrade, upgrade
from tests.fakeplatforms import answer, auth_test, discord_error, user_payload
from tests.loopback import serve_on_loopback

GOOD_SLACK = "xoxb-good-token-123456"
GOOD_DISCORD = "discord-good-token-abcdef"


class FakePlatforms:
    """Slack `auth.test` and Discord `/users/@me`, answering like the real ones."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    async def auth_test(self, request: web.Request) -> web.Response:
        self.calls.append(("auth.test", request.headers.get("Authorization", "")))
        if request.headers.get("Authorization") == f"Bearer {GOOD_SLACK}":
            body = {"ok": True, **auth_test("T1", "UBOT", "B1", team="Alumni")}
        else:
            body = {"ok": False, "error": "invalid_auth"}
        return web.json_response(body)

    async def users_me(self, request: web.Request) -> web.Response:
        self.calls.append(("users/@me", request.headers.get("Authorization", "")))
        if request.headers.get("Authorization") == f"Bot {GOOD_DISCORD}":
            return answer(user_payload("42", "inroads", bot=True))
        return discord_error(401, 0, "401: Unauthorized")


@pytest.fixture
async def fakes() -> AsyncIterator[tuple[FakePlatforms, str]]:
    platforms = FakePlatforms()
    app = web.Application()
    app.router.add_post("/api/auth.test", platforms.auth_test)
    app.router.add_get("/api/v10/users/@me", platforms.users_me)
    runner, port = await serve_on_loopback(app)
    try:
        yield platforms, f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def migrated_sqlite(path: Path) -> str:
    url = f"sqlite+aiosqlite:///{path}"
    engine = create_engine(url)
    await upgrade(engine)
    await engine.dispose()
    return url


def settings_for(url: str, base: str, *, slack: str, discord: str) -> Settings:
    return load_settings(
        database_url=url,
        slack_bot_token=slack,
        slack_signing_secret="signing-secret-abcdef",
        slack_api_url=f"{base}/api/",
        discord_token=discord,
        discord_api_base=f"{base}/api/v10",
    )


async def test_all_good_exits_0(
    tmp_path: Path, fakes: tuple[FakePlatforms, str], capsys: pytest.CaptureFixture[str]
) -> None:
    platforms, base = fakes
    url = await migrated_sqlite(tmp_path / "ok.sqlite3")
    code = await doctor(settings_for(url, base, slack=GOOD_SLACK, discord=GOOD_DISCORD))
    out = capsys.readouterr().out
    assert code == 0, out
    assert "[  ok] database:" in out
    assert "[  ok] migrations: at head" in out
    assert "[  ok] slack: auth.test: bot UBOT in Alumni" in out
    assert "[  ok] discord: /users/@me: inroads (42)" in out
    # SQLite with platforms is allowed but flagged.
    assert "[warn] settings:" in out
    assert "All checks passed." in out
    assert platforms.calls == [
        ("auth.test", f"Bearer {GOOD_SLACK}"),
        ("users/@me", f"Bot {GOOD_DISCORD}"),
    ]
    # Tokens never appear in what doctor prints.
    assert GOOD_SLACK not in out
    assert GOOD_DISCORD not in out


async def test_bad_tokens_and_unmigrated_database_say_what_to_fix(
    tmp_path: Path, fakes: tuple[FakePlatforms, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _platforms, base = fakes
    url = f"sqlite+aiosqlite:///{tmp_path}/empty.sqlite3"
    settings = settings_for(url, base, slack="xoxp-user-token-99", discord="wrong")
    code = await doctor(settings)
    out = capsys.readouterr().out
    assert code == 1
    assert "[FAIL] migrations: the database has no tables yet" in out
    assert "fix: run `inroads migrate`" in out
    assert "[warn] slack: SLACK_BOT_TOKEN does not start with xoxb-" in out
    assert "[FAIL] slack: auth.test answered invalid_auth" in out
    assert "reinstall the app" in out
    assert "[FAIL] discord: the token was rejected (401)" in out
    assert "DISCORD_TOKEN" in out
    assert "3 check(s) failed" in out


async def test_behind_migrations_are_reported(tmp_path: Path) -> None:
    url = await migrated_sqlite(tmp_path / "old.sqlite3")
    engine = create_engine(url)
    await downgrade(engine, "base")
    await engine.dispose()
    findings = await run_checks(load_settings(database_url=url))
    by_check = {f.check: f for f in findings}
    assert by_check["migrations"].status == "FAIL"
    assert by_check["settings"].status == "warn"  # console only


async def test_unreachable_platforms_and_database(tmp_path: Path) -> None:
    settings = load_settings(
        database_url="postgresql+asyncpg://postgres@127.0.0.1:9/none",
        slack_bot_token=GOOD_SLACK,
        slack_app_token="not-an-app-token",
        slack_api_url="http://127.0.0.1:9/api/",
        discord_token=GOOD_DISCORD,
        discord_api_base="http://127.0.0.1:9/api/v10",
    )
    findings = {f.check: f for f in await run_checks(settings)}
    assert findings["database"].status == "FAIL"
    assert "127.0.0.1:9/none is not reachable" in findings["database"].detail
    assert "INROADS_DATABASE_URL" in findings["database"].fix
    assert "migrations" not in findings
    assert findings["slack socket mode"].status == "FAIL"
    assert findings["slack"].status == "FAIL"
    assert "cannot reach http://127.0.0.1:9/api/" in findings["slack"].detail
    assert findings["discord"].status == "FAIL"
    assert "SLACK_API_URL" in findings["slack"].fix


@pytest.mark.slow
def test_doctor_command_line(tmp_path: Path) -> None:
    """The real command: exit 1 and a fix line on an empty database, 0 after migrate."""
    env = {**os.environ, "INROADS_DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/cli.sqlite3"}
    for key in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "DISCORD_TOKEN", "SLACK_CLIENT_ID"):
        env.pop(key, None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "adapters.cli", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )

    before = run("doctor")
    assert before.returncode == 1, before.stdout + before.stderr
    assert "fix: run `inroads migrate`" in before.stdout
    assert run("migrate").returncode == 0
    after = run("doctor")
    assert after.returncode == 0, after.stdout + after.stderr
    assert "All checks passed." in after.stdout
