"""`inroads doctor`: check the configuration and what it points at, and say what to fix.

Each check prints one line (ok / warn / FAIL) and, when something is wrong, a `fix:` line
a community admin can follow without reading code. The exit code is 1 when any check
failed, so the same command works as a deployment smoke test. Nothing is written: the
migration check compares revisions, it does not migrate.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any, Literal

import aiohttp
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

from adapters.ops.startup import ATTEMPT_TIMEOUT, describe, ping, reason_of
from adapters.settings import Settings
from storage.engine import create_engine
from storage.migrate import alembic_config

DISCORD_DEFAULT_BASE = "https://discord.com/api/v10"
HTTP_TIMEOUT = 10.0

Status = Literal["ok", "warn", "FAIL"]


@dataclass(frozen=True)
class Finding:
    check: str
    status: Status
    detail: str
    fix: str = ""

    def render(self) -> str:
        line = f"[{self.status:>4}] {self.check}: {self.detail}"
        return f"{line}\n       fix: {self.fix}" if self.fix else line


async def run_checks(settings: Settings) -> list[Finding]:
    findings = [check_settings(settings)]
    findings += await check_database(settings)
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=HTTP_TIMEOUT)) as http:
        if settings.slack_enabled:
            findings += await check_slack(settings, http)
        if settings.discord_enabled:
            findings.append(await check_discord(settings, http))
    return findings


def check_settings(settings: Settings) -> Finding:
    platforms = [
        name
        for name, on in (("Slack", settings.slack_enabled), ("Discord", settings.discord_enabled))
        if on
    ]
    if not platforms:
        return Finding(
            "settings",
            "warn",
            "no Slack or Discord token set: `inroads run` will start the console only",
            "set SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET and/or DISCORD_TOKEN (see .env.example)",
        )
    if settings.database_url.startswith("sqlite"):
        return Finding(
            "settings",
            "warn",
            f"{' and '.join(platforms)} on SQLite: fine for one process, not for replicas",
            "use PostgreSQL (INROADS_DATABASE_URL=postgresql://...) before running several "
            "replicas",
        )
    return Finding("settings", "ok", f"valid; platforms: {', '.join(platforms)}")


def _revisions(connection: Connection) -> tuple[set[str], set[str]]:
    current = set(MigrationContext.configure(connection).get_current_heads())
    heads = set(ScriptDirectory.from_config(alembic_config()).get_heads())
    return current, heads


async def check_database(settings: Settings) -> list[Finding]:
    engine = create_engine(settings.database_url)
    where = describe(engine)
    try:
        try:
            await asyncio.wait_for(ping(engine), ATTEMPT_TIMEOUT)
        except Exception as exc:
            return [
                Finding(
                    "database",
                    "FAIL",
                    f"{where} is not reachable ({reason_of(exc)})",
                    "check INROADS_DATABASE_URL (host, port, user, database name) and that "
                    "the server is running and accepts connections from this machine",
                )
            ]
        found = [Finding("database", "ok", f"{where} answers")]
        async with engine.connect() as connection:
            current, heads = await connection.run_sync(_revisions)
        found.append(_migration_finding(current, heads))
        return found
    finally:
        await engine.dispose()


def _migration_finding(current: set[str], heads: set[str]) -> Finding:
    if current == heads:
        return Finding("migrations", "ok", f"at head ({', '.join(sorted(heads))})")
    if not current:
        return Finding(
            "migrations",
            "FAIL",
            "the database has no tables yet",
            "run `inroads migrate` (or just `inroads run`, which migrates at start)",
        )
    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    if not current <= known:
        return Finding(
            "migrations",
            "FAIL",
            f"the database is at {', '.join(sorted(current))}, which this version of Inroads "
            "does not know (it was migrated by a newer release)",
            "upgrade Inroads to the release that migrated it; never downgrade the schema by hand",
        )
    return Finding(
        "migrations",
        "FAIL",
        f"behind: at {', '.join(sorted(current))}, head is {', '.join(sorted(heads))}",
        "run `inroads migrate` (or restart with `inroads run`, which migrates at start)",
    )


async def _slack_call(
    http: aiohttp.ClientSession, settings: Settings, method: str, token: str
) -> dict[str, Any]:
    async with http.post(
        settings.slack_api_url + method, headers={"Authorization": f"Bearer {token}"}
    ) as response:
        if response.status == 429:
            return {"ok": False, "error": "ratelimited"}
        data: dict[str, Any] = await response.json(content_type=None)
        return data


async def check_slack(settings: Settings, http: aiohttp.ClientSession) -> list[Finding]:
    found: list[Finding] = []
    if settings.slack_client_id and not settings.slack_bot_token:
        found.append(
            Finding(
                "slack",
                "ok",
                "multi-workspace OAuth: tokens come from each workspace's install; "
                "nothing to check until one installs",
            )
        )
    app_token = settings.slack_app_token
    if app_token and not app_token.get_secret_value().startswith("xapp-"):
        found.append(
            Finding(
                "slack socket mode",
                "FAIL",
                "SLACK_APP_TOKEN does not look like an app-level token",
                "create an app-level token with the connections:write scope (Basic "
                "Information page); it starts with xapp-",
            )
        )
    if not settings.slack_bot_token:
        return found
    token = settings.slack_bot_token.get_secret_value()
    if not token.startswith("xoxb-"):
        found.append(
            Finding(
                "slack",
                "warn",
                "SLACK_BOT_TOKEN does not start with xoxb- (is it a user token?)",
                "use the Bot User OAuth Token from the app's OAuth & Permissions page",
            )
        )
    try:
        data = await _slack_call(http, settings, "auth.test", token)
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        found.append(
            Finding(
                "slack",
                "FAIL",
                f"cannot reach {settings.slack_api_url} ({exc.__class__.__name__})",
                "check the network/proxy from this machine, and SLACK_API_URL if you set it",
            )
        )
        return found
    if data.get("ok"):
        team = data.get("team") or data.get("team_id", "?")
        found.append(Finding("slack", "ok", f"auth.test: bot {data.get('user_id', '?')} in {team}"))
    else:
        error = str(data.get("error", "unknown_error"))
        fix = {
            "invalid_auth": "the token is wrong or was revoked: reinstall the app and copy "
            "the new Bot User OAuth Token into SLACK_BOT_TOKEN",
            "not_authed": "SLACK_BOT_TOKEN is empty",
            "account_inactive": "the app was uninstalled or the workspace deactivated it: "
            "reinstall the app",
            "token_revoked": "reinstall the app and copy the new token into SLACK_BOT_TOKEN",
            "ratelimited": "Slack is rate-limiting this token; try again in a minute",
        }.get(error, "see Slack's documentation for auth.test errors")
        found.append(Finding("slack", "FAIL", f"auth.test answered {error}", fix))
    return found


async def check_discord(settings: Settings, http: aiohttp.ClientSession) -> Finding:
    assert settings.discord_token is not None
    base = (settings.discord_api_base or DISCORD_DEFAULT_BASE).rstrip("/")
    headers = {"Authorization": f"Bot {settings.discord_token.get_secret_value()}"}
    try:
        async with http.get(f"{base}/users/@me", headers=headers) as response:
            status = response.status
            data: dict[str, Any] = await response.json(content_type=None) if status == 200 else {}
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        return Finding(
            "discord",
            "FAIL",
            f"cannot reach {base} ({exc.__class__.__name__})",
            "check the network/proxy from this machine, and DISCORD_API_BASE if you set it",
        )
    if status == 200:
        return Finding(
            "discord", "ok", f"/users/@me: {data.get('username', '?')} ({data.get('id')})"
        )
    if status == 401:
        return Finding(
            "discord",
            "FAIL",
            "the token was rejected (401)",
            "reset the token on the Bot page of the Discord Developer Portal and put it in "
            "DISCORD_TOKEN",
        )
    if status == 429:
        return Finding("discord", "FAIL", "rate limited (429)", "try again in a minute")
    return Finding(
        "discord", "FAIL", f"/users/@me answered HTTP {status}", "check DISCORD_API_BASE"
    )


async def doctor(settings: Settings) -> int:
    """Print every finding; 0 when nothing failed, else 1."""
    findings = await run_checks(settings)
    for finding in findings:
        print(finding.render())
    failed = [f for f in findings if f.status == "FAIL"]
    print("All checks passed." if not failed else f"{len(failed)} check(s) failed; see fix: above.")
    return 1 if failed else 0
