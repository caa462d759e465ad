"""The `inroads` command line: run, console, migrate."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from collections.abc import Sequence

from adapters.ops.startup import DatabaseUnavailable
from adapters.settings import Settings, SettingsError, load_settings

log = logging.getLogger("inroads")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inroads", description="Inroads: informational interviews, made a habit."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("run", help="migrate, then start every adapter configured (console if none)")
    console = sub.add_parser("console", help="talk to the bot in this terminal")
    console.add_argument("--user", help="who you are in the console (default: your login)")
    sub.add_parser("migrate", help="apply database migrations and exit")
    sync = sub.add_parser(
        "discord-sync",
        help="upload the Discord slash commands (to DISCORD_TEST_GUILD_ID, else globally)",
    )
    where = sync.add_mutually_exclusive_group()
    where.add_argument("--guild", type=int, help="sync to this guild only (instant; for testing)")
    where.add_argument(
        "--global",
        dest="everywhere",
        action="store_true",
        help="sync globally even if DISCORD_TEST_GUILD_ID is set",
    )
    sub.add_parser("doctor", help="check settings, database and platform tokens; say what to fix")
    return parser


def _configure_logging(settings: Settings) -> None:
    from adapters.ops.logs import configure_logging, settings_secrets

    configure_logging(settings.log_level, settings.log_format, secrets=settings_secrets(settings))


async def _migrate(settings: Settings) -> None:
    from adapters.ops.startup import wait_for_database
    from storage.engine import create_engine
    from storage.migrate import upgrade

    engine = create_engine(settings.database_url)
    try:
        await wait_for_database(
            engine,
            attempts=settings.db_connect_attempts,
            max_delay=settings.db_retry_max_seconds,
        )
        await upgrade(engine)
    finally:
        await engine.dispose()
    print("Database is up to date.")


async def _serve(settings: Settings, *, console_user: str | None, force_console: bool) -> None:
    """Compose the app and run every component its settings call for."""
    from adapters.console.component import ConsoleComponent
    from adapters.http.server import HttpComponent
    from adapters.ops.health import ops_routes
    from adapters.runtime import Component, build_app, serve

    app = await build_app(settings)
    stop = asyncio.Event()
    components: list[Component] = []
    # Built first so adapters can add their routes; started LAST (so stopped first).
    http = HttpComponent(app)
    http.add_routes(ops_routes(app))
    if settings.slack_enabled and not force_console:
        from adapters.slack.component import SlackComponent

        components.append(SlackComponent(app, http))  # adds /slack/* routes to `http`
    if force_console or settings.console_only:
        if not force_console:
            log.info("No Slack or Discord token set: starting the console.")
        components.append(ConsoleComponent(app, stop, console_user))
    if settings.discord_enabled and not force_console:
        from adapters.discord.component import DiscordComponent

        components.append(DiscordComponent(app))
    if app.scheduler is not None:
        # After the adapters (their notifiers are registered), before HTTP (stops first).
        app.health.add_check("scheduler", app.scheduler.health_reason)
        components.append(app.scheduler)
    # Health and metrics always run with a platform; a console-only run binds a port only
    # when INROADS_HTTP_PORT is set explicitly (a laptop user shouldn't find port 3000 taken).
    if not (force_console or settings.console_only) or "http_port" in settings.model_fields_set:
        components.append(http)
    await serve(app, components, stop)


async def _discord_sync(settings: Settings, guild: int | None, everywhere: bool) -> None:
    """Upload the command tree; a test guild sees changes at once, global takes a while."""
    from adapters.discord.component import discord_sync, summary
    from adapters.runtime import build_app

    guild_id = None if everywhere else (guild or settings.discord_test_guild_id)
    app = await build_app(settings, migrate=False)
    try:
        names = await discord_sync(settings, app.dispatcher, app.services, guild_id=guild_id)
    finally:
        await app.close()
    print(summary(names, guild_id))


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"inroads: {exc}", file=sys.stderr)
        return 2
    _configure_logging(settings)
    try:
        if args.command == "migrate":
            asyncio.run(_migrate(settings))
        elif args.command == "doctor":
            from adapters.ops.doctor import doctor

            return asyncio.run(doctor(settings))
        elif args.command == "discord-sync":
            asyncio.run(_discord_sync(settings, args.guild, args.everywhere))
        elif args.command == "console":
            asyncio.run(_serve(settings, console_user=args.user, force_console=True))
        else:
            asyncio.run(_serve(settings, console_user=None, force_console=False))
    except SettingsError as exc:
        print(f"inroads: {exc}", file=sys.stderr)
        return 2
    except DatabaseUnavailable as exc:
        log.error("%s", exc)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
